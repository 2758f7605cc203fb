import type { CheckResult } from '../../src/engine/check-api.js';
import { define, fail, pass } from '../_lib.js';
import { isServiceLinked, withAad } from './_principals.js';

export default define({
  id: 'iam.inline-policy-in-use',
  title: 'Inline policies on users, groups or roles',
  service: 'iam',
  severity: 'info',
  duties: ['identity'],
  refs: {},
  description:
    'Inline policies cannot be versioned, reused or reviewed in one place. A governance signal; their content is judged by the admin and escalation checks.',
  remediation: {
    summary: 'Turn inline policies into customer-managed policies and attach those.',
    cli: 'aws iam get-<owner-kind>-policy --<owner-kind>-name <owner-name> --policy-name <name> --query PolicyDocument > doc.json && aws iam create-policy --policy-name <name> --policy-document file://doc.json && aws iam delete-<owner-kind>-policy --<owner-kind>-name <owner-name> --policy-name <name>',
    terraform: '# prefer aws_iam_policy + aws_iam_role_policy_attachment over aws_iam_role_policy',
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) => {
      const owners = [
        ...aad.users.map((u) => ({ kind: 'user' as const, arn: u.arn, name: u.name, inline: u.inline })),
        ...aad.groups.map((g) => ({ kind: 'group' as const, arn: g.arn, name: g.name, inline: g.inline })),
        ...aad.roles.filter((r) => !isServiceLinked(r)).map((r) => ({ kind: 'role' as const, arn: r.arn, name: r.name, inline: r.inline })),
      ];
      return owners.map((o): CheckResult => {
        const ref = ctx.iamRef(o.kind, o.arn, o.name);
        return o.inline.length
          ? fail(ref, `${o.kind} ${o.name} has inline policies: ${o.inline.map((i) => i.name).join(', ')}.`, {
              owner: o.arn,
              policies: o.inline.map((i) => i.name),
            })
          : pass(ref);
      });
    }),
});
