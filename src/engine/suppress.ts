// Suppressions: accepted risks with a reason and an expiry. Expired entries stop
// suppressing (the finding resurfaces) and are reported as expired.

import { readFileSync } from 'node:fs';
import type { Finding, Report } from '../model/findings.js';
import { wildcardMatch } from '../policy/iam.js';

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
  const list = Array.isArray(raw) ? raw : (raw as { suppressions?: unknown })?.suppressions;
  if (!Array.isArray(list)) throw new SuppressionError(`${source}: expected {"suppressions": [...]}`);
  return list.map((e, i) => {
    const where = `${source}: entry ${i + 1}`;
    if (!e || typeof e !== 'object') throw new SuppressionError(`${where} is not an object`);
    const o = e as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === 'string' && (o[k] as string).trim() ? (o[k] as string).trim() : undefined);
    const s: Suppression = { reason: str('reason') ?? '', expires: str('expires') ?? '', fingerprint: str('fingerprint'), checkId: str('checkId'), resource: str('resource'), by: str('by') };
    if (!s.reason) throw new SuppressionError(`${where} needs a "reason"`);
    if (!s.expires || Number.isNaN(Date.parse(s.expires))) throw new SuppressionError(`${where} needs an "expires" date (YYYY-MM-DD)`);
    if (!s.fingerprint && !(s.checkId && s.resource)) throw new SuppressionError(`${where} needs a "fingerprint", or a "checkId" with a "resource" pattern`);
    for (const k of Object.keys(o)) if (!['fingerprint', 'checkId', 'resource', 'reason', 'expires', 'by'].includes(k)) throw new SuppressionError(`${where} has unknown key "${k}"`);
    return s;
  });
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

/** Moves matching findings to suppressedFindings; returns expired suppressions that matched something. */
export function applySuppressions(report: Report, suppressions: Suppression[], now = new Date()): { expired: Suppression[] } {
  const active: Finding[] = [];
  const expired = new Set<Suppression>();
  for (const f of report.findings) {
    const hit = suppressions.filter((s) => matches(s, f));
    // End of the expiry day counts as still valid.
    const valid = hit.find((s) => Date.parse(s.expires.length === 10 ? `${s.expires}T23:59:59Z` : s.expires) >= now.getTime());
    hit.filter((s) => s !== valid).forEach((s) => expired.add(s));
    if (valid) report.suppressedFindings.push({ ...f, suppressed: { reason: valid.reason, expires: valid.expires, ...(valid.by ? { by: valid.by } : {}) } });
    else active.push(f);
  }
  active.forEach((f, i) => { f.priority = i + 1; });
  report.findings = active;
  report.summary.findings = active.length;
  report.summary.suppressed = report.suppressedFindings.length;
  for (const k of Object.keys(report.summary.bySeverity) as (keyof typeof report.summary.bySeverity)[]) report.summary.bySeverity[k] = active.filter((f) => f.severity === k).length;
  // Duties keep counting suppressed findings as failing: suppression is accepted risk, not a fix.
  return { expired: [...expired] };
}
