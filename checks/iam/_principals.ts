import type { CheckContext, CheckResult, PrincipalAnalysis } from '../../src/engine/check-api.js';
import type { ResourceRef } from '../../src/model/findings.js';
import type { AuthorizationDetails, IamRole, IamUser, Snapshot } from '../../src/model/snapshot.js';
import { documentGrantsAdmin } from '../../src/policy/iam.js';
import { notAssessed, withIam } from '../_lib.js';

export const isServiceLinked = (r: IamRole): boolean => (r.path ?? '').startsWith('/aws-service-role/');

/** Runs fn with the authorization details, or yields "not assessed" if they were not collected. */
export function withAad(s: Snapshot, ctx: CheckContext, fn: (aad: AuthorizationDetails) => CheckResult[]): CheckResult[] {
  return withIam(s, ctx, ['authorizationDetails'], ({ authorizationDetails }) =>
    authorizationDetails.state === 'ok' ? fn(authorizationDetails.value) : [],
  );
}

/**
 * AWS-managed policies that grant admin unconditionally (AdministratorAccess and any like it),
 * and for a principal which of them reach it directly or through its groups.
 */
export function awsAdminGrants(s: Snapshot, ctx: CheckContext): (p: IamUser | IamRole) => { direct: string[]; groups: string[] } {
  const aad = s.iam.authorizationDetails.state === 'ok' ? s.iam.authorizationDetails.value : { policies: [], groups: [] };
  const admin = new Set<string>([`arn:${ctx.partition}:iam::aws:policy/AdministratorAccess`]);
  for (const p of aad.policies) {
    if (!p.awsManaged) continue;
    const st = ctx.managedPolicyStatements(p.arn);
    if (st && documentGrantsAdmin(st).admin && !documentGrantsAdmin(st).conditional) admin.add(p.arn);
  }
  const adminGroups = new Set(aad.groups.filter((g) => g.attached.some((a) => admin.has(a.arn))).map((g) => g.name));
  return (p) => ({
    direct: p.attached.filter((a) => admin.has(a.arn)).map((a) => a.arn),
    groups: 'groups' in p ? p.groups.filter((g) => adminGroups.has(g)) : [],
  });
}

/**
 * Runs fn for every user and every role that is not service-linked, with its analysis; a
 * principal that could not be analysed is "not assessed".
 */
export function eachPrincipal(
  s: Snapshot,
  ctx: CheckContext,
  fn: (p: IamUser | IamRole, kind: 'user' | 'role', ref: ResourceRef, a: PrincipalAnalysis) => CheckResult,
): CheckResult[] {
  return withAad(s, ctx, (aad) =>
    [
      ...aad.users.map((p) => ({ p, kind: 'user' as const })),
      ...aad.roles.filter((r) => !isServiceLinked(r)).map((p) => ({ p, kind: 'role' as const })),
    ].map(({ p, kind }) => {
      const ref = principalRef(ctx, p, kind);
      const a = ctx.principal(p.arn);
      return a ? fn(p, kind, ref, a) : notAssessed(ref, 'principal not analysed');
    }),
  );
}

export function principalRef(ctx: CheckContext, p: IamUser | IamRole, kind: 'user' | 'role') {
  return ctx.iamRef(kind, p.arn, p.name);
}

/**
 * How reachable a principal is from outside. `external` marks credentials usable from the
 * Internet without a second factor: active access keys, a password without MFA, the role of an
 * Internet-reachable instance.
 */
export function principalReach(
  ctx: CheckContext,
  s: Snapshot,
  arn: string,
  kind: 'user' | 'role',
): { reach: number; external: boolean; factors: string[] } {
  if (kind === 'user') {
    const cr = s.iam.credentialReport;
    // Without the report, how the user signs in is unknown: say so rather than rank it as internal.
    if (cr.state !== 'ok')
      return {
        reach: 1,
        external: false,
        factors: ['reach unknown: the credential report was not collected, so keys and passwords could not be checked'],
      };
    const row = cr.value.rows.find((r) => r.arn === arn);
    if (!row) return { reach: 1, external: false, factors: ['reach unknown: the user is not in the credential report (created since?)'] };
    if (row.passwordEnabled && !row.mfaActive) return { reach: 3, external: true, factors: ['console password without MFA'] };
    if (row.accessKeys.some((k) => k.active)) return { reach: 2, external: true, factors: ['active access key'] };
    if (row.passwordEnabled) return { reach: 2, external: false, factors: ['console password with MFA'] };
    return { reach: 1, external: false, factors: [] };
  }
  const reachable = ctx.reachableInstanceOfRole(arn);
  if (reachable) return { reach: 3, external: true, factors: [`instance profile of Internet-reachable ${reachable.instance.id}`] };
  const gaps = ctx.reachGaps();
  return {
    reach: 1,
    external: false,
    factors: gaps.length ? [`reach unknown in ${gaps.join(', ')}: instance or network data not collected there`] : [],
  };
}
