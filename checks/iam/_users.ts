import type { Context } from '../../src/engine/context.js';
import type { CheckDefinition, CheckResult, Exposure, Severity } from '../../src/model/findings.js';
import type { CredentialReportRow } from '../../src/model/snapshot.js';
import { reportUsers, withIam } from '../_lib.js';

/** Privilege of a user (admin / can escalate / other) for blast radius and toxic combinations. */
export function userPrivilege(ctx: Context, arn: string): { blast: number; label?: string } {
  const a = ctx.principal(arn);
  if (!a) return { blast: 1 };
  if (a.admin === 'admin') return { blast: 3, label: 'user is admin' };
  if (a.admin === 'conditional' || a.escalation.length) return { blast: 2, label: `user can escalate (${a.escalation.map((e) => e.id).join(', ') || 'conditional admin'})` };
  return { blast: 1 };
}

export function userRef(ctx: Context, row: CredentialReportRow) {
  return ctx.iamRef('user', row.arn, row.user);
}

export function exposureFor(ctx: Context, row: CredentialReportRow, reach: number, extra: string[] = []): { exposure: Exposure; privileged: boolean } {
  const p = userPrivilege(ctx, row.arn);
  return { exposure: { reach, blast: p.blast, factors: [...extra, ...(p.label ? [p.label] : [])] }, privileged: p.blast >= 2 };
}

/** Runs fn for each non-root credential-report row. */
export function perUser(meta: Omit<CheckDefinition, 'evaluate'>, fn: (row: CredentialReportRow, ctx: Context) => CheckResult[]): CheckDefinition {
  return {
    ...meta,
    evaluate: (s, ctx) => withIam(s, ctx, ['credentialReport'], ({ credentialReport }) =>
      credentialReport.state === 'ok' ? reportUsers(credentialReport.value.rows).flatMap((r) => fn(r, ctx)) : []),
  };
}

export const raise = (base: Severity, privileged: boolean, to: Severity): Severity => (privileged ? to : base);
