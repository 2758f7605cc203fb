// Suppressions: accepted risks with a reason and an expiry. Expired entries stop
// suppressing (the finding resurfaces) and are reported as expired.

import { readFileSync } from 'node:fs';
import type { Finding, Report } from '../model/findings.js';
import { wildcardMatch } from '../policy/iam.js';
import { InputFileError, validateInput } from './validate-input.js';

export interface Suppression {
  fingerprint?: string;
  checkId?: string;
  /** ARN or ARN pattern with * wildcards. */
  resource?: string;
  reason: string;
  expires: string;
  by?: string;
}

export class SuppressionError extends Error {}

export function parseSuppressions(text: string, source = 'suppressions'): Suppression[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SuppressionError(`${source}: not valid JSON (${(err as Error).message})`);
  }
  try {
    return validateInput<{ suppressions: Suppression[] }>('suppressions', raw, source).suppressions;
  } catch (err) {
    if (err instanceof InputFileError) throw new SuppressionError(err.message);
    throw err;
  }
}

export function loadSuppressions(path: string): Suppression[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SuppressionError(`cannot read suppressions ${path}: ${(err as Error).message}`);
  }
  return parseSuppressions(text, path);
}

export function matches(s: Suppression, f: Finding): boolean {
  if (s.fingerprint) return s.fingerprint === f.fingerprint;
  return s.checkId === f.checkId && wildcardMatch(s.resource!, f.resource.arn, false);
}

/**
 * Moves matching findings to suppressedFindings; returns the expired suppressions that matched
 * something and the entries that matched nothing (stale: the finding is gone or the pattern is wrong).
 */
export function applySuppressions(
  report: Report,
  suppressions: Suppression[],
  now = new Date(),
): { expired: Suppression[]; unmatched: Suppression[] } {
  const active: Finding[] = [];
  const expired = new Set<Suppression>();
  const used = new Set<Suppression>();
  for (const f of report.findings) {
    const hit = suppressions.filter((s) => matches(s, f));
    hit.forEach((s) => used.add(s));
    // End of the expiry day counts as still valid.
    const valid = hit.find((s) => Date.parse(s.expires.length === 10 ? `${s.expires}T23:59:59Z` : s.expires) >= now.getTime());
    hit.filter((s) => s !== valid).forEach((s) => expired.add(s));
    if (valid)
      report.suppressedFindings.push({
        ...f,
        suppressed: { reason: valid.reason, expires: valid.expires, ...(valid.by ? { by: valid.by } : {}) },
      });
    else active.push(f);
  }
  active.forEach((f, i) => {
    f.priority = i + 1;
  });
  report.findings = active;
  report.summary.findings = active.length;
  report.summary.suppressed = report.suppressedFindings.length;
  for (const k of Object.keys(report.summary.bySeverity) as (keyof typeof report.summary.bySeverity)[])
    report.summary.bySeverity[k] = active.filter((f) => f.severity === k).length;
  // Duties keep counting suppressed findings as failing: suppression is accepted risk, not a fix.
  return { expired: [...expired], unmatched: suppressions.filter((s) => !used.has(s)) };
}
