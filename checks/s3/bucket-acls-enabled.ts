import { OWNER_ENFORCED_CLI, OWNER_ENFORCED_TERRAFORM } from './_snippets.js';
import { fsbp } from '../../src/model/frameworks.js';
import { define, eachBucket, fail, pass } from '../_lib.js';

export default define({
  id: 's3.bucket-acls-enabled',
  title: 'Object Ownership is not BucketOwnerEnforced (ACLs enabled)',
  service: 's3',
  severity: 'low',
  duties: ['data-access'],
  refs: { controls: [...fsbp('S3.12')], prowler: 's3_bucket_acl_prohibited' },
  description: 'ACLs are still honoured on the bucket, so object writers can grant access outside the bucket policy.',
  remediation: {
    summary: 'Set Object Ownership to BucketOwnerEnforced after moving any needed ACL grants into the bucket policy.',
    cli: OWNER_ENFORCED_CLI,
    terraform: OWNER_ENFORCED_TERRAFORM,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['ownership'], (b) => {
      const ref = ctx.bucketRef(b);
      const mode = b.ownership.state === 'ok' ? b.ownership.value : 'ObjectWriter (no ownership controls)';
      return [
        mode === 'BucketOwnerEnforced'
          ? pass(ref)
          : fail(ref, `Bucket ${b.name} has ACLs enabled (Object Ownership: ${mode}).`, { bucket: b.name, objectOwnership: mode }),
      ];
    }),
});
