import { blockedByGuardrail, define, fail, notAssessed, partlyCappedNote, pass } from '../_lib.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';
import { awsAdminGrants, eachPrincipal, principalReach } from './_principals.js';

export default define({
  id: 'iam.aws-admin-policy-attached',
  title: 'Principal is effectively admin through an AWS-managed policy',
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: {
    controls: [...cis7('2.14'), ...cis6('2.15')],
    prowler: 'iam_user_administrator_access_policy, iam_group_administrator_access_policy, iam_role_administratoraccess_policy',
  },
  description:
    "AdministratorAccess (or another AWS-managed policy granting *:*) reaches a user (directly or through a group) or role, and the principal's effective permissions (after explicit Deny and permissions boundary) are still admin. High for users, medium for roles.",
  remediation: {
    summary: 'Detach AdministratorAccess; give people admin through a short-lived, MFA-protected role.',
    cli: 'aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess   # or detach-group-policy / detach-role-policy',
    terraform: '# remove the aws_iam_*_policy_attachment that references arn:aws:iam::aws:policy/AdministratorAccess',
  },
  evaluate: (s, ctx) => {
    const grants = awsAdminGrants(s, ctx);
    return eachPrincipal(s, ctx, (p, kind, ref, a) => {
      const { direct, groups } = grants(p);
      if (!direct.length && !groups.length) return pass(ref);
      if (a.admin === 'no' && a.guardrailBlock?.admin)
        return blockedByGuardrail(ref, `${p.name} has ${[...direct, ...groups].join(', ')}`, a.guardrailBlock.admin, {
          principal: p.arn,
          policies: direct,
          viaGroups: groups,
        });
      if (a.admin === 'no') {
        // e.g. a Deny */* or a boundary takes it away, unless a policy could not be read
        return a.unknownPolicies.length ? notAssessed(ref, `policies not readable: ${a.unknownPolicies.join(', ')}`) : pass(ref);
      }
      const reach = principalReach(ctx, s, p.arn, kind);
      return fail(
        ref,
        `${kind === 'user' ? 'User' : 'Role'} ${p.name} is admin through ${[...direct, ...groups.map((g) => `group ${g}`)].join(', ')}${a.admin === 'conditional' ? ' (under conditions)' : ''}.${partlyCappedNote(a.guardrailBlock?.adminCapped)}`,
        {
          principal: p.arn,
          policies: direct,
          viaGroups: groups,
          effective: a.admin,
          ...(a.guardrailBlock?.adminCapped ? { partlyCappedBy: a.guardrailBlock.adminCapped } : {}),
        },
        { severity: kind === 'user' ? 'high' : 'medium', exposure: { reach: reach.reach, blast: 3, factors: reach.factors } },
      );
    });
  },
});
