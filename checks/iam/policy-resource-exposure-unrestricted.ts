import { capabilityCheck } from './_capabilities.js';

export default capabilityCheck({
  id: 'iam.policy-resource-exposure-unrestricted',
  title: 'Unconstrained permission to change resource policies or exposure settings',
  service: 'iam',
  severity: 'medium',
  duties: ['identity', 'data-access'],
  refs: {},
  description:
    'An attached customer-managed or inline policy allows changing bucket policies/ACLs/Block Public Access, role trust, KMS key policies, security-group ingress or snapshot sharing on every resource, unconditionally (cloudsplaining "ResourceExposure").',
  remediation: {
    summary: 'Reserve exposure-changing actions for an infrastructure pipeline role, scoped to its resources.',
    cli: 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://scoped.json --set-as-default',
    terraform:
      '# grant s3:PutBucketPolicy, iam:UpdateAssumeRolePolicy, kms:PutKeyPolicy ... only to the deployment role, on named resources',
  },
  what: 'changes to resource policies and exposure',
  actions: [
    's3:PutBucketPolicy',
    's3:DeleteBucketPolicy',
    's3:PutBucketAcl',
    's3:PutObjectAcl',
    's3:PutBucketPublicAccessBlock',
    's3:PutAccountPublicAccessBlock',
    's3:PutBucketOwnershipControls',
    'iam:UpdateAssumeRolePolicy',
    'kms:PutKeyPolicy',
    'kms:CreateGrant',
    'ec2:AuthorizeSecurityGroupIngress',
    'ec2:ModifySnapshotAttribute',
    'ram:CreateResourceShare',
  ],
});
