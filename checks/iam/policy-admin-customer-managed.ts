import type { CheckResult } from '../../src/engine/check-api.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { PolicyParseError, statementsOf } from '../../src/policy/iam.js';
import { documentGrantsAdmin } from '../../src/policy/iam.js';
import { define, fail, notAssessed, pass } from '../_lib.js';
import { withAad } from './_principals.js';

export default define({
  id: 'iam.policy-admin-customer-managed',
  title: 'Customer-managed policy grants full admin (*:*)',
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: {
    controls: [...cis7('2.14'), ...cis6('2.15'), ...fsbp('IAM.1')],
    prowler: 'iam_customer_attached_policy_no_administrative_privileges',
  },
  description:
    'The default version allows Action "*" (or NotAction) on Resource "*" and no Deny "*" on "*" negates it. High when attached, low when not; policies used only as permissions boundaries are skipped.',
  remediation: {
    summary: 'Replace the statement with the actions the users of this policy need; keep full admin in a break-glass role with MFA.',
    cli: 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://least-privilege.json --set-as-default',
    terraform: `data "aws_iam_policy_document" "scoped" {\n  statement {\n    actions   = ["s3:GetObject", "s3:PutObject"]\n    resources = ["arn:aws:s3:::my-bucket/*"]\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) =>
      aad.policies
        .filter((p) => !p.awsManaged)
        .flatMap((p): CheckResult[] => {
          const ref = ctx.iamRef('policy', p.arn, p.name);
          if (p.attachmentCount === 0 && p.boundaryUsageCount > 0) return [pass(ref)];
          let stmts;
          try {
            stmts = statementsOf(p.document, p.arn);
          } catch (e) {
            if (e instanceof PolicyParseError) return [notAssessed(ref, `policy document unreadable: ${e.message}`)];
            throw e;
          }
          if (p.document === null) return [notAssessed(ref, 'policy document not collected')];
          const r = documentGrantsAdmin(stmts);
          if (!r.admin) return [pass(ref)];
          const attached = p.attachmentCount > 0;
          return [
            fail(
              ref,
              `Customer-managed policy ${p.name} grants full administrative access${r.conditional ? ' under a condition' : ''} and is ${attached ? `attached to ${p.attachmentCount} entit${p.attachmentCount === 1 ? 'y' : 'ies'}` : 'not attached'}.`,
              { policyArn: p.arn, attachmentCount: p.attachmentCount, statement: r.statement, conditional: r.conditional },
              { severity: attached ? 'high' : 'low', exposure: { reach: attached ? 1 : 0, blast: 3, factors: [] } },
            ),
          ];
        }),
    ),
});
