import type { CheckResult } from '../../src/engine/check-api.js';
import { fsbp } from '../../src/model/frameworks.js';
import { documentGrantsAdmin, evaluate } from '../../src/policy/iam.js';
import { define, fail, pass } from '../_lib.js';
import { customerDocuments } from './_statements.js';

const SENSITIVE = new Set(['iam', 'sts', 'kms', 's3', 'organizations', 'cloudtrail', 'secretsmanager', 'ssm', 'lambda', 'ec2']);

export default define({
  id: 'iam.policy-service-wildcard',
  title: 'Policy allows service:*',
  service: 'iam',
  severity: 'low',
  duties: ['identity'],
  refs: { controls: [...fsbp('IAM.21')], prowler: 'iam_policy_no_full_access_to_kms, iam_policy_no_full_access_to_cloudtrail' },
  description:
    'An Allow statement in an attached customer-managed or inline policy grants "service:*" (or NotAction "service:*") on every resource, and no Deny in the same document takes it back. Prefix wildcards such as s3:Get*, and service wildcards scoped to named resources, pass. Medium for sensitive services (iam, sts, kms, s3, organizations, cloudtrail, secretsmanager, ssm, lambda, ec2).',
  remediation: {
    summary: 'List the actions the principal uses (IAM Access Advisor or CloudTrail show them) instead of service:*.',
    cli: 'aws iam generate-service-last-accessed-details --arn <principal-arn>',
    terraform: `data "aws_iam_policy_document" "scoped" {\n  statement {\n    actions   = ["kms:Decrypt", "kms:GenerateDataKey"]\n    resources = [aws_kms_key.app.arn]\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    customerDocuments(s, ctx, (docs, bad) => [
      ...bad,
      ...docs.map((d): CheckResult => {
        if (documentGrantsAdmin(d.stmts).admin) return pass(d.ref, d.label);
        const services = new Set<string>();
        for (const st of d.stmts) {
          if (st.effect !== 'Allow') continue;
          for (const a of [...(st.actions ?? []), ...(st.notActions ?? [])]) {
            const m = /^([a-z0-9-]+):\*$/i.exec(a);
            if (m) services.add(m[1]!.toLowerCase());
          }
        }
        // Full access only where it survives the document's own Deny statements and covers every resource.
        for (const svc of [...services]) {
          const decision = evaluate({ identity: d.stmts }, `${svc}:IncloudAnyAction`, '*');
          if (decision !== 'allow' && decision !== 'conditional') services.delete(svc);
        }
        if (!services.size) return pass(d.ref, d.label);
        const sensitive = [...services].some((x) => SENSITIVE.has(x));
        return fail(
          d.ref,
          `${d.label} allows ${[...services].map((x) => `${x}:*`).join(', ')}.`,
          { document: d.label, services: [...services] },
          { discriminator: d.label, severity: sensitive ? 'medium' : 'low' },
        );
      }),
    ]),
});
