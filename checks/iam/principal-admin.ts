import type { CheckResult } from '../../src/model/findings.js';
import { define, fail, notAssessed, pass } from '../_lib.js';
import { isServiceLinked, principalReach, principalRef, withAad } from './_principals.js';

const AWS_ADMIN = /^arn:[^:]+:iam::aws:policy\/AdministratorAccess$/;

export default define({
  id: 'iam.principal-admin',
  title: "Principal is admin through its own or its groups' policies",
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: {
    securityHub: 'IAM.1 (related)',
    prowler: 'iam_inline_policy_no_administrative_privileges, iam_customer_attached_policy_no_administrative_privileges',
  },
  description:
    'The effective permissions of a user (with its groups) or role are admin through a customer-managed policy, an inline policy or a group policy, ' +
    'after explicit Deny and permissions boundary. Admin through the AWS-managed AdministratorAccess is reported by iam.aws-admin-policy-attached. ' +
    'High for users, medium for roles; critical for a user that can sign in or use keys without MFA.',
  remediation: {
    summary: 'Replace the broad policy with the actions the principal uses; give people admin through a role they assume with MFA.',
    cli: 'aws iam delete-user-policy --user-name <user> --policy-name <name>   # or detach-user-policy / detach-role-policy / detach-group-policy',
    terraform: '# remove the "*" on "*" statement from the aws_iam_policy or aws_iam_*_policy that grants it',
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) => {
      const out: CheckResult[] = [];
      const viaAwsAdmin = (groups: string[], attached: { arn: string }[]) =>
        attached.some((a) => AWS_ADMIN.test(a.arn)) ||
        aad.groups.some((g) => groups.includes(g.name) && g.attached.some((a) => AWS_ADMIN.test(a.arn)));
      const principals = [
        ...aad.users.map((p) => ({ p, kind: 'user' as const, aws: viaAwsAdmin(p.groups, p.attached) })),
        ...aad.roles.filter((r) => !isServiceLinked(r)).map((p) => ({ p, kind: 'role' as const, aws: viaAwsAdmin([], p.attached) })),
      ];
      for (const { p, kind, aws } of principals) {
        const ref = principalRef(ctx, p, kind);
        const a = ctx.principal(p.arn);
        if (!a) {
          out.push(notAssessed(ref, 'principal not analysed'));
          continue;
        }
        if (a.admin !== 'admin' || aws) {
          out.push(
            a.admin === 'no' && a.unknownPolicies.length
              ? notAssessed(ref, `policies not readable: ${a.unknownPolicies.join(', ')}`)
              : pass(ref),
          );
          continue;
        }
        const reach = principalReach(ctx, s, p.arn, kind);
        const severity = kind === 'role' ? 'medium' : reach.reach >= 3 ? 'critical' : 'high';
        out.push(
          fail(
            ref,
            `${kind === 'user' ? 'User' : 'Role'} ${p.name} is admin through ${a.sources.join(', ')}.`,
            { principal: p.arn, policies: a.sources },
            {
              severity,
              exposure: { reach: reach.reach, blast: 3, factors: reach.factors },
            },
          ),
        );
      }
      return out;
    }),
});
