// What an admin reads in the terminal after a scan: the fixes to make first, why each is
// ranked there, what could not be assessed grouped by cause, and how long it took.

import { rankReason } from '../src/model/rank-reason.js';
import type { Report } from '../src/model/findings.js';
import { clip } from '../src/util/terminal-text.js';

export interface SummaryOptions {
  top: number;
  elapsedMs?: number;
}

/** Not-assessed results grouped by their cause, most frequent first. */
export function notAssessedByCause(report: Report): { cause: string; checks: number; resources: number }[] {
  const groups = new Map<string, { checks: Set<string>; resources: Set<string> }>();
  for (const n of report.notAssessed) {
    // The cause without the resource it hit, so one missing permission is one line.
    const cause = n.reason.replace(/ on [^ ]+ (was|failed|returned)/, ' $1').replace(/^(\w+:\w+) on \S+/, '$1');
    const g = groups.get(cause) ?? { checks: new Set(), resources: new Set() };
    g.checks.add(n.checkId);
    g.resources.add(n.resource.arn);
    groups.set(cause, g);
  }
  return [...groups.entries()]
    .map(([cause, g]) => ({ cause, checks: g.checks.size, resources: g.resources.size }))
    .sort((a, b) => b.resources - a.resources || a.cause.localeCompare(b.cause));
}

export function renderTerminalSummary(report: Report, o: SummaryOptions): string[] {
  const lines: string[] = [];
  const top = report.findings.slice(0, o.top);
  if (top.length) {
    lines.push(`Fix first (${top.length} of ${report.findings.length}):`);
    for (const f of top) {
      const where = `${f.resource.name}${f.resource.region && f.resource.region !== 'global' ? `, ${f.resource.region}` : ''}`;
      lines.push(`  ${String(f.priority).padStart(2)}. ${f.severity.toUpperCase().padEnd(8)} ${clip(f.title, 70)} — ${clip(where, 80)}`);
      lines.push(`      why here: ${clip(rankReason(f), 140)}`);
    }
  } else if (!report.findings.length) {
    lines.push('No findings.');
  }
  const causes = notAssessedByCause(report);
  if (causes.length) {
    lines.push(`Not assessed (${report.notAssessed.length}), by cause:`);
    for (const c of causes.slice(0, 8)) lines.push(`  ${clip(c.cause, 150)} (${c.checks} check(s), ${c.resources} resource(s))`);
    if (causes.length > 8) lines.push(`  … and ${causes.length - 8} more causes (see "notAssessed" in report.json)`);
  }
  const g = report.scan.guardrails;
  if (g?.status === 'not-evaluated' && g.reason) lines.push(clip(g.reason, 220));
  if (o.elapsedMs !== undefined) lines.push(`Elapsed: ${(o.elapsedMs / 1000).toFixed(1)} s`);
  return lines;
}
