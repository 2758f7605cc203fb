import type { CheckContext, CheckResult, PrincipalAnalysis } from '../../src/engine/check-api.js';
import type { ResourceRef, Severity } from '../../src/model/findings.js';
import { statementRef } from '../../src/policy/graph.js';
import {
  ESCALATION_PATHS,
  OTHERS_ONLY,
  escalationStatements,
  TARGET_DEPENDENT,
  TARGET_INVENTORY,
  type EscalationMatch,
} from '../../src/policy/privesc.js';
import { describeStatement } from '../../src/analysis/witness.js';
import { blockedByGuardrail, define, fail, notAssessed, pass } from '../_lib.js';
import { eachPrincipal, principalReach } from './_principals.js';

export default define({
  id: 'iam.principal-privilege-escalation',
  title: 'Principal can escalate to admin',
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: { prowler: 'iam_policy_allows_privilege_escalation' },
  description:
    'The union of the principal\'s policies (inline, attached and, for users, its groups\'), minus explicit Deny and within its permissions boundary, allows every action of a known privilege-escalation path (for example iam:CreatePolicyVersion, or iam:PassRole with ec2:RunInstances) on every resource. Critical when the principal is reachable: a user with keys or a password without MFA, or the role of an Internet-reachable instance. Admins are reported by the admin checks instead; grants with conditions are "potential". Paths that need something to exist already (an older policy version, a function or instance that runs as a privileged role, a stack, job or endpoint) are followed to real targets by iam.principal-reaches-admin; without a target today they are low ("potential, no target today"), and where incloud could not read or does not read that inventory they are not assessed.',
  remediation: {
    summary: 'Remove the escalation actions, scope them to specific resources, or add a permissions boundary that denies them.',
    cli: 'aws iam put-user-permissions-boundary --user-name <user> --permissions-boundary <boundary-policy-arn>   # or put-role-permissions-boundary',
    terraform: `resource "aws_iam_role" "app" {\n  # ...\n  permissions_boundary = aws_iam_policy.no_iam_writes.arn\n}`,
  },
  evaluate: (s, ctx) =>
    eachPrincipal(s, ctx, (p, kind, ref, a) => {
      if (a.admin !== 'no') return pass(ref); // reported by the admin checks
      const anyTarget = a.escalation.filter((e) => !TARGET_DEPENDENT.has(e.id));
      if (!anyTarget.length) {
        const targeted = a.escalation.filter((e) => TARGET_DEPENDENT.has(e.id));
        if (targeted.length) return withoutTarget(ctx, ref, p.name, a, targeted);
        if (a.unknownPolicies.length) return notAssessed(ref, `policies not readable: ${a.unknownPolicies.join(', ')}`);
        const blocked = a.guardrailBlock?.escalations ?? [];
        if (blocked.length && !a.guardrailBlock?.admin)
          return blockedByGuardrail(
            ref,
            `${p.name}'s policies allow ${blocked.map((e) => `${e.id} (${e.actions.join(' + ')})`).join('; ')}`,
            blocked[0]!.by,
            { principal: p.arn, blocked },
          );
        return pass(ref);
      }
      const definite = anyTarget.filter((e) => !e.conditional);
      const reach = principalReach(ctx, s, p.arn, kind);
      // Giving a role admin helps the caller only if it can then act as that role.
      const gain = definite.some((e) => !OTHERS_ONLY.has(e.id)) ? 'itself' : 'others';
      const raise = (low: Severity, high: Severity): Severity => (reach.external ? high : low);
      const severity: Severity = definite.length === 0 ? 'medium' : gain === 'others' ? raise('medium', 'high') : raise('high', 'critical');
      const what = gain === 'itself' ? 'can make itself admin' : 'can make other principals admin (but not act as them)';
      const paths = anyTarget.map((e) => `${e.id} (${e.actions.join(' + ')})`).join('; ');
      return fail(
        ref,
        `${kind === 'user' ? 'User' : 'Role'} ${p.name} ${definite.length ? what : 'can escalate only under conditions (potential)'} via ${paths}.`,
        {
          principal: p.arn,
          gain: definite.length ? gain : 'conditional',
          paths: anyTarget.map((e) => ({
            ...e,
            allowedBy: escalationStatements(a.set, e.actions, ctx.accountId, ctx.partition).map((st) =>
              describeStatement(statementRef(st)),
            ),
          })),
          policies: a.sources,
          permissionsBoundary: a.hasBoundary,
        },
        { severity, exposure: { reach: reach.reach, blast: gain === 'itself' ? 2 : 1, factors: [...reach.factors, what] } },
      );
    }),
});

const serviceOf = (id: string) => ESCALATION_PATHS.find((p) => p.id === id)?.variants[0]?.[0]?.split(':')[0] ?? 'its';

/**
 * Escalations that need an existing target (an older policy version, a function or instance
 * that runs as a privileged role). The access graph follows them to the real targets, and a
 * chain it finds is reported by iam.principal-reaches-admin. Without one they are potential
 * only; when the inventory that would name a target was not read, they are not assessed.
 */
function withoutTarget(ctx: CheckContext, ref: ResourceRef, name: string, a: PrincipalAnalysis, targeted: EscalationMatch[]): CheckResult {
  if (ctx.adminChain(a.arn)) return pass(ref);
  const inventory = ctx.targetInventory();
  for (const e of targeted) {
    const kind = TARGET_INVENTORY[e.id];
    if (!kind)
      return notAssessed(ref, `${e.id} (${e.yields}) needs an existing ${serviceOf(e.id)} resource, and incloud does not read them`);
    if (kind !== 'policy-version' && inventory[kind].state === 'missing')
      return notAssessed(ref, `${e.id} (${e.yields}) needs an existing target: ${(inventory[kind] as { why: string }).why}`);
  }
  const paths = targeted.map((e) => `${e.id} (${e.actions.join(' + ')})`).join('; ');
  return fail(
    ref,
    `${a.kind === 'user' ? 'User' : 'Role'} ${name} holds ${paths}, which needs an existing privileged target: potential, no target today.`,
    { principal: a.arn, gain: 'no-target', paths: targeted, policies: a.sources },
    {
      severity: 'low',
      exposure: {
        reach: 0,
        blast: 1,
        factors: ['potential, no target today: no function, instance or policy version it could use runs as or grants admin'],
      },
    },
  );
}
