// --timings: where the time of a run went and which calls it made.

import type { Report } from '../model/findings.js';
import type { Io } from '../util/io.js';

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
