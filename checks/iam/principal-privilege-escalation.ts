import type { Severity } from '../../src/model/findings.js';
import { define, fail, notAssessed, pass } from '../_lib.js';
import { eachPrincipal, principalReach } from './_principals.js';

/** Paths that change a role's policies without a way to act as that role: they make others admin. */
const OTHERS_ONLY = new Set(['P09', 'P12']);

export default define({
  id: 'iam.principal-privilege-escalation',
  title: 'Principal can escalate to admin',
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: { prowler: 'iam_policy_allows_privilege_escalation', securityHub: undefined },
  description:
    'The union of the principal\'s policies (inline, attached and, for users, its groups\'), minus explicit Deny and within its permissions boundary, allows every action of a known privilege-escalation path (for example iam:CreatePolicyVersion, or iam:PassRole with ec2:RunInstances) on every resource. Critical when the principal is reachable: a user with keys or a password without MFA, or the role of an Internet-reachable instance. Admins are reported by the admin checks instead; grants with conditions are "potential".',
  remediation: {
    summary: 'Remove the escalation actions, scope them to specific resources, or add a permissions boundary that denies them.',
    cli: 'aws iam put-user-permissions-boundary --user-name <user> --permissions-boundary <boundary-policy-arn>   # or put-role-permissions-boundary',
    terraform: `resource "aws_iam_role" "app" {\n  # ...\n  permissions_boundary = aws_iam_policy.no_iam_writes.arn\n}`,
  },
  evaluate: (s, ctx) =>
    eachPrincipal(s, ctx, (p, kind, ref, a) => {
      if (a.admin !== 'no') return pass(ref); // reported by the admin checks
      if (!a.escalation.length) {
        return a.unknownPolicies.length ? notAssessed(ref, `policies not readable: ${a.unknownPolicies.join(', ')}`) : pass(ref);
      }
      const definite = a.escalation.filter((e) => !e.conditional);
      const reach = principalReach(ctx, s, p.arn, kind);
      // Giving a role admin helps the caller only if it can then act as that role.
      const gain = definite.some((e) => !OTHERS_ONLY.has(e.id)) ? 'itself' : 'others';
      const raise = (low: Severity, high: Severity): Severity => (reach.external ? high : low);
      const severity: Severity = definite.length === 0 ? 'medium' : gain === 'others' ? raise('medium', 'high') : raise('high', 'critical');
      const what = gain === 'itself' ? 'can make itself admin' : 'can make other principals admin (but not act as them)';
      const paths = a.escalation.map((e) => `${e.id} (${e.actions.join(' + ')})`).join('; ');
      return fail(
        ref,
        `${kind === 'user' ? 'User' : 'Role'} ${p.name} ${definite.length ? what : 'can escalate only under conditions (potential)'} via ${paths}.`,
        {
          principal: p.arn,
          gain: definite.length ? gain : 'conditional',
          paths: a.escalation,
          policies: a.sources,
          permissionsBoundary: a.hasBoundary,
        },
        { severity, exposure: { reach: reach.reach, blast: gain === 'itself' ? 2 : 1, factors: [...reach.factors, what] } },
      );
    }),
});
