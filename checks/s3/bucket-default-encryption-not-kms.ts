import { define, eachBucket, fail, logTargetBuckets, pass, unknownLogTarget } from '../_lib.js';

export default define({
  id: 's3.bucket-default-encryption-not-kms',
  title: 'Default encryption is SSE-S3, not KMS',
  service: 's3',
  severity: 'low',
  duties: ['data-at-rest'],
  refs: { prowler: 's3_bucket_kms_encryption' },
  description:
    'Data is AES-256 encrypted either way; SSE-KMS adds a key policy as a second access gate, per-use audit in CloudTrail and the ability to revoke. Server-access-log target buckets on SSE-S3 are an accepted exception.',
  remediation: {
    summary: 'Use SSE-KMS with a customer-managed key and enable S3 Bucket Keys.',
    cli: `aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key-arn>"},"BucketKeyEnabled":true}]}'`,
    terraform: `resource "aws_s3_bucket_server_side_encryption_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = "aws:kms"\n      kms_master_key_id = aws_kms_key.s3.arn\n    }\n    bucket_key_enabled = true\n  }\n}`,
  },
  evaluate(s, ctx) {
    const logTargets = logTargetBuckets(s);
    return eachBucket(s, ctx, ['encryption'], (b) => {
      const ref = ctx.bucketRef(b);
      if (b.encryption.state !== 'ok') return [pass(ref)]; // missing config is s3.bucket-default-encryption
      const algos = b.encryption.value.map((r) => r.algorithm).filter(Boolean);
      if (!algos.includes('AES256') || logTargets.names.has(b.name)) return [pass(ref)];
      const unknown = unknownLogTarget(logTargets, ctx, b);
      if (unknown) return unknown;
      return [
        fail(ref, `Bucket ${b.name} encrypts by default with SSE-S3 (AES256), not a KMS key.`, {
          bucket: b.name,
          rules: b.encryption.value,
        }),
      ];
    });
  },
});
