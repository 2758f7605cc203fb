// One single-account run after its options are parsed: inputs checked before any AWS call,
// then the account pipeline (evaluation, suppressions, history), baseline diff, outputs and
// the exit code; and what an interrupt does meanwhile.

import { CHECKS } from '../../checks/index.js';
import { writeOutputs, type Format } from '../../reports/formats.js';
import { renderTerminalSummary } from '../../reports/terminal.js';
import { loadConfig, loadSlaPolicy } from '../engine/config.js';
import { diffReports } from '../engine/diff.js';
import { loadSuppressions, type Suppression } from '../engine/suppress.js';
import { SEVERITIES, type Report, type Severity } from '../model/findings.js';
import type { SlaPolicy } from '../model/sla.js';
import type { Snapshot } from '../model/snapshot.js';
import { assessAccount, type AccountAssessment } from '../pipeline/assess-account.js';
import { FrameworkSelectionError, selectFrameworks } from '../pipeline/frameworks.js';
import { atOrAbove, exitCode } from '../pipeline/exit-code.js';
import { isServerUrl } from '../store/database.js';
import { dbSpec, openStore, storeHistory } from '../store/history-recorder.js';
import { checkServerStore, storeSpecProblem } from '../store/store-spec.js';
import type { ScanStore } from '../store/scan-store.js';
import type { Io } from '../util/io.js';
import { ensureOutputDir, OutputDirError, type OutputFile } from '../util/output-set.js';
import { InputError } from './args.js';
import { join, resolve } from 'node:path';
import { chatMessage, summaryOfReport } from '../../reports/chat-message.js';
import { chatSettingsProblem, postSummaries, type ChatService } from '../tickets/chat.js';
import { readReport } from './inputs.js';
import { printTimings } from './timings.js';

export type { Io };

export interface OutputOptions {
  out: string;
  format: Format[];
  config?: string;
  failOn?: Severity;
  suppressions?: string;
  baseline?: string;
  checks?: string;
  frameworks?: string;
  quiet?: boolean;
  timings?: boolean;
  top?: number;
  /** --db: true for the default embedded store, or a folder / postgres:// URL. */
  db?: string | true;
  notify?: ChatService[];
  notifyMinSeverity?: Severity;
}

export interface Prepared {
  config: ReturnType<typeof loadConfig>;
  sla: SlaPolicy;
  suppressions: Suppression[];
  only?: string[];
  baseline?: Report;
  /** --frameworks, checked. */
  frameworks?: string;
}

/** A baseline of another account makes the whole run pointless: refuse before scanning. */
export function checkBaselineAccount(prepared: Prepared, accountId: string): void {
  const b = prepared.baseline;
  if (b && b.scan.accountId !== accountId) {
    throw new InputError(
      `--baseline is a report of account ${b.scan.accountId}, but this scan is account ${accountId}; nothing was scanned or written`,
    );
  }
}

/** Reads and validates every input file before any AWS call, so a typo never costs a finished scan. */
export function prepare(opts: OutputOptions): Prepared {
  const config = loadConfig(opts.config);
  const sla = loadSlaPolicy(opts.config);
  const suppressions = opts.suppressions ? loadSuppressions(opts.suppressions) : [];
  const unknownChecks = [
    ...new Set(suppressions.map((x) => x.checkId).filter((id): id is string => Boolean(id) && !CHECKS.some((c) => c.id === id))),
  ];
  if (unknownChecks.length)
    throw new InputError(`${opts.suppressions}: unknown check id(s) ${unknownChecks.join(', ')} (see "incloud checks")`);
  const only = opts.checks
    ?.split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  if (only) {
    const unknown = only.filter((id) => !CHECKS.some((c) => c.id === id));
    if (unknown.length) throw new InputError(`unknown check id(s): ${unknown.join(', ')} (see "incloud checks")`);
  }
  try {
    selectFrameworks(opts.frameworks);
  } catch (err) {
    if (err instanceof FrameworkSelectionError) throw new InputError(err.message);
    throw err;
  }
  const baseline = opts.baseline ? readReport(opts.baseline) : undefined;
  const storeProblem = opts.db === undefined ? undefined : storeSpecProblem(dbSpec(opts.db));
  if (storeProblem) throw new InputError(storeProblem);
  const chatProblem = chatSettingsProblem(opts.notify ?? []);
  if (chatProblem) throw new InputError(chatProblem);
  try {
    ensureOutputDir(opts.out);
  } catch (err) {
    if (err instanceof OutputDirError) throw new InputError(err.message);
    throw err;
  }
  return { config, sla, suppressions, only, baseline, frameworks: opts.frameworks };
}

/** A postgres:// store behind --db answers before the scan starts (a folder was checked by prepare). */
export async function checkStoreServer(db: string | true | undefined): Promise<void> {
  const spec = db === undefined || db === true ? undefined : db.trim();
  if (spec && isServerUrl(spec)) await checkServerStore(spec);
}

