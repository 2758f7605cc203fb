// A duty's graded score: the share of its resource evaluations that passed, each weighted by
// severity (a passed evaluation by its check's severity, a finding by its own), so ten clean
// buckets do not hide one public one, and one low finding does not sink a clean duty. The band
// puts the number in words; an open critical finding caps it, whatever the share.

import type { DutyBand, DutyScore, Severity } from './findings.js';

/** Weight of one evaluation at a severity: info findings are context and weigh next to nothing. */
export const EVALUATION_WEIGHT: Record<Severity, number> = { critical: 100, high: 60, medium: 30, low: 10, info: 1 };

export function dutyScore(passedWeight: number, failedWeight: number, bySeverity: Record<Severity, number>): DutyScore | undefined {
  const totalWeight = passedWeight + failedWeight;
  if (totalWeight === 0) return undefined;
  const value = Math.floor((100 * passedWeight) / totalWeight);
  const band: DutyBand =
    bySeverity.critical > 0 || value < 50 ? 'failing' : bySeverity.high > 0 || value < 75 ? 'weak' : value < 95 ? 'fair' : 'strong';
  return { value, band, passedWeight, totalWeight };
}
