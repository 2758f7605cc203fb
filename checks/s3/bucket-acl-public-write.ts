import { OWNER_ENFORCED_TERRAFORM } from './_snippets.js';
import { fsbp } from '../../src/model/frameworks.js';
import { define, eachBucket } from '../_lib.js';
import { publicAclCheck } from './_public.js';

export default define({
  id: 's3.bucket-acl-public-write',
  title: 'Bucket ACL grants AllUsers or AuthenticatedUsers write',
  service: 's3',
  severity: 'critical',
  duties: ['data-access', 'recovery'],
  refs: { controls: [...fsbp('S3.3')], prowler: 's3_bucket_public_write_acl' },
  description: 'The bucket ACL grants WRITE, WRITE_ACP or FULL_CONTROL to everyone or to any AWS account.',
  remediation: {
    summary: 'Disable ACLs with Object Ownership BucketOwnerEnforced and turn on Block Public Access.',
    cli: 'aws s3api put-bucket-acl --bucket <bucket> --acl private',
    terraform: OWNER_ENFORCED_TERRAFORM,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['acl', 'publicAccessBlock', 'ownership'], (b) => [
      publicAclCheck(s, ctx, b, ['WRITE', 'WRITE_ACP', 'FULL_CONTROL'], 'write', () => 'critical'),
    ]),
});
