// Shared logic of the public bucket-policy and bucket-ACL checks.

import type { CheckContext, CheckResult } from '../../src/engine/check-api.js';
import type { Severity } from '../../src/model/findings.js';
import type { Bucket, Snapshot } from '../../src/model/snapshot.js';
import { PolicyParseError } from '../../src/policy/iam.js';
import { analyzeBucketPolicy, type BucketPolicyAnalysis } from '../../src/policy/s3policy.js';
import { blockedByGuardrail, effectiveBpa, fail, isIntentionallyPublic, notAssessed, pass } from '../_lib.js';

export function policyAnalysis(ctx: CheckContext, b: Bucket): BucketPolicyAnalysis | undefined | Error {
  if (b.policy.state !== 'ok') return undefined;
  try {
    return analyzeBucketPolicy(b.policy.value, b.arn, ctx.accountId, ctx.config.trustedAccounts);
  } catch (err) {
    if (err instanceof PolicyParseError) return err;
    throw err;
  }
}

function versionedOrLocked(b: Bucket): string[] {
  const out: string[] = [];
  if (b.versioning.state === 'ok' && b.versioning.value.status !== 'Enabled') out.push('versioning off');
  if (b.objectLock.state !== 'ok' || !b.objectLock.value.enabled) out.push('no Object Lock');
  return out;
}

const VERBS = { read: 'read or list objects', write: 'write, delete or change permissions' };

/** The organization's RCPs refusing every outside caller the bucket's objects, if they do. */
const rcpBlock = (ctx: CheckContext, b: Bucket, kind: 'read' | 'write') =>
  ctx.rcpRefusal(kind === 'read' ? 's3:GetObject' : 's3:PutObject', `${b.arn}/incloud-any-object-key`);

export function publicPolicyCheck(s: Snapshot, ctx: CheckContext, b: Bucket, kind: 'read' | 'write'): CheckResult {
  const ref = ctx.bucketRef(b);
  const a = policyAnalysis(ctx, b);
  if (a instanceof Error) return notAssessed(ref, `bucket policy could not be interpreted: ${a.message}`);
  const statements = a ? (kind === 'read' ? a.publicRead : a.publicWrite) : [];
  const awsSaysPublic = b.policyStatus.state === 'ok' && b.policyStatus.value.isPublic;
  // AWS's own verdict counts when our reading finds no public statement of either kind.
  const awsOnly = awsSaysPublic && a !== undefined && a.publicRead.length === 0 && a.publicWrite.length === 0 && kind === 'read';
  if (!statements.length && !awsOnly) return pass(ref);
  const rcp = rcpBlock(ctx, b, kind);
  if (rcp) return blockedByGuardrail(ref, `Bucket ${b.name}'s policy lets anyone ${VERBS[kind]}`, rcp, { bucket: b.name, statements });
  const bpa = effectiveBpa(s, b);
  const factors: string[] = [];
  let severity: Severity = 'critical';
  let reach = 3;
  const deny = a?.publicDeny[kind];
  if (bpa.flags.restrictPublicBuckets) {
    severity = 'low';
    reach = 0;
    factors.push(
      `neutralised: RestrictPublicBuckets is on (${bpa.sources.restrictPublicBuckets.join(' and ')}); only AWS services and this account can use the public statements`,
    );
  } else if (deny?.blocked) {
    severity = 'low';
    reach = 0;
    factors.push(`blocked: ${deny.blocked}`);
  } else if (a?.denyGuard && !deny?.exempts) {
    severity = 'medium';
    reach = 1;
    factors.push(`mitigated by ${a.denyGuard}`);
  } else {
    factors.push('effective: no Block Public Access setting neutralises it');
    if (deny?.exempts) factors.push(deny.exempts);
    if (!bpa.accountKnown) factors.push('account-level Block Public Access unknown');
  }
  if (isIntentionallyPublic(ctx, b)) {
    severity = 'info';
    factors.push('bucket is on the intentionally-public allow-list');
  }
  const recovery = kind === 'write' ? versionedOrLocked(b) : [];
  if (kind === 'write' && recovery.length === 2 && severity === 'critical') factors.push('no recovery: versioning off and no Object Lock');
  const verb = VERBS[kind];
  return fail(
    ref,
    `Bucket ${b.name}'s policy lets anyone ${verb}${awsOnly ? ' (S3 reports the policy as public)' : ''}${severity === 'low' ? ', but Block Public Access neutralises it' : ''}.`,
    {
      bucket: b.name,
      statements,
      awsPolicyStatusIsPublic: awsSaysPublic,
      blockPublicAccess: bpa.flags,
      denyGuard: a?.denyGuard,
      publicDeny: deny,
      recoveryGaps: recovery,
    },
    { severity, exposure: { reach, blast: kind === 'write' ? 3 : 2, factors } },
  );
}

const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

export function publicAclCheck(
  s: Snapshot,
  ctx: CheckContext,
  b: Bucket,
  permissions: string[],
  label: string,
  baseSeverity: (perms: string[]) => Severity,
): CheckResult {
  const ref = ctx.bucketRef(b);
  if (b.acl.state !== 'ok') return notAssessed(ref, 'bucket ACL not collected');
  const grants = b.acl.value.grants.filter((g) => (g.uri === ALL_USERS || g.uri === AUTH_USERS) && permissions.includes(g.permission));
  if (!grants.length) return pass(ref);
  const rcp = rcpBlock(ctx, b, permissions.some((p) => p === 'READ' || p === 'FULL_CONTROL') ? 'read' : 'write');
  if (rcp)
    return blockedByGuardrail(ref, `Bucket ${b.name}'s ACL grants ${grants.map((g) => g.permission).join(', ')} to everyone`, rcp, {
      bucket: b.name,
      grants,
    });
  const bpa = effectiveBpa(s, b);
  const enforced = b.ownership.state === 'ok' && b.ownership.value === 'BucketOwnerEnforced';
  const neutralised = enforced || bpa.flags.ignorePublicAcls;
  let severity = baseSeverity(grants.map((g) => g.permission));
  const factors: string[] = [];
  if (neutralised) {
    severity = 'low';
    factors.push(
      enforced
        ? 'neutralised: Object Ownership is BucketOwnerEnforced (ACLs ignored)'
        : `neutralised: IgnorePublicAcls is on (${bpa.sources.ignorePublicAcls.join(' and ')})`,
    );
  } else factors.push('effective: ACLs are enabled and IgnorePublicAcls is off at bucket and account level');
  if (isIntentionallyPublic(ctx, b)) {
    severity = 'info';
    factors.push('bucket is on the intentionally-public allow-list');
  }
  const who = [...new Set(grants.map((g) => (g.uri === ALL_USERS ? 'everyone (AllUsers)' : 'any AWS account (AuthenticatedUsers)')))].join(
    ' and ',
  );
  return fail(
    ref,
    `Bucket ${b.name}'s ACL grants ${grants.map((g) => g.permission).join(', ')} to ${who}${neutralised ? ', but the grant is neutralised' : ''}.`,
    {
      bucket: b.name,
      grants,
      objectOwnership: b.ownership.state === 'ok' ? b.ownership.value : undefined,
      blockPublicAccess: bpa.flags,
      label,
    },
    { severity, exposure: { reach: neutralised ? 0 : 3, blast: 2, factors } },
  );
}
