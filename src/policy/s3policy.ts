// Bucket-policy analysis following S3's own definition of "public": a statement that
// grants to everyone is public unless it is pinned to fixed values of a restricting
// condition key (source VPC/VPCe/ARN/account, principal org/account/ARN, a bounded
// aws:SourceIp set, a KMS key id). Wildcards or policy variables in those values do not pin.

import { parseCidr } from './cidr.js';
import type { RequestContext } from './conditions.js';
import {
  conditionVerdict,
  conditionEntries,
  guardingConditions,
  principalAccount,
  principalsOf,
  statementMatchesAction,
  statementsOf,
  wildcardMatch,
  statementMatchesResource,
  type CapLevel,
  type Statement,
} from './iam.js';

const RESTRICTING_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:sourceorgid',
  'aws:sourceorgpaths',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  'aws:userid',
]);
const FIXED_OPERATORS = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|ArnEquals|ArnLike|StringLike)$/;

export const READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketAcl'];
export const WRITE_ACTIONS = [
  's3:PutObject',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:RestoreObject',
  's3:AbortMultipartUpload',
  's3:PutObjectAcl',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:DeleteBucket',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
];
/**
 * Only the bucket owner's account can ever use these, whatever a bucket policy grants: granting
 * them to "*" or to another account opens nothing.
 */
export const OWNER_ONLY_ACTIONS = new Set(['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:GetBucketPolicy']);
const GRANTABLE_WRITES = WRITE_ACTIONS.filter((a) => !OWNER_ONLY_ACTIONS.has(a));

/** Security Hub S3.6's blocked actions: they let another account manage permissions or encryption. */
export const PERMISSION_MANAGEMENT_ACTIONS = [
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketPolicy',
  's3:PutEncryptionConfiguration',
  's3:PutObjectAcl',
];

const fixedValue = (v: string): boolean => !/[*?]/.test(v) && !v.includes('${');

/** A condition that pins a statement to a bounded set of callers. */
export function restrictingCondition(s: Statement): string | undefined {
  for (const c of conditionEntries(s)) {
    if (c.key === 'aws:sourceip' && /^(ForAnyValue:)?IpAddress$/.test(c.operator) && c.values.length > 0) {
      const broad = c.values.some((v) => {
        const r = parseCidr(v);
        return !r || (r.family === 'ipv4' ? r.prefix < 8 : r.prefix < 32);
      });
      if (!broad) return `aws:SourceIp ${c.values.join(', ')}`;
      continue;
    }
    if (!RESTRICTING_KEYS.has(c.key) || !FIXED_OPERATORS.test(c.operator) || c.values.length === 0) continue;
    if (!c.values.every(fixedValue)) continue;
    if (c.key === 'aws:userid' && c.values.some((v) => /^AROA[A-Z0-9]+:\*$/.test(v))) continue;
    return `${c.key} ${c.operator} ${c.values.join(', ')}`;
  }
  return undefined;
}

export function isPublicPrincipal(s: Statement): boolean {
  if (s.notPrincipal !== undefined) return true; // Allow + NotPrincipal: everyone except a few
  const p = principalsOf(s.principal);
  return p.any || p.aws.some((a) => a === '*' || /^arn:[^:]+:iam::\*:/.test(a));
}

export interface StatementEvidence {
  sid?: string;
  actions: string[];
  principal: unknown;
  condition?: unknown;
  index: number;
}

export interface BucketPolicyAnalysis {
  publicRead: StatementEvidence[];
  publicWrite: StatementEvidence[];
  /** How Deny statements on everyone act on outside callers, for reads and for writes. */
  publicDeny: { read: PublicDeny; write: PublicDeny };
  /** A Deny that may refuse outside callers, depending on a value the scan cannot know (e.g. aws:SourceIp). */
  denyGuard?: string;
  crossAccount: {
    account: string;
    statement: StatementEvidence;
    permissionManagement: string[];
    write: string[];
    read: string[];
    orgScoped: boolean;
  }[];
  serviceWithoutSource: { service: string; statement: StatementEvidence }[];
  tls: 'enforced' | 'tls-version-only' | 'not-enforced';
}

const matching = (s: Statement, actions: string[]) => actions.filter((a) => statementMatchesAction(s, a));
const ev = (s: Statement, index: number, actions: string[]): StatementEvidence => ({
  ...(s.sid ? { sid: s.sid } : {}),
  actions,
  principal: s.notPrincipal !== undefined ? { NotPrincipal: s.notPrincipal } : s.principal,
  ...(s.condition ? { condition: s.condition } : {}),
  index,
});

