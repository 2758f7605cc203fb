import { capabilityCheck } from './_capabilities.js';

export default capabilityCheck({
  id: 'iam.policy-data-read-unrestricted',
  title: 'Unconstrained read of data or secrets',
  service: 'iam',
  severity: 'medium',
  duties: ['identity', 'data-access'],
  refs: {},
  description:
    'An attached customer-managed or inline policy allows s3:GetObject, SSM parameter reads or Secrets Manager GetSecretValue on every resource, unconditionally (cloudsplaining "DataExfiltration").',
  remediation: {
    summary: 'Scope data reads to the buckets, parameter paths and secrets the principal needs.',
    cli: 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://scoped.json --set-as-default',
    terraform: `data "aws_iam_policy_document" "read" {\n  statement {\n    actions   = ["secretsmanager:GetSecretValue"]\n    resources = [aws_secretsmanager_secret.app.arn]\n  }\n}`,
  },
  what: 'data and secret reads',
  actions: ['s3:GetObject', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'secretsmanager:GetSecretValue'],
});
