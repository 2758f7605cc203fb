import { BUCKET_BPA_TERRAFORM } from './_snippets.js';
import { cis7, fsbp } from '../../src/model/frameworks.js';
import { define, eachBucket } from '../_lib.js';
import { publicPolicyCheck } from './_public.js';

export default define({
  id: 's3.bucket-policy-public-write',
  title: 'Bucket policy grants public write, delete or permission changes',
  service: 's3',
  severity: 'critical',
  duties: ['data-access', 'recovery'],
  refs: { controls: [...cis7('2.21'), ...fsbp('S3.3')], prowler: 's3_bucket_policy_public_write_access' },
  description:
    'An Allow statement for everyone grants PutObject, DeleteObject, PutBucketPolicy, PutObjectAcl or similar actions without a restricting condition.',
  remediation: {
    summary:
      'Remove the public write statement; grant writes to specific roles only; enable Block Public Access, versioning and Object Lock for recovery.',
    cli: 'aws s3api delete-bucket-policy --bucket <bucket>   # then put back a reviewed policy',
    terraform: BUCKET_BPA_TERRAFORM,
  },
  evaluate: (s, ctx) => eachBucket(s, ctx, ['policy', 'publicAccessBlock'], (b) => [publicPolicyCheck(s, ctx, b, 'write')]),
});
