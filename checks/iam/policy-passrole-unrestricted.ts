import type { CheckResult } from '../../src/engine/check-api.js';
import { allowStatementsFor, conditionKeys, documentGrantsAdmin, evaluate } from '../../src/policy/iam.js';
import { probeResource } from '../../src/policy/privesc.js';
import { define, fail, pass } from '../_lib.js';
import { customerDocuments } from './_statements.js';

export default define({
  id: 'iam.policy-passrole-unrestricted',
  title: 'iam:PassRole on * without a service condition',
  service: 'iam',
  severity: 'medium',
  duties: ['identity'],
  refs: {},
  description:
    'An attached customer-managed or inline policy allows iam:PassRole (directly or through iam:Pass*, iam:* or *) on every role (Resource "*" or role/*), with no iam:PassedToService or iam:AssociatedResourceArn condition. Full-admin documents are reported by the admin checks.',
  remediation: {
    summary: 'List the role ARNs that may be passed and pin the receiving service with iam:PassedToService.',
    cli: 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://scoped-passrole.json --set-as-default',
    terraform: `data "aws_iam_policy_document" "pass" {\n  statement {\n    actions   = ["iam:PassRole"]\n    resources = [aws_iam_role.worker.arn]\n    condition {\n      test     = "StringEquals"\n      variable = "iam:PassedToService"\n      values   = ["ec2.amazonaws.com"]\n    }\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    customerDocuments(s, ctx, (docs, bad) => [
      ...bad,
      ...docs.map((d): CheckResult => {
        // Full admin is reported by the admin checks; a Deny in the same document takes the grant away.
        if (
          documentGrantsAdmin(d.stmts).admin ||
          evaluate({ identity: d.stmts }, 'iam:PassRole', probeResource('iam:PassRole', ctx.accountId, ctx.partition)) === 'deny'
        )
          return pass(d.ref, d.label);
        const hits = allowStatementsFor(d.stmts, 'iam:PassRole', probeResource('iam:PassRole', ctx.accountId, ctx.partition)).filter(
          (st) => !conditionKeys(st).some((k) => k === 'iam:passedtoservice' || k === 'iam:associatedresourcearn'),
        );
        if (!hits.length) return pass(d.ref, d.label);
        return fail(
          d.ref,
          `${d.label} allows iam:PassRole on every role without limiting the receiving service.`,
          {
            document: d.label,
            statements: hits.map((h) => ({ sid: h.sid, actions: h.actions ?? h.notActions, resources: h.resources ?? h.notResources })),
          },
          { discriminator: d.label },
        );
      }),
    ]),
});
