import type { CheckResult } from '../../src/model/findings.js';
import { documentGrantsAdmin } from '../../src/policy/iam.js';
import { define, fail, notAssessed, pass } from '../_lib.js';
import { isServiceLinked, principalReach, principalRef, withAad } from './_principals.js';

export default define({
  id: 'iam.aws-admin-policy-attached',
  title: 'Principal is effectively admin through an AWS-managed policy',
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: { prowler: 'iam_user_administrator_access_policy, iam_group_administrator_access_policy, iam_role_administratoraccess_policy' },
  description:
    "AdministratorAccess (or another AWS-managed policy granting *:*) reaches a user (directly or through a group) or role, and the principal's effective permissions (after explicit Deny and permissions boundary) are still admin. High for users, medium for roles.",
  remediation: {
    summary: 'Detach AdministratorAccess; give people admin through a short-lived, MFA-protected role.',
    cli: 'aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess   # or detach-group-policy / detach-role-policy',
    terraform: '# remove the aws_iam_*_policy_attachment that references arn:aws:iam::aws:policy/AdministratorAccess',
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) => {
      const adminAwsPolicies = new Set<string>([`arn:${ctx.partition}:iam::aws:policy/AdministratorAccess`]);
      for (const p of aad.policies) {
        if (!p.awsManaged) continue;
        const st = ctx.managedPolicyStatements(p.arn);
        if (st && documentGrantsAdmin(st).admin && !documentGrantsAdmin(st).conditional) adminAwsPolicies.add(p.arn);
      }
      const viaGroups = (groups: string[]) =>
        aad.groups.filter((g) => groups.includes(g.name) && g.attached.some((a) => adminAwsPolicies.has(a.arn))).map((g) => g.name);
      const out: CheckResult[] = [];
      const principals = [
        ...aad.users.map((u) => ({ p: u, kind: 'user' as const, groups: viaGroups(u.groups) })),
        ...aad.roles.filter((r) => !isServiceLinked(r)).map((r) => ({ p: r, kind: 'role' as const, groups: [] as string[] })),
      ];
      for (const { p, kind, groups } of principals) {
        const ref = principalRef(ctx, p, kind);
        const direct = p.attached.filter((a) => adminAwsPolicies.has(a.arn)).map((a) => a.arn);
        if (!direct.length && !groups.length) {
          out.push(pass(ref));
          continue;
        }
        const a = ctx.principal(p.arn);
        if (!a) {
          out.push(notAssessed(ref, 'principal not analysed'));
          continue;
        }
        if (a.admin === 'no') {
          // e.g. a Deny */* or a boundary takes it away, unless a policy could not be read
          out.push(a.unknownPolicies.length ? notAssessed(ref, `policies not readable: ${a.unknownPolicies.join(', ')}`) : pass(ref));
          continue;
        }
        const reach = principalReach(ctx, s, p.arn, kind);
        out.push(
          fail(
            ref,
            `${kind === 'user' ? 'User' : 'Role'} ${p.name} is admin through ${[...direct, ...groups.map((g) => `group ${g}`)].join(', ')}${a.admin === 'conditional' ? ' (under conditions)' : ''}.`,
            { principal: p.arn, policies: direct, viaGroups: groups, effective: a.admin },
            { severity: kind === 'user' ? 'high' : 'medium', exposure: { reach: reach.reach, blast: 3, factors: reach.factors } },
          ),
        );
      }
      return out;
    }),
});