/**
 * The callers a public grant is open to, with what S3 knows about their requests: an anonymous
 * caller and a caller signed in to some other account, both from the Internet (no VPC endpoint
 * of this account, TLS on because they choose it). Their source IP stays unknown.
 */
const OUTSIDE_CALLERS: { who: string; known: Record<string, string | null> }[] = [
  {
    who: 'anonymous callers',
    known: {
      'aws:userid': 'anonymous',
      'aws:principaltype': 'Anonymous',
      'aws:principalaccount': null,
      'aws:principalarn': null,
      'aws:principalorgid': null,
      'aws:principalorgpaths': null,
      'aws:principalisawsservice': 'false',
    },
  },
  {
    who: 'callers signed in to another AWS account',
    known: {
      'aws:userid': 'AIDAINCLOUDOUTSIDER',
      'aws:principaltype': 'User',
      'aws:principalaccount': 'incloud-outside-account',
      'aws:principalarn': 'arn:aws:iam::incloud-outside-account:user/outsider',
      'aws:principalorgid': 'o-incloud-outside',
      'aws:principalorgpaths': 'o-incloud-outside/r-outside/',
      'aws:principalisawsservice': 'false',
    },
  },
].map((c) => ({
  who: c.who,
  known: {
    ...c.known,
    'aws:sourcevpce': null,
    'aws:sourcevpc': null,
    'aws:sourcearn': null,
    'aws:sourceaccount': null,
    'aws:sourceowner': null,
    'aws:sourceorgid': null,
    'aws:securetransport': 'true',
  },
}));
const CALLER_CONTEXTS: RequestContext[] = OUTSIDE_CALLERS.map((c) => ({
  now: new Date(0),
  mfa: 'unknown',
  session: 'unknown',
  known: c.known,
}));

/**
 * Whether resource control policies refuse every kind of outside caller this action on this
 * resource: a level that denies it for sure, or where nothing allows it. Returns the refusal
 * (policy, level, statement) or undefined when some outside caller may get through.
 */
export function rcpRefusesOutsiders(levels: CapLevel[], action: string, resource: string): string | undefined {
  const reasons = CALLER_CONTEXTS.map((rc) => {
    for (const level of levels) {
      const applicable = level.statements.filter(
        (st) => statementMatchesAction(st, action) && statementMatchesResource(st, resource) && conditionVerdict(st, rc) === 'true',
      );
      const deny = applicable.find((st) => st.effect === 'Deny');
      if (deny)
        return `${deny.source} denies ${action} to ${describeCaller(rc)} (statement ${JSON.stringify(deny.sid ?? deny.index ?? 0)})`;
      const mayAllow = level.statements.some(
        (st) =>
          st.effect === 'Allow' &&
          statementMatchesAction(st, action) &&
          statementMatchesResource(st, resource) &&
          conditionVerdict(st, rc) !== 'false',
      );
      if (!mayAllow) return `none of the ${level.label} allows ${action}`;
    }
    return undefined;
  });
  return reasons.every(Boolean) ? reasons[0] : undefined;
}

const describeCaller = (rc: RequestContext) => OUTSIDE_CALLERS[CALLER_CONTEXTS.indexOf(rc)]?.who ?? 'outside callers';

/** Whether a statement's condition holds for each kind of outside caller ('true', 'false' or 'unknown'). */
const verdictsFor = (s: Statement) => CALLER_CONTEXTS.map((rc) => conditionVerdict(s, rc));

/** How the Deny statements on everyone act on outside callers for one action. */
export interface PublicDeny {
  /** Every kind of outside caller is refused: the public grant opens nothing. */
  blocked?: string;
  /** A Deny exists but leaves some outside callers untouched: it does not limit the exposure. */
  exempts?: string;
}

const describeStatement = (s: Statement, i: number) =>
  `Deny ${s.sid ? `"${s.sid}" ` : ''}(statement ${i})${s.condition ? ` ${JSON.stringify(s.condition)}` : ''}`;

