import { guardingConditions, principalsOf } from '../../src/policy/iam.js';
import { define, fail, pass } from '../_lib.js';
import { allowsAssume, eachTrust } from './_trust.js';

/** Services that only ever assume roles in their own account (exempt from this check). */
const IN_ACCOUNT_ONLY = new Set([
  'ec2.amazonaws.com',
  'lambda.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'eks.amazonaws.com',
  'eks-pods.amazonaws.com',
  'edgelambda.amazonaws.com',
  'autoscaling.amazonaws.com',
  'spot.amazonaws.com',
  'spotfleet.amazonaws.com',
  'ssm.amazonaws.com',
  'rds.amazonaws.com',
]);

export default define({
  id: 'iam.role-trust-service-no-source-condition',
  title: 'Service-principal trust lacks aws:SourceAccount/aws:SourceArn (confused deputy)',
  service: 'iam',
  severity: 'low',
  duties: ['identity'],
  refs: { prowler: 'iam_role_cross_service_confused_deputy_prevention' },
  description:
    'A role trusts an AWS service that can act on behalf of other accounts, without pinning aws:SourceAccount, aws:SourceArn or aws:SourceOrgID. Compute services that only assume in-account roles are exempt.',
  remediation: {
    summary: 'Add aws:SourceAccount (and aws:SourceArn where known) to the trust statement.',
    cli: 'aws iam update-assume-role-policy --role-name <role> --policy-document file://trust.json',
    terraform: `condition {\n  test     = "StringEquals"\n  variable = "aws:SourceAccount"\n  values   = [data.aws_caller_identity.current.account_id]\n}`,
  },
  evaluate: (s, ctx) =>
    eachTrust(s, ctx, (role, stmts) => {
      const ref = ctx.iamRef('role', role.arn, role.name);
      const services = new Set<string>();
      for (const st of stmts) {
        if (!allowsAssume(st)) continue;
        const keys = guardingConditions(st).map((c) => c.key);
        if (keys.some((k) => k === 'aws:sourceaccount' || k === 'aws:sourcearn' || k === 'aws:sourceorgid')) continue;
        for (const svc of principalsOf(st.principal).service) if (!IN_ACCOUNT_ONLY.has(svc)) services.add(svc);
      }
      if (!services.size) return [pass(ref)];
      return [
        fail(ref, `Role ${role.name} trusts ${[...services].join(', ')} without a source-account condition.`, {
          role: role.arn,
          services: [...services],
        }),
      ];
    }),
});
