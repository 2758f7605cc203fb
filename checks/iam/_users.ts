import type { CheckContext, CheckDefinition, CheckResult } from '../../src/engine/check-api.js';
import type { RankContext, Severity } from '../../src/model/findings.js';
import type { CredentialReportRow, Snapshot } from '../../src/model/snapshot.js';
import { reportUsers, withIam } from '../_lib.js';

/** Privilege of a user (admin / can escalate / other) for blast radius and toxic combinations. */
export function userPrivilege(ctx: CheckContext, arn: string): { blast: number; label?: string } {
  const a = ctx.principal(arn);
  if (!a) return { blast: 1, label: 'privileges unknown (IAM authorization details not collected)' };
  if (a.admin === 'admin') return { blast: 3, label: 'user is admin' };
  if (a.admin === 'conditional' || a.escalation.length)
    return { blast: 2, label: `user can escalate (${a.escalation.map((e) => e.id).join(', ') || 'conditional admin'})` };
  return { blast: 1 };
}

export function userRef(ctx: CheckContext, row: CredentialReportRow) {
  return ctx.iamRef('user', row.arn, row.user);
}

export function exposureFor(
  ctx: CheckContext,
  row: CredentialReportRow,
  reach: number,
  extra: string[] = [],
): { exposure: RankContext; privileged: boolean } {
  const p = userPrivilege(ctx, row.arn);
  return { exposure: { reach, blast: p.blast, factors: [...extra, ...(p.label ? [p.label] : [])] }, privileged: p.blast >= 2 };
}

/**
 * The credential report can be up to four hours old; ListMFADevices is live. A user who has
 * registered an MFA device since the report was generated counts as having MFA.
 */
export function withLiveMfa(s: Snapshot, row: CredentialReportRow): CredentialReportRow {
  if (row.mfaActive || s.iam.mfaDevices?.state !== 'ok') return row;
  return s.iam.mfaDevices.value.some((d) => d.userName === row.user) ? { ...row, mfaActive: true } : row;
}

/** Access key ids of a user (from ListAccessKeys), for evidence and remediation. */
export function keyIds(s: Snapshot, user: string): { id: string; status: string; created?: string }[] {
  return s.iam.accessKeys?.state === 'ok'
    ? s.iam.accessKeys.value.filter((k) => k.userName === user).map((k) => ({ id: k.accessKeyId, status: k.status, created: k.createDate }))
    : [];
}

/** Runs fn for each non-root credential-report row. */
export function perUser(
  meta: Omit<CheckDefinition, 'evaluate'>,
  fn: (row: CredentialReportRow, ctx: CheckContext, s: Snapshot) => CheckResult[],
): CheckDefinition {
  return {
    ...meta,
    evaluate: (s, ctx) =>
      withIam(s, ctx, ['credentialReport'], ({ credentialReport }) =>
        credentialReport.state === 'ok' ? reportUsers(credentialReport.value.rows).flatMap((r) => fn(withLiveMfa(s, r), ctx, s)) : [],
      ),
  };
}

export const raise = (base: Severity, privileged: boolean, to: Severity): Severity => (privileged ? to : base);
