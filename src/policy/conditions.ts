// Conditions that can be decided from what a scan knows about a request: the time (the scan's
// own) and the principal's credentials. A user with no MFA device never sends
// aws:MultiFactorAuthPresent = true (long-term keys omit the key, sessions without MFA say
// false); a role is always used through a session, so aws:TokenIssueTime is present. The
// principal's own keys (ARN, account, organization id and paths) are known when the analysis
// gives them; the region of a request is us-east-1 for global services (IAM, Organizations) and
// the caller's pick for the others. Everything else (source IP, VPC, tags, ...) stays undecided,
// and the grant stays "conditional".

import { wildcardMatch } from './wildcard.js';

export interface RequestContext {
  now: Date;
  /** 'never': the principal has no MFA device, so the key is absent or false. */
  mfa: 'never' | 'unknown';
  /** 'yes': requests always come from a session (roles). */
  session: 'yes' | 'unknown';
  /** Other keys the scan knows (lower-case): their value, or null when the request lacks them. */
  known?: Record<string, string | null>;
  /** Lower-case key prefixes whose values the caller picks (tags it may set): conditions on them hold. */
  controlled?: string[];
  /** The tags of the resource asked about: decides <service>:ResourceTag/<key> conditions. */
  resourceTags?: Record<string, string>;
}

/** Services whose requests all go to us-east-1: aws:RequestedRegion is known for them. */
const GLOBAL_SERVICES = new Set(['iam', 'organizations', 'route53', 'cloudfront', 'waf', 'globalaccelerator', 'support', 'budgets']);
const refined = new WeakMap<RequestContext, Map<string, RequestContext>>();

/**
 * The context of one request: adds aws:RequestedRegion (fixed for global services, chosen by the
 * caller otherwise) and aws:ResourceAccount (from the resource's ARN; the caller's own account
 * for "every resource"). One object per distinct answer, so verdict caches keep working.
 */
export function forRequest(rc: RequestContext, action: string, resource: string): RequestContext {
  const service = action.slice(0, Math.max(0, action.indexOf(':'))).toLowerCase();
  const global = GLOBAL_SERVICES.has(service);
  const account =
    resource === '*' ? (rc.known?.['aws:principalaccount'] ?? undefined) : /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resource)?.[1];
  const key = `${global ? 'g' : 'r'}${account ?? ''}`;
  let byKey = refined.get(rc);
  if (!byKey) {
    byKey = new Map();
    refined.set(rc, byKey);
  }
  let out = byKey.get(key);
  if (!out) {
    const known = { ...rc.known };
    if (global && known['aws:requestedregion'] === undefined) known['aws:requestedregion'] = 'us-east-1';
    if (account && known['aws:resourceaccount'] === undefined) known['aws:resourceaccount'] = account;
    const picksRegion = !global && rc.known?.['aws:requestedregion'] === undefined;
    out = { ...rc, known, ...(picksRegion ? { controlled: [...(rc.controlled ?? []), 'aws:requestedregion'] } : {}) };
    byKey.set(key, out);
  }
  return out;
}

const contextKeys = new WeakMap<RequestContext, string>();

/** A string that tells two request contexts apart, for caching verdicts. */
export function contextKey(rc: RequestContext): string {
  let k = contextKeys.get(rc);
  if (k === undefined) {
    k = `${rc.mfa}/${rc.session}@${rc.now.getTime()}`;
    if (rc.known || rc.controlled || rc.resourceTags) k += JSON.stringify([rc.known ?? {}, rc.controlled ?? [], rc.resourceTags ?? null]);
    contextKeys.set(rc, k);
  }
  return k;
}

export type Verdict = 'true' | 'false' | 'unknown';

type KeyState =
  | { state: 'absent' }
  | { state: 'known'; value: string | number; mayBeAbsent?: boolean }
  | { state: 'present-unknown' }
  | { state: 'controlled' }
  | { state: 'unknown' };

function keyState(key: string, rc: RequestContext): KeyState {
  const known = rc.known?.[key];
  if (known !== undefined) return known === null ? { state: 'absent' } : { state: 'known', value: known };
  if (rc.controlled?.some((prefix) => key.startsWith(prefix))) return { state: 'controlled' };
  const tag = /^[a-z0-9-]+:resourcetag\/(.+)$/.exec(key);
  if (tag && rc.resourceTags) {
    const hit = Object.entries(rc.resourceTags).find(([k]) => k.toLowerCase() === tag[1]);
    return hit ? { state: 'known', value: hit[1] } : { state: 'absent' };
  }
  switch (key) {
    case 'aws:currenttime':
      return { state: 'known', value: rc.now.toISOString() };
    case 'aws:epochtime':
      return { state: 'known', value: Math.floor(rc.now.getTime() / 1000) };
    case 'aws:multifactorauthpresent':
      // Absent (long-term keys) or "false" (sessions without MFA): never "true".
      return rc.mfa === 'never' ? { state: 'known', value: 'false', mayBeAbsent: true } : { state: 'unknown' };
    case 'aws:tokenissuetime':
      return rc.session === 'yes' ? { state: 'present-unknown' } : { state: 'unknown' };
    default:
      return { state: 'unknown' };
  }
}

