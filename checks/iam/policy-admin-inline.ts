import { documentGrantsAdmin, PolicyParseError, statementsOf } from '../../src/policy/iam.js';
import type { CheckResult } from '../../src/engine/check-api.js';
import { define, fail, notAssessed, pass } from '../_lib.js';
import { isServiceLinked, withAad } from './_principals.js';

export default define({
  id: 'iam.policy-admin-inline',
  title: 'Inline policy grants full admin',
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: { prowler: 'iam_inline_policy_no_administrative_privileges' },
  description: 'An inline policy on a user, group or role allows "*" (or NotAction) on every resource.',
  remediation: {
    summary: 'Delete the inline policy and attach a scoped managed policy instead.',
    cli: 'aws iam delete-role-policy --role-name <role> --policy-name <name>   # or delete-user-policy / delete-group-policy',
    terraform: '# replace aws_iam_role_policy with aws_iam_policy + aws_iam_role_policy_attachment scoped to real needs',
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) => {
      const out: CheckResult[] = [];
      const owners = [
        ...aad.users.map((u) => ({ kind: 'user' as const, arn: u.arn, name: u.name, inline: u.inline })),
        ...aad.groups.map((g) => ({ kind: 'group' as const, arn: g.arn, name: g.name, inline: g.inline })),
        ...aad.roles.filter((r) => !isServiceLinked(r)).map((r) => ({ kind: 'role' as const, arn: r.arn, name: r.name, inline: r.inline })),
      ];
      for (const o of owners)
        for (const ip of o.inline) {
          const ref = ctx.iamRef(o.kind, o.arn, o.name);
          let stmts;
          try {
            stmts = statementsOf(ip.document);
          } catch (e) {
            if (e instanceof PolicyParseError) {
              out.push(notAssessed(ref, `inline policy ${ip.name} unreadable: ${e.message}`, ip.name));
              continue;
            }
            throw e;
          }
          const r = documentGrantsAdmin(stmts);
          out.push(
            r.admin
              ? fail(
                  ref,
                  `Inline policy ${ip.name} on ${o.kind} ${o.name} grants full administrative access${r.conditional ? ' under a condition' : ''}.`,
                  { owner: o.arn, policyName: ip.name, statement: r.statement, conditional: r.conditional },
                  { discriminator: ip.name, exposure: { reach: 1, blast: 3, factors: [] } },
                )
              : pass(ref, ip.name),
          );
        }
      return out;
    }),
});
