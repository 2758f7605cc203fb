import { conditionEntries, principalsOf } from '../../src/policy/iam.js';
import { define, fail, pass } from '../_lib.js';
import { allowsAssume, eachTrust, rolePrivilege } from './_trust.js';

const PINNING = new Set(['aws:principalorgid', 'aws:principalaccount', 'aws:principalarn', 'aws:sourceaccount', 'aws:sourcearn']);

export default define({
  id: 'iam.role-trust-public',
  title: 'Role trust policy allows any principal (*)',
  service: 'iam',
  severity: 'critical',
  duties: ['identity', 'data-access'],
  refs: {},
  description:
    'A trust statement allows Principal "*", {"AWS":"*"} or NotPrincipal to assume the role. Medium when a condition pins fixed values of aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount or aws:SourceArn.',
  remediation: {
    summary: 'Name the exact principals that may assume the role, or pin the statement to your organisation with aws:PrincipalOrgID.',
    cli: 'aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json',
    terraform: `data "aws_iam_policy_document" "trust" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "AWS"\n      identifiers = ["arn:aws:iam::<account>:role/<caller>"]\n    }\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachTrust(s, ctx, (role, stmts) => {
      const ref = ctx.iamRef('role', role.arn, role.name);
      const open = stmts.filter((st) => allowsAssume(st) && (st.notPrincipal !== undefined || principalsOf(st.principal).any));
      if (!open.length) return [pass(ref)];
      const pinned = open.every((st) =>
        conditionEntries(st).some(
          (c) =>
            PINNING.has(c.key) &&
            /^(StringEquals|ArnEquals|ForAnyValue:StringEquals)/.test(c.operator) &&
            c.values.every((v) => !/[*?]/.test(v)),
        ),
      );
      const priv = rolePrivilege(ctx, role);
      return [
        fail(
          ref,
          `Role ${role.name} can be assumed by any AWS principal${pinned ? ' (pinned by conditions)' : ''}; ${priv.label}.`,
          {
            role: role.arn,
            statements: open.map((o) => ({
              principal: o.principal ?? { NotPrincipal: o.notPrincipal },
              actions: o.actions,
              condition: o.condition,
            })),
          },
          { severity: pinned ? 'medium' : 'critical', exposure: { reach: pinned ? 1 : 3, blast: priv.blast, factors: [priv.label] } },
        ),
      ];
    }),
});
