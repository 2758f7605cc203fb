// An organization's trend: its account scans summed per organization scan, with each account's
// share, so the organization page and `incloud history` show what changed across the whole estate.

import { SEVERITIES, severityTotal, zeroSeverities } from '../model/severity.js';
import type { OrgTrendPoint, TrendPoint } from '../model/scan-history.js';

/** Account scans (ordered by organization scan) summed per organization scan, in the same order. */
export function orgTrendOf(scans: TrendPoint[]): OrgTrendPoint[] {
  const byScan = new Map<string, OrgTrendPoint>();
  for (const s of scans) {
    if (!s.orgScanId) continue;
    let p = byScan.get(s.orgScanId);
    if (!p) {
      p = {
        orgScanId: s.orgScanId,
        collectedAt: s.collectedAt,
        complete: true,
        open: zeroSeverities(),
        new: 0,
        resolved: 0,
        reopened: 0,
        unverified: 0,
        baseline: true,
        accounts: [],
      };
      byScan.set(s.orgScanId, p);
    }
    if (s.collectedAt < p.collectedAt) p.collectedAt = s.collectedAt;
    p.complete &&= s.complete;
    p.baseline &&= s.baseline === true;
    for (const sev of SEVERITIES) p.open[sev] += s.open[sev];
    p.new += s.new;
    p.resolved += s.resolved;
    p.reopened += s.reopened;
    p.unverified += s.unverified;
    p.accounts.push({
      accountId: s.accountId,
      ...(s.accountName ? { accountName: s.accountName } : {}),
      open: severityTotal(s.open),
      new: s.new,
      resolved: s.resolved,
      reopened: s.reopened,
      complete: s.complete,
    });
  }
  return [...byScan.values()].map(({ baseline, ...p }) => ({ ...p, ...(baseline ? { baseline } : {}) }));
}
