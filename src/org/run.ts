// One organization scan from a chosen set of accounts to the written reports: in-process
// (accounts in parallel under one request budget) or through the BullMQ queue, then the
// organization report, the terminal summary and the exit code.

import pLimit from 'p-limit';
import type { Format } from '../../reports/formats.js';
import { SEVERITIES, type Severity } from '../model/findings.js';
import type { AccountResult, AccountTarget, OrgReport, OrgScanPlan } from '../model/org-report.js';
import type { OrgTrendPoint } from '../model/scan-history.js';
import { orgTrendOf } from '../engine/org-trend.js';
import { DEFAULT_SLA, type SlaPolicy } from '../model/sla.js';
import { countAtOrAbove } from '../model/severity.js';
import { recordHistory } from '../pipeline/assess-account.js';
import { exitCode } from '../pipeline/exit-code.js';
import { openStore, storeHistory, TREND_SCANS } from '../store/history-recorder.js';
import type { ScanStore } from '../store/scan-store.js';
import type { Io } from '../util/io.js';
import { OrgProgress } from '../util/progress.js';
import { distinctProblems } from '../../reports/org-fix-first.js';
import { chatMessage, summaryOfOrg } from '../../reports/chat-message.js';
import { postSummaries, type ChatService } from '../tickets/chat.js';
import { join, resolve } from 'node:path';
import { rankReason } from '../model/rank-reason.js';
import { clip, oneLine } from '../util/terminal-text.js';
import { linkAccountReports } from './account-links.js';
import { withMembership, writeAccountOutputs, writeOrgOutputs } from './outputs.js';
import { HistoryTally } from './history-tally.js';
import { followAccounts } from './queue.js';
import { redactUrl } from './queue-url.js';
import { OrgReportBuilder } from './report.js';
import { scanAccount, type AccountScanSettings } from './scan-account.js';

export interface OrgOutputOptions {
  out: string;
  format: Format[];
  failOn?: Severity;
  quiet?: boolean;
  /** --notify: chat services to post the organization's summary to. */
  notify?: ChatService[];
  notifyMinSeverity?: Severity;
  top?: number;
  /** --db: record every account's report in the scan store (see src/store/history-recorder.ts). */
  db?: string | true;
  sla?: SlaPolicy;
}

/** In-process: scan here with these settings. Queue: follow the jobs already submitted (see submitScan). */
export type Runner =
  | { mode: 'in-process'; accountConcurrency: number; settings: Omit<AccountScanSettings, 'sharedLimit'> }
  | { mode: 'queue'; url: string; outageMs?: number; waitForPending?: boolean };

