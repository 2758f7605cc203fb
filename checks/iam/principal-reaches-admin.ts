import { define, fail, notAssessed, pass } from '../_lib.js';
import { eachPrincipal, principalReach } from './_principals.js';

export default define({
  id: 'iam.principal-reaches-admin',
  title: 'Principal can reach admin through roles, passed roles or its own policies',
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: { prowler: 'iam_policy_allows_privilege_escalation (graph form)' },
  description:
    'Followed to the real roles, groups and policies of the account: a chain of role assumptions (a trust that names the principal, or the account plus an ' +
    'sts:AssumeRole grant), iam:PassRole to a service that then runs as a more privileged role, changes to a role the principal can then assume, or a ' +
    "resource-scoped grant on the principal's own policy, user or group, ends in admin. Grants on AWS-managed policies cannot be changed by anyone and " +
    'do not count. Principals with an escalation on any target are reported by iam.principal-privilege-escalation instead. Critical when the principal ' +
    'is reachable from outside; medium when a hop depends on a condition.',
  remediation: {
    summary:
      'Break the weakest hop: narrow the trust policy or sts:AssumeRole grant, scope iam:PassRole to the roles the workload needs, or remove write access to its own policies.',
    cli: 'aws iam update-assume-role-policy --role-name <role> --policy-document file://narrow-trust.json',
    terraform: `data "aws_iam_policy_document" "pass_app_role_only" {\n  statement {\n    actions   = ["iam:PassRole"]\n    resources = [aws_iam_role.app.arn] # never an admin role\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachPrincipal(s, ctx, (p, kind, ref, a) => {
      if (a.admin !== 'no' || a.escalation.length) return pass(ref); // admin itself, or a direct escalation
      const chain = ctx.adminChain(p.arn);
      if (!chain) {
        // No chain found: a pass only if nothing along the way had unreadable policies.
        const blind = [...(ctx.reachedWithoutAdmin(p.arn) ?? [])].map((x) => ctx.principal(x)).find((x) => x?.unknownPolicies.length);
        if (!blind) return pass(ref);
        return notAssessed(
          ref,
          `${blind.name === p.name ? 'its' : `reachable ${blind.name}'s`} policies not readable: ${blind.unknownPolicies.join(', ')}`,
        );
      }
      const conditional = chain.some((h) => h.conditional);
      const reach = principalReach(ctx, s, p.arn, kind);
      const severity = conditional ? 'medium' : reach.external ? 'critical' : 'high';
      const steps = chain.map((h, i) => `${i + 1}. ${h.how}${h.conditional ? ' (under a condition)' : ''}`);
      return fail(
        ref,
        `${kind === 'user' ? 'User' : 'Role'} ${p.name} can reach admin in ${chain.length} step(s): ${steps.join('; ')}.`,
        { principal: p.arn, chain: chain.map((h) => ({ from: h.from, to: h.to, how: h.how, conditional: h.conditional })) },
        { severity, exposure: { reach: reach.reach, blast: 3, factors: [...reach.factors, `reaches admin in ${chain.length} step(s)`] } },
      );
    }),
});
