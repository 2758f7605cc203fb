import { OWNER_ENFORCED_CLI, OWNER_ENFORCED_TERRAFORM } from './_snippets.js';
import { define, eachBucket, fail, logTargetBuckets, pass } from '../_lib.js';

const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export default define({
  id: 's3.bucket-acl-cross-account-grant',
  title: 'Bucket ACL grants another AWS account',
  service: 's3',
  severity: 'medium',
  duties: ['data-access'],
  refs: { securityHub: 'S3.12 (partial)' },
  description:
    'An ACL grant goes to a canonical user other than the bucket owner, or to the legacy LogDelivery group on a bucket that is not a log target. Ignored when ACLs are disabled (BucketOwnerEnforced).',
  remediation: {
    summary: 'Disable ACLs (BucketOwnerEnforced) and grant other accounts through a reviewed bucket policy.',
    cli: OWNER_ENFORCED_CLI,
    terraform: OWNER_ENFORCED_TERRAFORM,
  },
  evaluate(s, ctx) {
    const logTargets = logTargetBuckets(s);
    return eachBucket(s, ctx, ['acl', 'ownership'], (b) => {
      const ref = ctx.bucketRef(b);
      if (b.acl.state !== 'ok' || (b.ownership.state === 'ok' && b.ownership.value === 'BucketOwnerEnforced')) return [pass(ref)];
      const owner = b.acl.value.ownerId;
      const grants = b.acl.value.grants.filter(
        (g) => (g.granteeType === 'CanonicalUser' && g.id && g.id !== owner) || (g.uri === LOG_DELIVERY && !logTargets.has(b.name)),
      );
      if (!grants.length) return [pass(ref)];
      return [
        fail(
          ref,
          `Bucket ${b.name}'s ACL grants ${grants.map((g) => `${g.permission} to ${g.displayName ?? g.id ?? g.uri}`).join('; ')}.`,
          { bucket: b.name, ownerId: owner, grants },
        ),
      ];
    });
  },
});
