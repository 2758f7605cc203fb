import { blockedByGuardrail, define, fail, notAssessed, partlyCappedNote, pass } from '../_lib.js';
import { awsAdminGrants, eachPrincipal, principalReach } from './_principals.js';

export default define({
  id: 'iam.principal-admin',
  title: "Principal is admin through its own or its groups' policies",
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: { prowler: 'iam_inline_policy_no_administrative_privileges, iam_customer_attached_policy_no_administrative_privileges' },
  description:
    'The effective permissions of a user (with its groups) or role are admin through a customer-managed policy, an inline policy or a group policy, ' +
    'after explicit Deny and permissions boundary. Admin through AdministratorAccess or another AWS-managed admin policy is reported by iam.aws-admin-policy-attached. ' +
    'High for users, medium for roles; critical for a user that can sign in or use keys without MFA.',
  remediation: {
    summary: 'Replace the broad policy with the actions the principal uses; give people admin through a role they assume with MFA.',
    cli: 'aws iam delete-user-policy --user-name <user> --policy-name <name>   # or detach-user-policy / detach-role-policy / detach-group-policy',
    terraform: '# remove the "*" on "*" statement from the aws_iam_policy or aws_iam_*_policy that grants it',
  },
  evaluate: (s, ctx) => {
    const grants = awsAdminGrants(s, ctx);
    return eachPrincipal(s, ctx, (p, kind, ref, a) => {
      if (a.admin === 'no' && a.unknownPolicies.length) return notAssessed(ref, `policies not readable: ${a.unknownPolicies.join(', ')}`);
      // Admin through an AWS-managed admin policy is iam.aws-admin-policy-attached's finding.
      const aws = grants(p);
      if (a.admin === 'no' && a.guardrailBlock?.admin && !aws.direct.length && !aws.groups.length)
        return blockedByGuardrail(ref, `${p.name} is admin through ${a.sources.join(', ')}`, a.guardrailBlock.admin, { principal: p.arn });
      if (a.admin !== 'admin' || aws.direct.length || aws.groups.length) return pass(ref);
      const reach = principalReach(ctx, s, p.arn, kind);
      const severity = kind === 'role' ? 'medium' : reach.reach >= 3 ? 'critical' : 'high';
      return fail(
        ref,
        `${kind === 'user' ? 'User' : 'Role'} ${p.name} is admin through ${a.sources.join(', ')}.${partlyCappedNote(a.guardrailBlock?.adminCapped)}`,
        {
          principal: p.arn,
          policies: a.sources,
          ...(a.guardrailBlock?.adminCapped ? { partlyCappedBy: a.guardrailBlock.adminCapped } : {}),
        },
        {
          severity,
          exposure: { reach: reach.reach, blast: 3, factors: reach.factors },
        },
      );
    });
  },
});