/** Scans (or, with a queue, follows) every account and writes the reports; returns the exit code. */
export async function runOrgScan(plan: OrgScanPlan, runner: Runner, o: OrgOutputOptions, io: Io): Promise<number> {
  const log = o.quiet ? () => {} : io.err;
  const started = performance.now();
  const builder = new OrgReportBuilder({
    scanId: plan.scanId,
    organization: plan.organization,
    runner: runner.mode === 'queue' ? { mode: 'queue', queue: redactUrl(runner.url) } : { mode: 'in-process' },
  });
  for (const s of plan.skipped) builder.skipped(s.target, s.reason);
  const progress = new OrgProgress(o.quiet ? 'off' : io.isTTY ? 'tty' : 'plain', io.stream);
  progress.start(plan.targets.length);
  const failedWrites: string[] = [];
  let trend: OrgTrendPoint[] | undefined;
  let store: ScanStore | undefined;
  let storeId: string | undefined;
  let storeProblem: string | undefined;
  if (o.db !== undefined) {
    try {
      store = await openStore(o.db, io.err);
      storeId = await store.identity();
    } catch (err) {
      storeProblem = (err as Error).message;
    }
  }
  const history = new HistoryTally();
  /** The history step of the account pipeline, here where every account's result arrives, unless a worker did it. */
  const record = async (result: AccountResult): Promise<AccountResult> => {
    if (!store || !result.report) return result;
    if (storeId && result.recordedIn === storeId) {
      history.add('worker', result.historyMs);
      return result;
    }
    const recordStarted = performance.now();
    const { report, problem } = await recordHistory(result.report, storeHistory(store, plan.scanId), o.sla ?? DEFAULT_SLA);
    history.add('coordinator', performance.now() - recordStarted);
    if (problem) storeProblem ??= `account ${result.target.accountId}: ${problem}`;
    return { ...result, report };
  };
  const consume = async (arrived: AccountResult) => {
    const result = await record(withMembership(arrived, o.format));
    let href: string | undefined;
    try {
      const written = writeAccountOutputs(result, o.out, o.format);
      href = written.href;
      failedWrites.push(...written.failed);
    } catch (err) {
      failedWrites.push(`account ${result.target.accountId}: ${(err as Error).message}`);
    }
    builder.add(result, href);
    progress.accountDone(
      result.target.accountId,
      result.status !== 'not-assessed',
      result.report?.summary.findings ?? 0,
      result.report?.summary.errors ?? 0,
    );
    if (result.status === 'not-assessed')
      io.err(`incloud: account ${result.target.accountId} not assessed: ${oneLine(result.reason ?? '')}`);
  };
  try {
    if (runner.mode === 'in-process') {
      const sharedLimit = pLimit(runner.settings.concurrency);
      const accounts = pLimit(runner.accountConcurrency);
      await Promise.all(
        plan.targets.map((t) =>
          accounts(async () => {
            progress.accountStarted(t.accountId);
            const { retryable: _retryable, ...result } = await scanAccount(t, { ...runner.settings, sharedLimit });
            await consume(result);
          }),
        ),
      );
    } else {
      await followAccounts(runner.url, plan.scanId, plan.targets, consume, {
        outageMs: runner.outageMs,
        waitForPending: runner.waitForPending,
      });
    }
    trend = await organizationTrend(store, plan.targets).catch((err: Error) => {
      storeProblem ??= `organization trend: ${err.message}`;
      return undefined;
    });
  } finally {
    progress.finish();
    await store?.close().catch(() => {});
  }
  const report = { ...builder.build(), ...(trend?.length ? { trend } : {}) };
  failedWrites.push(...linkAccountReports(report, o.out, o.format).failed);
  let written: string[] = [];
  try {
    const outputs = writeOrgOutputs(report, o.out, o.format, plan.facts, () => builder.allFindings());
    written = outputs.written;
    failedWrites.push(...outputs.failed);
  } finally {
    builder.discard();
  }
  for (const line of orgSummary(report, o.top ?? 5, performance.now() - started)) log(line);
  if (store) log(history.line());
  for (const w of written) log(`wrote ${w}`);
  let failedNotices: string[] = [];
  if (o.notify?.length) {
    const location = join(resolve(o.out), o.format.includes('html') ? 'org-report.html' : 'org-report.json');
    const summary = summaryOfOrg(report, o.notifyMinSeverity ?? 'high', location);
    failedNotices = await postSummaries(o.notify, (service) => chatMessage(service, summary), log);
  }
  const a = report.summary.accounts;
  const hits = o.failOn ? countAtOrAbove(report.summary.bySeverity, o.failOn) : 0;
  const { code, messages } = exitCode({
    failedWrites,
    failedNotices,
    storeProblem,
    incomplete:
      a['not-assessed'] + a.incomplete > 0
        ? `organization scan incomplete: ${a['not-assessed']} account(s) not assessed, ${a.incomplete} with gaps (see "accounts" in org-report.json)`
        : undefined,
    gate: hits ? `fail-on ${o.failOn}: ${hits} finding(s) at or above it across the organization` : undefined,
  });
  for (const m of messages) io.err(`incloud: ${m}`);
  return code;
}

/** The organization's last scans from the store (this one included), summed per organization scan. */
async function organizationTrend(store: ScanStore | undefined, targets: AccountTarget[]): Promise<OrgTrendPoint[] | undefined> {
  if (!store) return undefined;
  return orgTrendOf(
    await store.orgScans(
      targets.map((t) => t.accountId),
      TREND_SCANS,
    ),
  );
}

export function orgSummary(report: OrgReport, top: number, elapsedMs?: number): string[] {
  const s = report.summary;
  const a = s.accounts;
  const lines = [
    `organization ${report.organization.id ?? '(accounts file)'}: ${a.total} accounts (${a.assessed} assessed, ${a.incomplete} incomplete, ${a['not-assessed']} not assessed, ${a.skipped} skipped); ${s.findings} findings (${SEVERITIES.map((k) => `${s.bySeverity[k]} ${k}`).join(', ')}), ${s.suppressed} suppressed`,
  ];
  const problems = distinctProblems(report, top);
  if (problems.length) lines.push(`Fix first across the organization (${problems.length} distinct problem(s) of ${s.findings} findings):`);
  for (const { lead: f, more, accounts } of problems) {
    const title = report.checks[f.checkId]?.title ?? f.checkId;
    lines.push(
      `  ${String(f.priority).padStart(3)}. ${f.severity.toUpperCase().padEnd(8)} ${clip(title, 70)} — ${clip(f.resource.name, 60)} (account ${oneLine(f.accountName)} ${f.accountId})${more ? `; ${more} more in ${accounts} account(s)` : ''}`,
      `       why here: ${clip(rankReason(f), 140)}`,
    );
  }
  if (elapsedMs !== undefined) lines.push(`Elapsed: ${(elapsedMs / 1000).toFixed(1)} s`);
  return lines;
}