/** The account pipeline, with the scan store behind --db opened and closed around it. */
async function assess(
  snapshot: Snapshot,
  db: string | true | undefined,
  prepared: Prepared,
  io: Io,
): Promise<AccountAssessment & { storeWhere?: string }> {
  const settings = {
    config: prepared.config,
    only: prepared.only,
    suppressions: prepared.suppressions,
    sla: prepared.sla,
    frameworks: prepared.frameworks,
  };
  if (db === undefined) return assessAccount(snapshot, settings);
  let store: ScanStore | undefined;
  try {
    store = await openStore(db, io.err);
  } catch (err) {
    return { ...(await assessAccount(snapshot, settings)), historyProblem: (err as Error).message.split('\n')[0] };
  }
  try {
    return { ...(await assessAccount(snapshot, settings, storeHistory(store))), storeWhere: store.db.where };
  } finally {
    await store.close().catch(() => {});
  }
}

function warnAboutSuppressions(a: AccountAssessment, io: Io): void {
  const what = (e: Suppression) => e.fingerprint ?? `${e.checkId} ${e.resource}`;
  for (const e of a.expiredSuppressions)
    io.err(`incloud: warning: suppression expired on ${e.expires} and no longer applies: ${what(e)} (${e.reason})`);
  for (const e of a.unmatchedSuppressions)
    io.err(`incloud: warning: suppression matched no finding (fixed, or a wrong pattern?): ${what(e)} (${e.reason})`);
  for (const e of a.report.suppressions?.expiringSoon ?? [])
    io.err(`incloud: note: suppression ends in ${e.daysLeft} day(s), on ${e.expires}: ${what(e)} (${e.reason})`);
}

function historyLine(report: Report, where: string): string {
  const h = report.history!;
  return `history (${where}): scan ${h.scanId}, ${report.findings.filter((f) => f.history?.new).length} new, ${h.resolved.length} resolved, ${h.unverified.length} not re-assessed (kept open), ${h.sla.overdue} overdue`;
}

/** Assesses, diffs against the baseline, writes; returns the exit code. */
export async function finish(
  snapshot: Snapshot,
  opts: OutputOptions,
  prepared: Prepared,
  log: (s: string) => void,
  keepSnapshot: boolean,
  io: Io,
  startedAt = performance.now(),
): Promise<number> {
  const { baseline } = prepared;
  checkBaselineAccount(prepared, snapshot.account.id);
  const assessment = await assess(snapshot, opts.db, prepared, io);
  const { report } = assessment;
  warnAboutSuppressions(assessment, io);
  if (report.history) log(historyLine(report, assessment.storeWhere ?? ''));
  let gate = report.findings;
  const extra: OutputFile[] = [];
  if (baseline) {
    const d = diffReports(baseline, report);
    extra.push({ name: 'diff.json', render: () => `${JSON.stringify(d, null, 2)}\n` });
    log(
      `baseline: ${d.added.length} new, ${d.resolved.length} resolved, ${d.unchanged.length} unchanged, ${d.unknown.length} not re-assessed`,
    );
    const added = new Set(d.added.map((f) => f.fingerprint));
    gate = report.findings.filter((f) => added.has(f.fingerprint));
  }
  const rendered = performance.now();
  const { written, failed } = writeOutputs(report, keepSnapshot ? snapshot : undefined, opts, {}, extra);
  const writeMs = Math.round(performance.now() - rendered);
  const s = report.summary;
  log(
    `account ${report.scan.accountId}: ${s.findings} findings (${SEVERITIES.map((k) => `${s.bySeverity[k]} ${k}`).join(', ')}), ${s.suppressed} suppressed, ${s.notAssessed} not assessed, ${s.errors} collection errors`,
  );
  for (const line of renderTerminalSummary(report, { top: opts.top ?? 5, elapsedMs: performance.now() - startedAt })) log(line);
  for (const w of written) log(`wrote ${w}`);
  if (opts.timings) printTimings(report, writeMs, io);
  let failedNotices: string[] = [];
  if (opts.notify?.length) {
    const location = join(resolve(opts.out), opts.format.includes('html') ? 'report.html' : 'report.json');
    const summary = summaryOfReport(report, opts.notifyMinSeverity ?? 'high', location);
    failedNotices = await postSummaries(opts.notify, (service) => chatMessage(service, summary), log);
  }
  const hits = opts.failOn ? atOrAbove(gate, opts.failOn) : 0;
  const { code, messages } = exitCode({
    failedWrites: failed,
    failedNotices,
    storeProblem: assessment.historyProblem,
    incomplete: report.scan.complete
      ? undefined
      : 'scan incomplete: some data could not be collected or assessed (see "notAssessed" and "errors" in the report)',
    gate: hits ? `fail-on ${opts.failOn}: ${hits} ${baseline ? 'new ' : ''}finding(s) at or above it` : undefined,
  });
  for (const m of messages) io.err(`incloud: ${m}`);
  return code;
}

/**
 * During collection an interrupt ends the run at once: nothing has been written, so the
 * previous reports stay as they were. Returns the function that removes the handlers.
 */
export function exitOnSignal(
  io: Io,
  out: string,
  progress: { finish(): void },
  what = `before the reports were written; nothing in ${out} was changed`,
): () => void {
  const handler = (signal: NodeJS.Signals) => {
    progress.finish();
    io.err(`incloud: interrupted (${signal}) ${what}`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