const asTime = (v: string | number): number =>
  typeof v === 'number' || /^\d+$/.test(String(v)) ? Number(v) * 1000 : Date.parse(String(v));

function compare(base: string, actual: string | number, expected: string): boolean | undefined {
  if (base === 'Bool') return String(actual).toLowerCase() === expected.toLowerCase();
  if (base.startsWith('Arn')) {
    // ArnEquals and ArnLike both match with wildcards, case-sensitively.
    const match = wildcardMatch(expected, String(actual), false);
    return /Not/.test(base) ? !match : match;
  }
  if (base.startsWith('String')) {
    const ci = /IgnoreCase/.test(base);
    const match = /Like/.test(base)
      ? wildcardMatch(expected, String(actual), ci)
      : ci
        ? String(actual).toLowerCase() === expected.toLowerCase()
        : String(actual) === expected;
    return /Not/.test(base) ? !match : match;
  }
  if (base.startsWith('Date') || base.startsWith('Numeric')) {
    const date = base.startsWith('Date');
    const a = date ? asTime(actual) : Number(actual);
    const b = date ? asTime(expected) : Number(expected);
    if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
    const op = base.replace(/^(Date|Numeric)/, '');
    return { Equals: a === b, NotEquals: a !== b, LessThan: a < b, LessThanEquals: a <= b, GreaterThan: a > b, GreaterThanEquals: a >= b }[
      op
    ];
  }
  return undefined;
}

/** One entry for a key in a definite state (absent, or present with a known value). */
function decideFor(base: string, mods: { forAll: boolean; forAny: boolean; ifExists: boolean }, k: KeyState, values: string[]): Verdict {
  if (base === 'Null') {
    if (k.state === 'absent') return values.some((v) => v.toLowerCase() === 'true') ? 'true' : 'false';
    return values.some((v) => v.toLowerCase() === 'false') ? 'true' : 'false';
  }
  if (k.state === 'absent') {
    // IfExists and ForAllValues hold when the key is missing; ForAnyValue does not; a negated operator does.
    if (mods.ifExists || mods.forAll) return 'true';
    if (mods.forAny) return 'false';
    return /Not/.test(base) ? 'true' : 'false';
  }
  if (k.state !== 'known') return 'unknown';
  const results = values.map((v) => compare(base, k.value, v));
  if (results.some((r) => r === undefined)) return 'unknown';
  // Several values: any one matching is enough, except that a negated operator needs all.
  const hit = /Not/.test(base) ? results.every(Boolean) : results.some(Boolean);
  return hit ? 'true' : 'false';
}

/**
 * One operator-key-values entry of a Condition block. A key the caller controls holds for an
 * Allow (the caller sends what it needs) and fails for a Deny (the caller avoids it).
 */
export function decideEntry(
  operator: string,
  key: string,
  values: string[],
  rc: RequestContext,
  effect: 'Allow' | 'Deny' = 'Allow',
): Verdict {
  const mods = { forAll: /^ForAllValues:/i.test(operator), forAny: /^ForAnyValue:/i.test(operator), ifExists: /IfExists$/i.test(operator) };
  const base = operator.replace(/^For(All|Any)Values?:/i, '').replace(/IfExists$/i, '');
  const k = keyState(key.toLowerCase(), rc);
  if (k.state === 'unknown') return 'unknown';
  if (k.state === 'controlled') return effect === 'Deny' ? 'false' : 'true';
  if (k.state === 'present-unknown') return base === 'Null' ? decideFor(base, mods, { state: 'known', value: '' }, values) : 'unknown';
  if (k.state === 'known' && k.mayBeAbsent) {
    // Decided only if the absent key and the known value give the same answer.
    const a = decideFor(base, mods, { state: 'absent' }, values);
    const b = decideFor(base, mods, { state: 'known', value: k.value }, values);
    return a === b ? a : 'unknown';
  }
  return decideFor(base, mods, k, values);
}

/** A whole Condition block: every entry must hold. */
export function decideCondition(
  condition: Record<string, Record<string, unknown>>,
  rc: RequestContext,
  effect: 'Allow' | 'Deny' = 'Allow',
): Verdict {
  let verdict: Verdict = 'true';
  for (const [operator, block] of Object.entries(condition)) {
    if (!block || typeof block !== 'object') return 'unknown';
    for (const [key, raw] of Object.entries(block)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      const v = decideEntry(operator, key, values, rc, effect);
      if (v === 'false') return 'false';
      if (v === 'unknown') verdict = 'unknown';
    }
  }
  return verdict;
}
