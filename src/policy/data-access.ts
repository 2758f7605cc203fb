// What a principal can do to the data in each bucket of its own account: read, write, delete
// objects, or change the bucket policy. Within one account a request is allowed when the
// identity policies allow it or the bucket policy names the principal, and no Deny in either
// refuses it. Each grant keeps the statements that allow it. Pure.

import { forRequest } from './conditions.js';
import { statementRef, type HopStatement } from './graph-types.js';
import {
  allowingStatement,
  conditionVerdict,
  evaluate,
  matchesEverything,
  principalsOf,
  statementMatchesAction,
  statementMatchesResource,
  wildcardMatch,
  type PolicySet,
  type Statement,
} from './iam.js';

export type DataAccess = 'read' | 'write' | 'delete' | 'policy';

const ACCESS: { access: DataAccess; action: string; object: boolean }[] = [
  { access: 'read', action: 's3:GetObject', object: true },
  { access: 'write', action: 's3:PutObject', object: true },
  { access: 'delete', action: 's3:DeleteObject', object: true },
  { access: 'policy', action: 's3:PutBucketPolicy', object: false },
];

export const ACCESS_ACTION: Record<DataAccess, string> = Object.fromEntries(ACCESS.map((a) => [a.access, a.action])) as Record<
  DataAccess,
  string
>;

export interface DataBucket {
  name: string;
  arn: string;
  /** The bucket policy's statements ([] without a policy; undefined when it could not be read). */
  policy: Statement[] | undefined;
}

export interface BucketGrant {
  bucket: DataBucket;
  access: DataAccess[];
  /** Per access, the statement that allows it. */
  allowedBy: Partial<Record<DataAccess, HopStatement>>;
  conditional: boolean;
}

const namesPrincipal = (s: Statement, arn: string) => principalsOf(s.principal).aws.includes(arn);
const appliesTo = (s: Statement, arn: string) => principalsOf(s.principal).any || namesPrincipal(s, arn);
const universalS3 = (pattern: string) => matchesEverything(pattern) || /^arn:[^:]+:s3:::\*(\/\*)?$/.test(pattern);
const resourceOf = (b: DataBucket, object: boolean) => (object ? `${b.arn}/incloud-any-object` : b.arn);

/** Statements of a set that bear on S3 data actions. */
const relevant = (stmts: Statement[]) => stmts.filter((s) => ACCESS.some((a) => statementMatchesAction(s, a.action)));

export interface BucketAccess {
  /** Grants that depend on the bucket (its policy, or identity statements scoped to some buckets). */
  grants: BucketGrant[];
  /** One grant shared by many buckets: identity statements on all of S3, buckets without a policy. */
  shared?: { grant: Omit<BucketGrant, 'bucket'>; buckets: DataBucket[] };
}

function grantOn(principal: { arn: string; set: PolicySet }, b: DataBucket): BucketGrant {
  const { set } = principal;
  const grant: BucketGrant = { bucket: b, access: [], allowedBy: {}, conditional: b.policy === undefined };
  for (const { access, action, object } of ACCESS) {
    const resource = resourceOf(b, object);
    const id = evaluate(set, action, resource);
    if (id === 'deny') continue;
    const matching = (b.policy ?? []).filter((s) => statementMatchesAction(s, action) && statementMatchesResource(s, resource));
    const rc = set.context && forRequest(set.context, action, resource);
    const verdict = (s: Statement) => conditionVerdict(s, rc);
    const denies = matching.filter((s) => s.effect === 'Deny' && appliesTo(s, principal.arn)).map(verdict);
    if (denies.includes('true')) continue;
    const resourceAllow = matching.find((s) => s.effect === 'Allow' && namesPrincipal(s, principal.arn) && verdict(s) !== 'false');
    const byIdentity = id === 'allow' || id === 'conditional';
    if (!byIdentity && !resourceAllow) continue;
    const source = byIdentity ? allowingStatement(set, action, resource) : resourceAllow;
    grant.access.push(access);
    if (source) grant.allowedBy[access] = statementRef(source);
    const unconditional = id === 'allow' || (resourceAllow !== undefined && verdict(resourceAllow) === 'true');
    if (!unconditional || denies.includes('unknown')) grant.conditional = true;
  }
  return grant;
}

