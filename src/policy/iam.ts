// A small, strict evaluator of identity policies for the questions the checks ask:
// "can this principal do ACTION on every resource?". It implements the parts of the
// IAM evaluation logic that decide those answers:
// explicit Deny wins; Action/NotAction; Resource/NotResource; wildcards (* and ?,
// case-insensitive for actions); permissions boundaries intersect; statements with a
// Condition are "conditional", never silently treated as unconditional.
// Guardrails (SCP levels) cap the result when the organization's policies were read (see
// guardrails.ts); session policies are not visible to a scan.

import type { CapLevel, Statement } from '../model/policy-statement.js';

import { contextKey, decideCondition, forRequest, type RequestContext, type Verdict } from './conditions.js';
import { compilePattern, wildcardMatch } from './wildcard.js';

export type { CapLevel, Statement } from '../model/policy-statement.js';

export { wildcardMatch } from './wildcard.js';

const list = (v: unknown): string[] | undefined =>
  v === undefined || v === null ? undefined : Array.isArray(v) ? v.map((x) => String(x)) : [String(v)];

export class PolicyParseError extends Error {}

/** Normalises a parsed policy document. Unknown shapes raise PolicyParseError. */
export function statementsOf(doc: unknown, source?: string): Statement[] {
  if (doc === null || doc === undefined) return [];
  if (typeof doc !== 'object') throw new PolicyParseError('policy document is not an object');
  const raw = (doc as { Statement?: unknown }).Statement;
  if (raw === undefined) return [];
  const arr = Array.isArray(raw) ? raw : [raw];
  return arr.map((s, i) => {
    if (!s || typeof s !== 'object') throw new PolicyParseError(`statement ${i} is not an object`);
    const o = s as Record<string, unknown>;
    const effect = o.Effect === 'Deny' ? 'Deny' : o.Effect === 'Allow' ? 'Allow' : undefined;
    if (!effect) throw new PolicyParseError(`statement ${i} has no valid Effect`);
    const cond = o.Condition && typeof o.Condition === 'object' ? (o.Condition as Record<string, Record<string, unknown>>) : undefined;
    return {
      sid: typeof o.Sid === 'string' ? o.Sid : undefined,
      effect,
      actions: list(o.Action),
      notActions: list(o.NotAction),
      resources: list(o.Resource),
      notResources: list(o.NotResource),
      principal: o.Principal,
      notPrincipal: o.NotPrincipal,
      condition: cond && Object.keys(cond).length > 0 ? cond : undefined,
      source,
      index: i,
    };
  });
}

/**
 * Action patterns of one statement, grouped by service prefix and compiled once: AWS-managed
 * policies hold thousands of patterns and every principal that has them asks the same
 * questions, so answers are kept per statement object (shared by all its principals).
 */
interface ActionMatcher {
  byService: Map<string, RegExp[]>;
  anyService: RegExp[];
  answers: Map<string, boolean>;
}
const matchers = new WeakMap<string[], ActionMatcher>();

function matcherFor(patterns: string[]): ActionMatcher {
  let m = matchers.get(patterns);
  if (m) return m;
  m = { byService: new Map(), anyService: [], answers: new Map() };
  for (const p of patterns) {
    const colon = p.indexOf(':');
    const service = colon < 0 ? '' : p.slice(0, colon).toLowerCase();
    if (colon < 0 || /[*?]/.test(service)) {
      m.anyService.push(compilePattern(p, true));
      continue;
    }
    const list = m.byService.get(service) ?? [];
    list.push(compilePattern(p, true));
    m.byService.set(service, list);
  }
  matchers.set(patterns, m);
  return m;
}

/** True when any of the action patterns matches the action (case-insensitive, cached). */
export function actionPatternsMatch(patterns: string[], action: string): boolean {
  const m = matcherFor(patterns);
  const cached = m.answers.get(action);
  if (cached !== undefined) return cached;
  const service = action.slice(0, Math.max(0, action.indexOf(':'))).toLowerCase();
  const answer = m.anyService.some((re) => re.test(action)) || (m.byService.get(service) ?? []).some((re) => re.test(action));
  m.answers.set(action, answer);
  return answer;
}

export function statementMatchesAction(s: Statement, action: string): boolean {
  if (s.actions) return actionPatternsMatch(s.actions, action);
  if (s.notActions) return !actionPatternsMatch(s.notActions, action);
  return false;
}

/** A Resource pattern that matches every ARN. */
export const matchesEverything = (p: string): boolean => p === '*' || /^arn:(\*|aws[a-z-]*)(:\*)+$/.test(p);

/**
 * resource '*' asks "on every resource": a statement applies when its Resource covers
 * everything, or when it uses NotResource (everything but a few). A specific ARN is matched as usual.
 */
