// Suppressions: accepted risks with a reason and an expiry. Expired entries stop
// suppressing (the finding resurfaces) and are reported as expired.

import type { SuppressionSignal } from '../model/findings.js';
import { readFileSync } from 'node:fs';
import type { Finding } from '../model/findings.js';
import { wildcardMatch } from '../policy/iam.js';
import { InputFileError, validateInput } from './validate-input.js';

/** An accepted risk from the suppressions file; the report names the ones a scheduled run should act on in the same shape. */
export type Suppression = SuppressionSignal;

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
 * Splits ranked findings into the active and the suppressed ones, without touching either list:
 * active findings are ranked again from 1, suppressed ones keep their rank among all. Also
 * returns the expired suppressions that matched something and the entries that matched nothing
 * (stale: the finding is gone or the pattern is wrong).
 */
/** A suppression that ends within this many days is named in the report, so it can be renewed or fixed in time. */
export const EXPIRING_SOON_DAYS = 14;

/** End of the expiry day counts as still valid. */
const expiryMs = (s: Suppression): number => Date.parse(s.expires.length === 10 ? `${s.expires}T23:59:59Z` : s.expires);

/** Whole days from `now` until the suppression ends (0 on its last day). */
export const daysLeft = (s: Suppression, now = new Date()): number => Math.max(0, Math.floor((expiryMs(s) - now.getTime()) / 86_400_000));

export function partitionSuppressed(
  findings: Finding[],
  suppressions: Suppression[],
  now = new Date(),
): { active: Finding[]; suppressed: Finding[]; expired: Suppression[]; unmatched: Suppression[]; expiringSoon: Suppression[] } {
  const active: Finding[] = [];
  const suppressed: Finding[] = [];
  const expired = new Set<Suppression>();
  const used = new Set<Suppression>();
  const soon = new Set<Suppression>();
  for (const f of findings) {
    const hit = suppressions.filter((s) => matches(s, f));
    hit.forEach((s) => used.add(s));
    const valid = hit.find((s) => expiryMs(s) >= now.getTime());
    hit.filter((s) => s !== valid).forEach((s) => expired.add(s));
    if (valid && expiryMs(valid) - now.getTime() <= EXPIRING_SOON_DAYS * 86_400_000) soon.add(valid);
    if (valid)
      suppressed.push({ ...f, suppressed: { reason: valid.reason, expires: valid.expires, ...(valid.by ? { by: valid.by } : {}) } });
    else active.push({ ...f, priority: active.length + 1 });
  }
  return {
    active,
    suppressed,
    expired: [...expired],
    unmatched: suppressions.filter((s) => !used.has(s)),
    expiringSoon: [...soon],
  };
}