/**
 * The buckets of an account, sorted for the question "which ones does this principal's access
 * tell apart?": a bucket whose policy has no Deny on everyone and does not name the principal
 * answers like any other such bucket (neutral), so that answer is made once per principal.
 */
export class BucketIndex {
  readonly neutral: DataBucket[];
  readonly others: DataBucket[];
  private readonly named = new Map<string, DataBucket[]>();
  private readonly neutralSet: Set<DataBucket>;

  constructor(readonly buckets: DataBucket[]) {
    // An Allow to "*" grants an outsider's access, never more than a same-account principal's own policies do here.
    const denyAll = (b: DataBucket) =>
      (b.policy ?? []).some((s) => s.effect === 'Deny' && (s.notPrincipal !== undefined || principalsOf(s.principal).any));
    this.neutral = buckets.filter((b) => b.policy !== undefined && !denyAll(b));
    this.neutralSet = new Set(this.neutral);
    this.others = buckets.filter((b) => !this.neutralSet.has(b));
    for (const b of buckets)
      for (const arn of new Set((b.policy ?? []).flatMap((s) => principalsOf(s.principal).aws))) {
        const list = this.named.get(arn) ?? [];
        list.push(b);
        this.named.set(arn, list);
      }
  }

  /** Buckets whose policy names this principal. */
  namedFor(arn: string): DataBucket[] {
    return this.named.get(arn) ?? [];
  }

  isNeutral(b: DataBucket): boolean {
    return this.neutralSet.has(b);
  }
}

/** The buckets that scoped grants can reach: those their Resource patterns name (by name, or matched when it has a wildcard). */
function bucketsNamed(scoped: Statement[], buckets: DataBucket[]): DataBucket[] {
  const patterns = scoped.flatMap((s) => (s.notResources ? ['*'] : (s.resources ?? [])));
  const names = patterns.map((p) => /^arn:[^:]+:s3:::([^/]*)/.exec(p)?.[1]);
  if (names.some((n) => n === undefined || n === '')) return buckets; // "*", "arn:aws:*" or the like: every bucket
  const exact = new Set(names.filter((n) => !/[*?]/.test(n!)));
  const wild = names.filter((n) => /[*?]/.test(n!)) as string[];
  return buckets.filter((b) => exact.has(b.name) || wild.some((w) => wildcardMatch(w, b.name, false)));
}

/**
 * The buckets a principal can read, write, delete in or re-police. Neutral buckets that no
 * scoped grant names get one answer, made once and shared.
 */
export function bucketAccess(principal: { arn: string; set: PolicySet }, index: BucketIndex): BucketAccess {
  const identity = relevant([...principal.set.identity, ...(principal.set.boundary ?? [])]);
  const namedBy = index.namedFor(principal.arn);
  if (!identity.some((s) => s.effect === 'Allow') && !namedBy.length) return { grants: [] };
  // Statements on all of S3 treat every bucket alike; only scoped ones and the bucket's own policy tell buckets apart.
  const scoped = identity.filter((s) => s.notResources || !(s.resources ?? []).some(universalS3));
  const exceptions = new Set([...namedBy, ...(scoped.length ? bucketsNamed(scoped, index.buckets) : [])]);
  const plain = exceptions.size ? index.neutral.filter((b) => !exceptions.has(b)) : index.neutral;
  const specific = [...index.others, ...[...exceptions].filter((b) => index.isNeutral(b))];
  const grants = specific.map((b) => grantOn(principal, b)).filter((g) => g.access.length);
  if (!plain.length) return { grants };
  const { bucket: _, ...grant } = grantOn(principal, plain[0]!);
  return grant.access.length ? { grants, shared: { grant, buckets: plain } } : { grants };
}
