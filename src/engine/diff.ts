// Diff of two reports by fingerprint: new / resolved / unchanged. A finding only counts
// as resolved when the newer scan actually assessed its check on that resource: data
// that failed to load never closes a ticket.

import type { Finding, Report } from '../model/findings.js';

export interface ReportDiff {
  format: 'incloud-diff';
  old: { generatedAt: string; accountId: string; complete: boolean };
  new: { generatedAt: string; accountId: string; complete: boolean };
  added: Finding[];
  resolved: Finding[];
  unchanged: Finding[];
  /** In the old report, not in the new one, but the new scan could not assess them. */
  unknown: (Finding & { reason: string })[];
  severityChanged: { fingerprint: string; checkId: string; from: string; to: string }[];
}

export function diffReports(oldR: Report, newR: Report): ReportDiff {
  const all = (r: Report) => [...r.findings, ...(r.suppressedFindings ?? [])];
  const oldMap = new Map(all(oldR).map((f) => [f.fingerprint, f]));
  const newMap = new Map(all(newR).map((f) => [f.fingerprint, f]));
  const added = all(newR).filter((f) => !oldMap.has(f.fingerprint));
  const unchanged = all(newR).filter((f) => oldMap.has(f.fingerprint));
  const resolved: Finding[] = [];
  const unknown: ReportDiff['unknown'] = [];
  const ranChecks = new Set(newR.checks.map((c) => c.id));
  for (const f of all(oldR)) {
    if (newMap.has(f.fingerprint)) continue;
    const na = newR.notAssessed.find(
      (n) => n.checkId === f.checkId && (n.resource.arn === f.resource.arn || n.resource.type === 'AWS::::Account'),
    );
    if (!ranChecks.has(f.checkId)) unknown.push({ ...f, reason: 'check not run in the newer scan' });
    else if (na) unknown.push({ ...f, reason: `not assessed in the newer scan: ${na.reason}` });
    else if (
      f.resource.region !== 'global' &&
      f.resource.region !== 'unknown' &&
      !newR.scan.regions.includes(f.resource.region) &&
      f.service === 'ec2'
    ) {
      unknown.push({ ...f, reason: `region ${f.resource.region} not scanned in the newer scan` });
    } else resolved.push(f);
  }
  const severityChanged = unchanged
    .filter((f) => oldMap.get(f.fingerprint)!.severity !== f.severity)
    .map((f) => ({ fingerprint: f.fingerprint, checkId: f.checkId, from: oldMap.get(f.fingerprint)!.severity, to: f.severity }));
  return {
    format: 'incloud-diff',
    old: { generatedAt: oldR.generatedAt, accountId: oldR.scan.accountId, complete: oldR.scan.complete },
    new: { generatedAt: newR.generatedAt, accountId: newR.scan.accountId, complete: newR.scan.complete },
    added,
    resolved,
    unchanged,
    unknown,
    severityChanged,
  };
}
