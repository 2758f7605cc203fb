// Per-control verdicts of each framework for one account's report. A control fails on any
// open finding of a deciding check that meets its conditions; it is not assessed when a
// deciding check did not run, could not assess some resource, or does not exist yet (never a
// pass on missing data); it passes only when every deciding check ran and nothing fails it.
// Suppressed findings that fail it are accepted risk: the control stays failed and says so.

import type { Finding, Report } from '../model/findings.js';
import {
  scoreOf,
  statusCounts,
  type ControlVerdict,
  type Framework,
  type FrameworkControl,
  type FrameworkVerdicts,
} from '../model/frameworks.js';
import { meetsAll } from './finding-conditions.js';

type ReportPart = Pick<Report, 'generatedAt' | 'checks' | 'findings' | 'suppressedFindings' | 'notAssessed'>;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

class ReportIndex {
  readonly ran: Set<string>;
  readonly open = new Map<string, Finding[]>();
  readonly suppressed = new Map<string, Finding[]>();
  readonly unassessed = new Map<string, string[]>();
  readonly now: number;

  constructor(report: ReportPart) {
    this.ran = new Set(report.checks.map((c) => c.id));
    this.now = Date.parse(report.generatedAt) || Date.now();
    const add = <T>(m: Map<string, T[]>, k: string, v: T) => {
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };
    for (const f of report.findings) add(this.open, f.checkId, f);
    for (const f of report.suppressedFindings) add(this.suppressed, f.checkId, f);
    for (const n of report.notAssessed) add(this.unassessed, n.checkId, n.reason);
  }
}

function decide(control: FrameworkControl, index: ReportIndex): Omit<ControlVerdict, 'id' | 'section' | 'title'> {
  if (control.status) return { status: control.status, findings: [], checks: [], why: control.reason ?? control.status };
  const deciders = control.decidedBy ?? [];
  const checks = deciders.map((d) => d.check);
  if (!deciders.length)
    return { status: 'not-assessed', findings: [], checks, why: `No incloud check decides it yet (${control.gap ?? 'none mapped'}).` };
  const failing = (source: Map<string, Finding[]>) =>
    deciders.flatMap((d) => (source.get(d.check) ?? []).filter((f) => meetsAll(f, d.where, d.match, index.now)));
  const open = failing(index.open);
  const accepted = failing(index.suppressed);
  const acceptedRisk = accepted.length ? { acceptedRisk: accepted.map((f) => f.fingerprint) } : {};
  if (open.length) {
    const byCheck = [...new Set(open.map((f) => f.checkId))].map((id) => `${id} (${open.filter((f) => f.checkId === id).length})`);
    return {
      status: 'fail',
      findings: open.map((f) => f.fingerprint),
      ...acceptedRisk,
      checks,
      why: `${plural(open.length, 'finding')} fail it: ${byCheck.join(', ')}.`,
    };
  }
  const notRun = checks.filter((c) => !index.ran.has(c));
  const partial = checks.filter((c) => index.unassessed.has(c));
  if (notRun.length || partial.length) {
    const parts = [
      ...notRun.map((c) => `${c} did not run`),
      ...partial.map(
        (c) => `${c} could not assess ${plural(index.unassessed.get(c)!.length, 'resource')} (${index.unassessed.get(c)![0]})`,
      ),
    ];
    return { status: 'not-assessed', findings: [], ...acceptedRisk, checks, why: `${parts.join('; ')}.` };
  }
  if (accepted.length)
    return {
      status: 'fail',
      findings: [],
      ...acceptedRisk,
      checks,
      why: `Fails only on accepted risk: ${plural(accepted.length, 'suppressed finding')}.`,
    };
  const outside = deciders.reduce((n, d) => n + (index.open.get(d.check)?.length ?? 0), 0);
  const aside = outside
    ? ` (${plural(outside, 'finding')} of ${checks.length === 1 ? 'it' : 'them'} fall${outside === 1 ? 's' : ''} outside this control)`
    : '';
  return { status: 'pass', findings: [], checks, why: `Nothing fails it: ${checks.join(', ')} ran on every resource${aside}.` };
}

export function frameworkVerdicts(framework: Framework, report: ReportPart, index = new ReportIndex(report)): FrameworkVerdicts {
  const controls = framework.controls.map((c) => ({ id: c.id, section: c.section, title: c.title, ...decide(c, index) }));
  const counts = statusCounts(controls);
  counts['out-of-scope'] += (framework.otherServices ?? []).reduce((n, o) => n + o.controls, 0);
  return {
    framework: framework.id,
    version: framework.version,
    key: framework.key,
    title: framework.title,
    sections: framework.sections,
    summary: { ...counts, score: scoreOf(counts) },
    controls,
    ...(framework.otherServices ? { otherServices: framework.otherServices } : {}),
  };
}

/** Verdicts of every framework for one report. */
export function complianceOf(report: ReportPart, frameworks: Framework[]): FrameworkVerdicts[] {
  const index = new ReportIndex(report);
  return frameworks.map((f) => frameworkVerdicts(f, report, index));
}
