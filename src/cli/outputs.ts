// Writing a run's outputs as one set, and the --timings summary.

import { renderCsv } from '../../reports/csv.js';
import { renderHtmlChunks } from '../../reports/html.js';
import { renderJsonChunks } from '../../reports/json.js';
import { renderOcsf } from '../../reports/ocsf.js';
import { renderSarif } from '../../reports/sarif.js';
import type { Report, Severity } from '../model/findings.js';
import type { Snapshot } from '../model/snapshot.js';
import { jsonChunks } from '../util/json-stream.js';
import { writeOutputSet, type OutputFile } from '../util/output-set.js';
import type { Format } from './args.js';
import type { Io } from './run.js';

export interface OutputOptions {
  out: string;
  format: Format[];
  config?: string;
  failOn?: Severity;
  suppressions?: string;
  baseline?: string;
  checks?: string;
  quiet?: boolean;
  timings?: boolean;
  top?: number;
  /** --db: true for the default embedded store, or a folder / postgres:// URL. */
  db?: string | true;
}

function* jsonChunksWithNewline(value: unknown): Generator<string> {
  yield* jsonChunks(value);
  yield '\n';
}

/** Writes every requested output as one set; one that fails is reported and does not stop the others. */
export function writeOutputs(
  report: Report,
  snapshot: Snapshot | undefined,
  opts: Pick<OutputOptions, 'out' | 'format'>,
  renderOverride: Partial<Record<Format, () => string>> = {},
  extra: OutputFile[] = [],
): { written: string[]; failed: string[] } {
  const files: OutputFile[] = [];
  // Snapshot first: whatever happens later, the collected inventory is saved.
  if (snapshot) files.push({ name: 'snapshot.json', render: () => jsonChunksWithNewline(snapshot) });
  const renderers: Record<Format, [string, () => string | Iterable<string>]> = {
    json: ['report.json', () => renderJsonChunks(report)],
    html: ['report.html', () => renderHtmlChunks(report)],
    csv: ['findings.csv', () => renderCsv(report)],
    sarif: ['findings.sarif', () => renderSarif(report)],
    ocsf: ['findings.ocsf.json', () => renderOcsf(report)],
  };
  for (const f of opts.format) {
    const [name, render] = renderers[f];
    files.push({ name, render: renderOverride[f] ?? render });
  }
  files.push(...extra);
  return writeOutputSet(opts.out, files, `${report.scan.accountId}@${report.generatedAt}`);
}

/** --timings: where the time went and which calls were made. */
export function printTimings(report: Report, writeMs: number, io: Io): void {
  const c = report.scan.collection;
  const t = report.scan.timings ?? {};
  io.err(`timings: collect ${t.collectMs ?? 0} ms, evaluate ${t.evaluateMs ?? 0} ms, render+write ${writeMs} ms`);
  if (!c) return;
  const byService = new Map<string, number>();
  for (const [op, n] of Object.entries(c.callsByOperation)) byService.set(op.split(':')[0]!, (byService.get(op.split(':')[0]!) ?? 0) + n);
  io.err(
    `calls: ${[...byService.entries()].map(([svc, n]) => `${svc} ${n}`).join(', ')}; ${c.requests} requests (retries included), ${c.throttled} throttled, at most ${c.maxInFlight} in flight of ${c.concurrency}`,
  );
  for (const [op, n] of Object.entries(c.callsByOperation).sort((a, b) => b[1] - a[1])) io.err(`  ${String(n).padStart(7)}  ${op}`);
  for (const sk of report.scan.skippedCalls ?? []) io.err(`  skipped ${sk.count} ${sk.operation}: ${sk.reason}`);
}