export function statementMatchesResource(s: Statement, resource: string): boolean {
  if (resource === '*') {
    if (s.resources) return s.resources.some(matchesEverything);
    return s.notResources !== undefined;
  }
  if (s.resources) return s.resources.some((p) => wildcardMatch(p, resource, false));
  if (s.notResources) return !s.notResources.some((p) => wildcardMatch(p, resource, false));
  return false;
}

export type Decision = 'allow' | 'conditional' | 'deny' | 'implicit-deny';

/** One level of an organization guardrail (the root, an OU or the account): it must allow, and may deny. */

export interface PolicySet {
  identity: Statement[];
  /** undefined = no permissions boundary. */
  boundary?: Statement[];
  /** Service control policies from the root down to the account: every level must allow, none may deny. */
  caps?: CapLevel[];
  /** What is known about the requests: decides time and credential-type conditions. */
  context?: RequestContext;
}

const verdicts = new WeakMap<Statement, Map<string, Verdict>>();

/** A statement's condition under the request context, cached per statement and context. */
export function conditionVerdict(s: Statement, rc: RequestContext | undefined): Verdict {
  if (!s.condition) return 'true';
  if (!rc) return 'unknown';
  const key = contextKey(rc);
  let m = verdicts.get(s);
  if (!m) {
    m = new Map();
    verdicts.set(s, m);
  }
  let v = m.get(key);
  if (!v) {
    v = decideCondition(s.condition, rc, s.effect);
    m.set(key, v);
  }
  return v;
}

function decideOne(
  stmts: Statement[],
  action: string,
  resource: string,
  rc?: RequestContext,
): { allow: boolean; conditionalAllow: boolean; deny: boolean; conditionalDeny: boolean } {
  let allow = false;
  let conditionalAllow = false;
  let deny = false;
  let conditionalDeny = false;
  for (const s of stmts) {
    if (!statementMatchesAction(s, action) || !statementMatchesResource(s, resource)) continue;
    const verdict = conditionVerdict(s, rc);
    if (verdict === 'false') continue;
    const conditional = verdict === 'unknown';
    if (s.effect === 'Deny') {
      if (conditional) conditionalDeny = true;
      else deny = true;
    } else if (conditional) conditionalAllow = true;
    else allow = true;
  }
  return { allow, conditionalAllow, deny, conditionalDeny };
}

/** Evaluates one action against identity policies, an optional permissions boundary and the SCP levels. */
export function evaluate(set: PolicySet, action: string, resource = '*'): Decision {
  const rc = set.context && forRequest(set.context, action, resource);
  const id = decideOne(set.identity, action, resource, rc);
  const caps = [...(set.boundary ? [set.boundary] : []), ...(set.caps ?? []).map((l) => l.statements)].map((stmts) =>
    decideOne(stmts, action, resource, rc),
  );
  if (id.deny || caps.some((c) => c.deny)) return 'deny';
  if (!id.allow && !id.conditionalAllow) return 'implicit-deny';
  if (caps.some((c) => !c.allow && !c.conditionalAllow)) return 'implicit-deny';
  const unconditional = id.allow && !id.conditionalDeny && caps.every((c) => c.allow && !c.conditionalDeny);
  return unconditional ? 'allow' : 'conditional';
}

/** The first cap that refuses an action (a Deny, or a level where nothing allows it), for evidence. */
export function capRefusal(set: PolicySet, action: string, resource = '*'): { level: CapLevel; statement?: Statement } | undefined {
  const rc = set.context && forRequest(set.context, action, resource);
  for (const level of set.caps ?? []) {
    const matching = level.statements.filter(
      (s) => statementMatchesAction(s, action) && statementMatchesResource(s, resource) && conditionVerdict(s, rc) === 'true',
    );
    const deny = matching.find((s) => s.effect === 'Deny');
    if (deny) return { level, statement: deny };
    if (!level.statements.some((s) => s.effect === 'Allow' && statementMatchesAction(s, action) && statementMatchesResource(s, resource)))
      return { level };
  }
  return undefined;
}

/**
 * Actions spread across sensitive services plus one made-up action: a principal is admin
 * only if all of them are allowed on every resource, which requires a real "*" grant.
 */
export const ADMIN_PROBE_ACTIONS = [
  'iam:CreateUser',
  'iam:AttachRolePolicy',
  'iam:PutUserPolicy',
  'iam:PassRole',
  'sts:AssumeRole',
  's3:GetObject',
  's3:PutBucketPolicy',
  'ec2:RunInstances',
  'kms:Decrypt',
  'organizations:LeaveOrganization',
  'lambda:CreateFunction',
  'cloudtrail:StopLogging',
  'secretsmanager:GetSecretValue',
  'incloudprobe:AnyFutureAction',
];

