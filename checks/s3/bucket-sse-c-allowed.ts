import { define, eachBucket, fail, pass } from '../_lib.js';

export default define({
  id: 's3.bucket-sse-c-allowed',
  title: 'SSE-C uploads not blocked',
  service: 's3',
  severity: 'low',
  duties: ['data-at-rest', 'recovery'],
  refs: {},
  description:
    'The bucket accepts objects encrypted with customer-provided keys (SSE-C). Keys held outside AWS enable the attacker-key ransomware pattern; since April 2026 S3 blocks SSE-C on new buckets.',
  remediation: {
    summary: 'Block SSE-C on the bucket unless an application needs it.',
    cli: `aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"},"BlockedEncryptionTypes":{"EncryptionType":["SSE-C"]}}]}'`,
    terraform: '# set BlockedEncryptionTypes = ["SSE-C"] in the bucket encryption configuration (provider support permitting)',
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['encryption'], (b) => {
      const ref = ctx.bucketRef(b);
      const blocked = b.encryption.state === 'ok' && b.encryption.value.some((r) => (r.blockedEncryptionTypes ?? []).includes('SSE-C'));
      return [
        blocked
          ? pass(ref)
          : fail(ref, `Bucket ${b.name} does not block SSE-C uploads.`, {
              bucket: b.name,
              rules: b.encryption.state === 'ok' ? b.encryption.value : [],
            }),
      ];
    }),
});
