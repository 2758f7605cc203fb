import type { IamRole, IamUser } from '../../src/model/snapshot.js';
import { define, fail, notAssessed, pass } from '../_lib.js';
import { eachPrincipal, principalReach } from './_principals.js';

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
  evaluate: (s, ctx) => {
    const aad = s.iam.authorizationDetails.state === 'ok' ? s.iam.authorizationDetails.value : undefined;
    const adminGroups = new Set((aad?.groups ?? []).filter((g) => g.attached.some((x) => AWS_ADMIN.test(x.arn))).map((g) => g.name));
    const viaAwsAdmin = (p: IamUser | IamRole) =>
      p.attached.some((x) => AWS_ADMIN.test(x.arn)) || ('groups' in p && p.groups.some((g) => adminGroups.has(g)));
    return eachPrincipal(s, ctx, (p, kind, ref, a) => {
      if (a.admin === 'no' && a.unknownPolicies.length) return notAssessed(ref, `policies not readable: ${a.unknownPolicies.join(', ')}`);
      // Admin through AdministratorAccess is iam.aws-admin-policy-attached's finding.
      if (a.admin !== 'admin' || viaAwsAdmin(p)) return pass(ref);
      const reach = principalReach(ctx, s, p.arn, kind);
      const severity = kind === 'role' ? 'medium' : reach.reach >= 3 ? 'critical' : 'high';
      return fail(
        ref,
        `${kind === 'user' ? 'User' : 'Role'} ${p.name} is admin through ${a.sources.join(', ')}.`,
        { principal: p.arn, policies: a.sources },
        {
          severity,
          exposure: { reach: reach.reach, blast: 3, factors: reach.factors },
        },
      );
    });
  },
});