function publicDeny(stmts: Statement[], action: string): { effect: PublicDeny; guard?: string } {
  const denies = stmts
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.effect === 'Deny' && isPublicPrincipal(s) && statementMatchesAction(s, action));
  if (!denies.length) return { effect: {} };
  const perCaller = OUTSIDE_CALLERS.map((_, k) => {
    const vs = denies.map(({ s }) => verdictsFor(s)[k]);
    return vs.includes('true') ? 'true' : vs.includes('unknown') ? 'unknown' : 'false';
  });
  const names = denies.map(({ s, i }) => describeStatement(s, i)).join('; ');
  if (perCaller.every((v) => v === 'true')) return { effect: { blocked: `${names} refuses every outside caller` } };
  const untouched = OUTSIDE_CALLERS.filter((_, k) => perCaller[k] === 'false').map((c) => c.who);
  // Only a Deny about who calls (not, say, one that enforces TLS) looks like a limit on the exposure.
  const aboutCallers = denies.some(({ s }) =>
    conditionEntries(s).some((c) => RESTRICTING_KEYS.has(c.key) || c.key === 'aws:principaltype'),
  );
  if (untouched.length && aboutCallers)
    return { effect: { exempts: `${names} does not apply to ${untouched.join(' or ')}: it guarantees the exposure` } };
  if (untouched.length) return { effect: {} };
  return { effect: {}, guard: `${names}, which refuses outside callers only under conditions the scan cannot decide` };
}

function tlsStatus(stmts: Statement[], bucketArn: string): BucketPolicyAnalysis['tls'] {
  let versionOnly = false;
  for (const s of stmts) {
    if (s.effect !== 'Deny' || !isPublicPrincipal(s)) continue;
    const allS3 = (s.actions ?? []).some((a) => a === '*' || a.toLowerCase() === 's3:*');
    const coversObjects = (s.resources ?? []).some((r) => wildcardMatch(r, `${bucketArn}/any-object-key`, false));
    if (!allS3 || !coversObjects) continue;
    for (const c of conditionEntries(s)) {
      if (/^Bool(IfExists)?$/.test(c.operator) && c.key === 'aws:securetransport' && c.values.map((v) => v.toLowerCase()).includes('false'))
        return 'enforced';
      if (/^NumericLessThan/.test(c.operator) && c.key === 's3:tlsversion') versionOnly = true;
    }
  }
  return versionOnly ? 'tls-version-only' : 'not-enforced';
}

export function analyzeBucketPolicy(
  doc: unknown,
  bucketArn: string,
  ownAccount: string,
  trustedAccounts: string[] = [],
): BucketPolicyAnalysis {
  const stmts = statementsOf(doc);
  const out: BucketPolicyAnalysis = {
    publicRead: [],
    publicWrite: [],
    crossAccount: [],
    serviceWithoutSource: [],
    tls: tlsStatus(stmts, bucketArn),
    publicDeny: { read: {}, write: {} },
  };
  const read = publicDeny(stmts, 's3:GetObject');
  const write = publicDeny(stmts, 's3:PutObject');
  out.publicDeny = { read: read.effect, write: write.effect };
  out.denyGuard = read.guard ?? write.guard;
  stmts.forEach((s, i) => {
    if (s.effect !== 'Allow') return;
    const read = matching(s, READ_ACTIONS);
    const write = matching(s, GRANTABLE_WRITES);
    // A pin that an outside caller can still satisfy (aws:userid "anonymous") pins nothing.
    const pin = restrictingCondition(s);
    const restricted = pin && !verdictsFor(s).includes('true') ? pin : undefined;
    if (isPublicPrincipal(s)) {
      if (restricted) return;
      if (read.length) out.publicRead.push(ev(s, i, read));
      if (write.length) out.publicWrite.push(ev(s, i, write));
      return;
    }
    const p = principalsOf(s.principal);
    const orgScoped = guardingConditions(s).some((c) => c.key === 'aws:principalorgid' && c.values.every(fixedValue));
    const foreign = new Set<string>();
    for (const a of p.aws) {
      const acct = principalAccount(a);
      if (acct && acct !== ownAccount && !trustedAccounts.includes(acct)) foreign.add(acct);
    }
    for (const account of foreign) {
      out.crossAccount.push({
        account,
        statement: ev(s, i, [...read, ...write]),
        permissionManagement: matching(s, PERMISSION_MANAGEMENT_ACTIONS),
        write,
        read,
        orgScoped,
      });
    }
    for (const svc of p.service) {
      const keys = guardingConditions(s).map((c) => c.key);
      if (!keys.some((k) => ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceorgid'].includes(k)))
        out.serviceWithoutSource.push({ service: svc, statement: ev(s, i, [...read, ...write]) });
    }
  });
  return out;
}