export type AdminLevel = 'admin' | 'conditional' | 'no';

export function adminLevel(set: PolicySet): AdminLevel {
  const ds = ADMIN_PROBE_ACTIONS.map((a) => evaluate(set, a));
  if (ds.every((d) => d === 'allow')) return 'admin';
  if (ds.every((d) => d === 'allow' || d === 'conditional')) return 'conditional';
  return 'no';
}

/** Policy-level admin test (CIS "*:*" rule): Allow Action * (or NotAction) on Resource *, not negated by Deny * *. */
export function documentGrantsAdmin(stmts: Statement[]): { admin: boolean; conditional: boolean; statement?: Statement } {
  const denyAll = stmts.some(
    (s) =>
      s.effect === 'Deny' &&
      !s.condition &&
      (s.actions ?? []).some((a) => a === '*' || a === '*:*') &&
      (s.resources ?? []).some(matchesEverything),
  );
  if (denyAll) return { admin: false, conditional: false };
  for (const s of stmts) {
    if (s.effect !== 'Allow') continue;
    const broadAction = (s.actions ?? []).some((a) => a === '*' || a === '*:*') || s.notActions !== undefined;
    const broadResource = (s.resources ?? []).some(matchesEverything);
    if (broadAction && broadResource) return { admin: true, conditional: Boolean(s.condition), statement: s };
  }
  return { admin: false, conditional: false };
}

/** Does an Allow statement (unscoped by resource) grant this action? Used for policy-centric checks. */
export function allowStatementsFor(stmts: Statement[], action: string, resource = '*'): Statement[] {
  return stmts.filter((s) => s.effect === 'Allow' && statementMatchesAction(s, action) && statementMatchesResource(s, resource));
}

/** Condition keys present in a statement, lower-cased (operators stripped). */
export function conditionKeys(s: Statement): string[] {
  const out: string[] = [];
  for (const block of Object.values(s.condition ?? {}))
    if (block && typeof block === 'object') out.push(...Object.keys(block).map((k) => k.toLowerCase()));
  return out;
}

/** Finds a condition value by key (case-insensitive), with its operator. */
export function conditionEntries(s: Statement): { operator: string; key: string; values: string[] }[] {
  const out: { operator: string; key: string; values: string[] }[] = [];
  for (const [operator, block] of Object.entries(s.condition ?? {})) {
    if (!block || typeof block !== 'object') continue;
    for (const [key, v] of Object.entries(block)) out.push({ operator, key: key.toLowerCase(), values: list(v) ?? [] });
  }
  return out;
}

/**
 * Condition entries that hold only when their key is in the request with a matching value:
 * the only ones that can guard a grant. "...IfExists" and "ForAllValues:" are true when the key
 * is absent, negated operators and Null test something else, so none of them guards.
 */
export function guardingConditions(s: Statement): { operator: string; key: string; values: string[] }[] {
  return conditionEntries(s).filter(
    (c) => !/IfExists$/i.test(c.operator) && !/^ForAllValues:/i.test(c.operator) && !/Not/.test(c.operator) && !/^Null$/i.test(c.operator),
  );
}

/** Principals of a statement: "*" for anyone, otherwise AWS/Service/Federated/CanonicalUser values. */
export function principalsOf(p: unknown): { any: boolean; aws: string[]; service: string[]; federated: string[]; canonical: string[] } {
  const out = { any: false, aws: [] as string[], service: [] as string[], federated: [] as string[], canonical: [] as string[] };
  if (p === undefined || p === null) return out;
  if (p === '*') {
    out.any = true;
    return out;
  }
  if (typeof p === 'object') {
    const o = p as Record<string, unknown>;
    out.aws = list(o.AWS) ?? [];
    out.service = list(o.Service) ?? [];
    out.federated = list(o.Federated) ?? [];
    out.canonical = list(o.CanonicalUser) ?? [];
    if (out.aws.includes('*')) out.any = true;
  }
  return out;
}

/** Account id of an AWS principal entry: 12 digits or arn:...:iam::ID:... */
export function principalAccount(entry: string): string | undefined {
  if (/^\d{12}$/.test(entry)) return entry;
  const m = /^arn:[^:]+:(?:iam|sts)::(\d{12}|\*):/.exec(entry);
  return m?.[1];
}

/**
 * The identity statement that allows an action on a resource, for evidence: the first Allow
 * that matches and whose condition is not known to be false (undefined when none does).
 */
export function allowingStatement(set: PolicySet, action: string, resource: string): Statement | undefined {
  const rc = set.context && forRequest(set.context, action, resource);
  return set.identity.find(
    (s) =>
      s.effect === 'Allow' &&
      statementMatchesAction(s, action) &&
      statementMatchesResource(s, resource) &&
      conditionVerdict(s, rc) !== 'false',
  );
}
