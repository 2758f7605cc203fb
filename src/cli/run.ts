// One run after its options are parsed: inputs checked before any AWS call, then evaluation,
// suppressions, baseline diff, outputs and the exit code; and what an interrupt does meanwhile.

import { CHECKS } from '../../checks/index.js';
import { renderTerminalSummary } from '../../reports/terminal.js';
import { loadConfig, loadSlaPolicy } from '../engine/config.js';
import type { SlaPolicy } from '../model/sla.js';
import { addHistory } from './history.js';
import { diffReports } from '../engine/diff.js';
import { evaluate } from '../engine/evaluate.js';
import { applySuppressions, loadSuppressions, type Suppression } from '../engine/suppress.js';
import { SEVERITIES, type Report } from '../model/findings.js';
import type { Snapshot } from '../model/snapshot.js';
import { ensureOutputDir, OutputDirError, type OutputFile } from '../util/output-set.js';
import { EXIT, InputError } from './args.js';
import { readReport } from './inputs.js';
import { printTimings, writeOutputs, type OutputOptions } from './outputs.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
  stream?: NodeJS.WritableStream;
}

export interface Prepared {
  config: ReturnType<typeof loadConfig>;
  sla: SlaPolicy;
  suppressions: Suppression[];
  only?: string[];
  baseline?: Report;
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
  const baseline = opts.baseline ? readReport(opts.baseline) : undefined;
  try {
    ensureOutputDir(opts.out);
  } catch (err) {
    if (err instanceof OutputDirError) throw new InputError(err.message);
    throw err;
  }
  return { config, sla, suppressions, only, baseline };
}

/** Evaluates, suppresses, records history (--db), diffs, writes; returns the exit code. */
export async function finish(
  snapshot: Snapshot,
  opts: OutputOptions,
  prepared: Prepared,
  log: (s: string) => void,
  keepSnapshot: boolean,
  io: Io,
  startedAt = performance.now(),
): Promise<number> {
  const { config, suppressions, only, baseline } = prepared;
  checkBaselineAccount(prepared, snapshot.account.id);
  const report = evaluate(snapshot, CHECKS, { config, only });
  const { expired, unmatched } = applySuppressions(report, suppressions);
  const what = (e: Suppression) => e.fingerprint ?? `${e.checkId} ${e.resource}`;
  for (const e of expired) io.err(`incloud: warning: suppression expired on ${e.expires} and no longer applies: ${what(e)} (${e.reason})`);
  for (const e of unmatched)
    io.err(`incloud: warning: suppression matched no finding (fixed, or a wrong pattern?): ${what(e)} (${e.reason})`);
  const historyProblem = opts.db === undefined ? undefined : await addHistory(report, opts.db, prepared.sla, log);
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
  if (failed.length || historyProblem) {
    for (const f of failed) io.err(`incloud: could not write ${f}`);
    if (historyProblem) io.err(`incloud: the scan was not recorded in the scan store: ${historyProblem}`);
    return EXIT.OUTPUT;
  }
  const incomplete = !report.scan.complete;
  if (incomplete)
    io.err('incloud: scan incomplete: some data could not be collected or assessed (see "notAssessed" and "errors" in the report)');
  if (opts.failOn) {
    const limit = SEVERITIES.indexOf(opts.failOn);
    const hits = gate.filter((f) => SEVERITIES.indexOf(f.severity) <= limit);
    if (hits.length) {
      io.err(`incloud: fail-on ${opts.failOn}: ${hits.length} ${baseline ? 'new ' : ''}finding(s) at or above it`);
      return EXIT.FINDINGS;
    }
  }
  return incomplete ? EXIT.INCOMPLETE : EXIT.OK;
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
