import { OWNER_ENFORCED_CLI, OWNER_ENFORCED_TERRAFORM } from './_snippets.js';
import type { AclGrant } from '../../src/model/snapshot.js';
import { define, eachBucket, fail, logTargetBuckets, pass, unknownLogTarget } from '../_lib.js';

const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';

export default define({
  id: 's3.bucket-acl-cross-account-grant',
  title: 'Bucket ACL grants another AWS account',
  service: 's3',
  severity: 'medium',
  duties: ['data-access'],
  refs: {},
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
      const otherAccount = (g: AclGrant) => g.granteeType === 'CanonicalUser' && g.id && g.id !== owner;
      // A log-delivery grant is expected on a log target, and unexpected anywhere else.
      const unexpectedLogDelivery = (g: AclGrant) => g.uri === LOG_DELIVERY && !logTargets.names.has(b.name);
      const unknown = b.acl.value.grants.some(unexpectedLogDelivery) ? unknownLogTarget(logTargets, ctx, b) : undefined;
      const grants = b.acl.value.grants.filter((g) => otherAccount(g) || (!unknown && unexpectedLogDelivery(g)));
      if (!grants.length) return unknown ?? [pass(ref)];
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
