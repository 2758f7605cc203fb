import type { Context } from '../../src/engine/context.js';
import type { CheckResult } from '../../src/model/findings.js';
import type { AuthorizationDetails, IamRole, IamUser, Snapshot } from '../../src/model/snapshot.js';
import { withIam } from '../_lib.js';

export const isServiceLinked = (r: IamRole): boolean => (r.path ?? '').startsWith('/aws-service-role/');

/** Runs fn with the authorization details, or yields "not assessed" if they were not collected. */
export function withAad(s: Snapshot, ctx: Context, fn: (aad: AuthorizationDetails) => CheckResult[]): CheckResult[] {
  return withIam(s, ctx, ['authorizationDetails'], ({ authorizationDetails }) => (authorizationDetails.state === 'ok' ? fn(authorizationDetails.value) : []));
}

export function principalRef(ctx: Context, p: IamUser | IamRole, kind: 'user' | 'role') {
  return ctx.iamRef(kind, p.arn, p.name);
}

/** How reachable a principal is from outside: users with keys or passwords, roles trusted externally. */
export function principalReach(ctx: Context, s: Snapshot, arn: string, kind: 'user' | 'role'): { reach: number; factors: string[] } {
  if (kind === 'user') {
    const cr = s.iam.credentialReport;
    const row = cr.state === 'ok' ? cr.value.rows.find((r) => r.arn === arn) : undefined;
    if (!row) return { reach: 1, factors: [] };
    if (row.passwordEnabled && !row.mfaActive) return { reach: 3, factors: ['console password without MFA'] };
    if (row.accessKeys.some((k) => k.active)) return { reach: 2, factors: ['active access key'] };
    if (row.passwordEnabled) return { reach: 2, factors: ['console password with MFA'] };
    return { reach: 1, factors: [] };
  }
  // Instance profile roles on reachable instances.
  for (const [region, r] of ctx.ec2Regions()) {
    if (r.instances.state !== 'ok' || r.networkInterfaces.state !== 'ok') continue;
    for (const inst of r.instances.value) {
      if (ctx.instanceRole(inst)?.arn !== arn) continue;
      if (ctx.instanceReachable(region, inst)) return { reach: 3, factors: [`instance profile of Internet-reachable ${inst.id}`] };
    }
  }
  return { reach: 1, factors: [] };
}
