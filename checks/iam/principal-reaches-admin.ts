import { define, fail, notAssessed, pass } from '../_lib.js';
import { pathLine, witnessOf } from '../../src/analysis/witness.js';
import { eachPrincipal, principalReach } from './_principals.js';

/** Findings about the principals a chain passes through: parts of the chain, ranked under it. */
export const HOP_CHECKS = ['iam.principal-reaches-admin', 'iam.principal-privilege-escalation', 'iam.principal-reaches-data'];

export default define({
  id: 'iam.principal-reaches-admin',
  title: 'Principal can reach admin through roles, passed roles, compute it can take over or its own policies',
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: { prowler: 'iam_policy_allows_privilege_escalation (graph form)' },
  description:
    'Followed to the real roles, groups, policies, functions and instances of the account: a chain of role assumptions (a trust that names the ' +
    'principal, or the account plus an sts:AssumeRole grant), iam:PassRole to a service that then runs as a more privileged role, replacing the code ' +
    'of a function or running commands on an instance that runs as an admin role (also after setting the tag a condition asks for, when the ' +
    'principal may tag it), changes to a role the principal can then assume, making an older admin version of its own policy the default, or a ' +
    "resource-scoped grant on the principal's own policy, user or group, ends in admin. Each hop names what it lands on and the statement that " +
    'allows it. Principals whose only way is an escalation on any target are reported by iam.principal-privilege-escalation instead. Critical when ' +
    'the principal is reachable from outside (it then ranks with the attack chains); medium when a hop depends on a condition.',
  remediation: {
    summary:
      'Break the weakest hop: narrow the trust policy or sts:AssumeRole grant, scope iam:PassRole, lambda:UpdateFunctionCode or ssm:SendCommand to what the workload needs, or remove write access to its own policies.',
    cli: 'aws iam update-assume-role-policy --role-name <role> --policy-document file://narrow-trust.json',
    terraform: `data "aws_iam_policy_document" "pass_app_role_only" {\n  statement {\n    actions   = ["iam:PassRole"]\n    resources = [aws_iam_role.app.arn] # never an admin role\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachPrincipal(s, ctx, (p, kind, ref, a) => {
      if (a.admin !== 'no') return pass(ref); // admin itself
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
      if (chain.length === 1 && chain[0]!.kind === 'escalation') return pass(ref); // reported by iam.principal-privilege-escalation
      const conditional = chain.some((h) => h.conditional);
      const reach = principalReach(ctx, s, p.arn, kind);
      const severity = conditional ? 'medium' : reach.external ? 'critical' : 'high';
      const steps = chain.map((h, i) => `${i + 1}. ${h.how}${h.conditional ? ' (under a condition)' : ''}`);
      const hops = witnessOf(chain, true);
      return fail(
        ref,
        `${kind === 'user' ? 'User' : 'Role'} ${p.name} can reach admin in ${chain.length} step(s): ${steps.join('; ')}.`,
        {
          principal: p.arn,
          path: pathLine(hops, p.name),
          hops,
          chain: chain.map((h) => ({ from: h.from, to: h.to, how: h.how, conditional: h.conditional })),
        },
        {
          severity,
          chain: reach.external && !conditional,
          links: [
            { checkId: 'iam.principal-privilege-escalation', resource: p.arn },
            ...chain
              .filter((h) => h.to !== 'admin')
              .flatMap((h) => [...HOP_CHECKS, 'iam.principal-admin'].map((checkId) => ({ checkId, resource: h.to }))),
          ],
          exposure: { reach: reach.reach, blast: 3, factors: [...reach.factors, `reaches admin in ${chain.length} step(s)`] },
        },
      );
    }),
});
