import { define, fail, pass } from '../_lib.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';
import { withAad } from './_principals.js';

export default define({
  id: 'iam.support-role-missing',
  title: 'No role has AWSSupportAccess',
  service: 'iam',
  severity: 'low',
  duties: ['identity', 'audit'],
  refs: { controls: [...cis7('2.15'), ...cis6('2.16')], prowler: 'iam_support_role_created' },
  description: 'CIS expects a role with the AWSSupportAccess policy so incidents can be worked with AWS Support without root.',
  remediation: {
    summary: 'Create a support role with AWSSupportAccess that your incident responders can assume.',
    cli: 'aws iam create-role --role-name aws-support --assume-role-policy-document file://trust.json && aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess',
    terraform: `resource "aws_iam_role_policy_attachment" "support" {\n  role       = aws_iam_role.support.name\n  policy_arn = "arn:aws:iam::aws:policy/AWSSupportAccess"\n}`,
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) => {
      const arn = `arn:${ctx.partition}:iam::aws:policy/AWSSupportAccess`;
      const roles = aad.roles.filter((r) => r.attached.some((a) => a.arn === arn)).map((r) => r.name);
      const others = [
        ...aad.users.filter((u) => u.attached.some((a) => a.arn === arn)).map((u) => `user ${u.name}`),
        ...aad.groups.filter((g) => g.attached.some((a) => a.arn === arn)).map((g) => `group ${g.name}`),
      ];
      const ref = ctx.accountRef();
      if (roles.length) return [pass(ref)];
      return [
        fail(
          ref,
          `No role has the AWSSupportAccess policy${others.length ? ` (only ${others.join(', ')}, which Security Hub accepts but CIS does not)` : ''}.`,
          { rolesWithSupportAccess: roles, otherHolders: others },
        ),
      ];
    }),
});
