// One organization scan from a chosen set of accounts to the written reports: in-process
// (accounts in parallel under one request budget) or through the BullMQ queue, then the
// organization report, the terminal summary and the exit code.

import pLimit from 'p-limit';
import { EXIT, type Format } from '../cli/args.js';
import type { Io } from '../cli/run.js';
import { SEVERITIES, type Severity } from '../model/findings.js';
import type { AccountResult, OrgReport, OrgScanPlan } from '../model/org-report.js';
import { OrgProgress } from '../util/progress.js';
import { dbSpec, recordIn } from '../cli/history.js';
import { DEFAULT_SLA, type SlaPolicy } from '../model/sla.js';
import { ScanStore } from '../store/scan-store.js';
import { writeAccountOutputs, writeOrgOutputs } from './outputs.js';
import { followAccounts, redactUrl } from './queue.js';
import { OrgReportBuilder } from './report.js';
import { scanAccount, type AccountScanSettings } from './scan-account.js';

export interface OrgOutputOptions {
  out: string;
  format: Format[];
  failOn?: Severity;
  quiet?: boolean;
  top?: number;
  /** --db: record every account's report in the scan store (see src/cli/history.ts). */
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
  const builder = new OrgReportBuilder({
    scanId: plan.scanId,
    organization: plan.organization,
    runner: runner.mode === 'queue' ? { mode: 'queue', queue: redactUrl(runner.url) } : { mode: 'in-process' },
  });
  for (const s of plan.skipped) builder.skipped(s.target, s.reason);
  const progress = new OrgProgress(o.quiet ? 'off' : io.isTTY ? 'tty' : 'plain', io.stream);
  progress.start(plan.targets.length);
  const failedWrites: string[] = [];
  let store: ScanStore | undefined;
  let storeProblem: string | undefined;
  if (o.db !== undefined) {
    try {
      store = await ScanStore.open(dbSpec(o.db));
    } catch (err) {
      storeProblem = (err as Error).message;
    }
  }
  const record = async (result: AccountResult) => {
    if (!store || !result.report) return;
    try {
      await recordIn(store, result.report, o.sla ?? DEFAULT_SLA, plan.scanId);
    } catch (err) {
      storeProblem ??= `account ${result.target.accountId}: ${(err as Error).message.split('\n')[0]}`;
    }
  };
  const consume = async (result: AccountResult) => {
    await record(result);
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
    if (result.status === 'not-assessed') io.err(`incloud: account ${result.target.accountId} not assessed: ${result.reason}`);
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
  } finally {
    progress.finish();
    await store?.close().catch(() => {});
  }
  const report = builder.build();
  const { written, failed } = writeOrgOutputs(report, o.out, o.format);
  failedWrites.push(...failed);
  for (const line of orgSummary(report, o.top ?? 5)) log(line);
  for (const w of written) log(`wrote ${w}`);
  if (failedWrites.length || storeProblem) {
    for (const f of failedWrites) io.err(`incloud: could not write ${f}`);
    if (storeProblem) io.err(`incloud: the scan was not recorded in the scan store: ${storeProblem}`);
    return EXIT.OUTPUT;
  }
  const a = report.summary.accounts;
  const incomplete = a['not-assessed'] + a.incomplete > 0;
  if (incomplete)
    io.err(
      `incloud: organization scan incomplete: ${a['not-assessed']} account(s) not assessed, ${a.incomplete} with gaps (see "accounts" in org-report.json)`,
    );
  if (o.failOn) {
    const limit = SEVERITIES.indexOf(o.failOn);
    const hits = report.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= limit).length;
    if (hits) {
      io.err(`incloud: fail-on ${o.failOn}: ${hits} finding(s) at or above it across the organization`);
      return EXIT.FINDINGS;
    }
  }
  return incomplete ? EXIT.INCOMPLETE : EXIT.OK;
}

export function orgSummary(report: OrgReport, top: number): string[] {
  const s = report.summary;
  const a = s.accounts;
  const lines = [
    `organization ${report.organization.id ?? '(accounts file)'}: ${a.total} accounts (${a.assessed} assessed, ${a.incomplete} incomplete, ${a['not-assessed']} not assessed, ${a.skipped} skipped); ${s.findings} findings (${SEVERITIES.map((k) => `${s.bySeverity[k]} ${k}`).join(', ')}), ${s.suppressed} suppressed`,
  ];
  const first = report.findings.slice(0, top);
  if (first.length) lines.push('fix first across the organization:');
  for (const f of first)
    lines.push(
      `  ${String(f.priority).padStart(3)}. ${f.severity.padEnd(8)} ${f.checkId}  ${f.resource.name}  (account ${f.accountName} ${f.accountId})`,
    );
  return lines;
}
