import type { CheckResult } from '../../src/engine/check-api.js';
import { allowStatementsFor, documentGrantsAdmin, evaluate } from '../../src/policy/iam.js';
import { probeResource } from '../../src/policy/privesc.js';
import { define, fail, pass } from '../_lib.js';
import { customerDocuments } from './_statements.js';

export default define({
  id: 'iam.policy-assumerole-unrestricted',
  title: 'sts:AssumeRole on *',
  service: 'iam',
  severity: 'medium',
  duties: ['identity'],
  refs: { prowler: 'iam_no_custom_policy_permissive_role_assumption' },
  description:
    'An attached customer-managed or inline policy allows sts:AssumeRole on every role, so the holder can pivot into any role whose trust delegates to this account. Full-admin documents are reported by the admin checks.',
  remediation: {
    summary: 'List the role ARNs the principal needs to assume.',
    cli: 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://scoped-assume.json --set-as-default',
    terraform: `data "aws_iam_policy_document" "assume" {\n  statement {\n    actions   = ["sts:AssumeRole"]\n    resources = [aws_iam_role.deployer.arn]\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    customerDocuments(s, ctx, (docs, bad, aad) => [
      ...bad,
      ...docs.map((d): CheckResult => {
        // Full admin is reported by the admin checks; a Deny in the same document takes the grant away.
        if (
          documentGrantsAdmin(d.stmts).admin ||
          evaluate({ identity: d.stmts }, 'sts:AssumeRole', probeResource('sts:AssumeRole', ctx.accountId, ctx.partition)) === 'deny'
        )
          return pass(d.ref, d.label);
        const hits = allowStatementsFor(d.stmts, 'sts:AssumeRole', probeResource('sts:AssumeRole', ctx.accountId, ctx.partition)).filter(
          (st) => !st.condition,
        );
        if (!hits.length) return pass(d.ref, d.label);
        const own = `arn:${ctx.partition}:iam::${ctx.accountId}:root`;
        const assumable = aad.roles
          .filter(
            (r) => JSON.stringify(r.trustPolicy ?? '').includes(own) || JSON.stringify(r.trustPolicy ?? '').includes(`"${ctx.accountId}"`),
          )
          .map((r) => r.arn);
        return fail(
          d.ref,
          `${d.label} allows sts:AssumeRole on every role${assumable.length ? `; ${assumable.length} role(s) here trust this account` : ''}.`,
          { document: d.label, assumableRoles: assumable },
          { discriminator: d.label },
        );
      }),
    ]),
});
