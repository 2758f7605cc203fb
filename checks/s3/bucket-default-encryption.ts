import { define, eachBucket, fail, pass } from '../_lib.js';

export default define({
  id: 's3.bucket-default-encryption',
  title: 'Bucket has no default server-side encryption configuration',
  service: 's3',
  severity: 'high',
  duties: ['data-at-rest'],
  refs: { prowler: 's3_bucket_default_encryption (deprecated)' },
  description:
    'Since January 2023 every general-purpose bucket encrypts new objects with SSE-S3, so a missing configuration is anomalous. Objects written before then may still be unencrypted.',
  remediation: {
    summary: 'Set a default encryption rule (SSE-KMS with a customer-managed key where key control matters).',
    cli: `aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key-arn>"},"BucketKeyEnabled":true}]}'`,
    terraform: `resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.s3.arn\n    }\n    bucket_key_enabled = true\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['encryption'], (b) => {
      const ref = ctx.bucketRef(b);
      if (b.encryption.state === 'ok' && b.encryption.value.some((r) => r.algorithm)) return [pass(ref)];
      return [
        fail(ref, `Bucket ${b.name} has no default encryption configuration.`, {
          bucket: b.name,
          encryption: b.encryption.state === 'ok' ? b.encryption.value : 'ServerSideEncryptionConfigurationNotFoundError',
        }),
      ];
    }),
});
