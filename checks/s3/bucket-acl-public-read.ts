import { OWNER_ENFORCED_CLI, OWNER_ENFORCED_TERRAFORM } from './_snippets.js';
import { fsbp } from '../../src/model/frameworks.js';
import { define, eachBucket } from '../_lib.js';
import { publicAclCheck } from './_public.js';

export default define({
  id: 's3.bucket-acl-public-read',
  title: 'Bucket ACL grants AllUsers or AuthenticatedUsers read',
  service: 's3',
  severity: 'critical',
  duties: ['data-access'],
  refs: { controls: [...fsbp('S3.2')], prowler: 's3_bucket_public_list_acl' },
  description:
    'The bucket ACL grants READ, READ_ACP or FULL_CONTROL to everyone or to any AWS account. Low when ACLs are disabled (BucketOwnerEnforced) or IgnorePublicAcls is on.',
  remediation: {
    summary: 'Disable ACLs with Object Ownership BucketOwnerEnforced and turn on Block Public Access.',
    cli: OWNER_ENFORCED_CLI,
    terraform: OWNER_ENFORCED_TERRAFORM,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['acl', 'publicAccessBlock', 'ownership'], (b) => [
      publicAclCheck(s, ctx, b, ['READ', 'READ_ACP', 'FULL_CONTROL'], 'read', (perms) =>
        perms.some((p) => p === 'READ' || p === 'FULL_CONTROL') ? 'critical' : 'high',
      ),
    ]),
});
