import { define, eachBucket, fail, pass } from '../_lib.js';
import { fsbp } from '../../src/model/frameworks.js';

export default define({
  id: 's3.bucket-lifecycle-missing',
  title: 'No lifecycle configuration, or none for noncurrent versions',
  service: 's3',
  severity: 'info',
  duties: ['recovery'],
  refs: { controls: [...fsbp('S3.13')], prowler: 's3_bucket_lifecycle_enabled' },
  description:
    'Without lifecycle rules data is kept forever; a versioned bucket without a rule for noncurrent versions keeps every overwritten or deleted version. Retention hygiene, reported for context.',
  remediation: {
    summary: 'Add lifecycle rules that match your retention policy, including expiry of noncurrent versions on versioned buckets.',
    cli: `aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration '{"Rules":[{"ID":"noncurrent","Status":"Enabled","Filter":{},"NoncurrentVersionExpiration":{"NoncurrentDays":90}}]}'`,
    terraform: `resource "aws_s3_bucket_lifecycle_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    id     = "noncurrent"\n    status = "Enabled"\n    filter {}\n    noncurrent_version_expiration { noncurrent_days = 90 }\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['lifecycle', 'versioning'], (b) => {
      const ref = ctx.bucketRef(b);
      const rules = b.lifecycle?.state === 'ok' ? b.lifecycle.value.filter((r) => r.status === 'Enabled') : [];
      const versioned = b.versioning.state === 'ok' && b.versioning.value.status === 'Enabled';
      if (!rules.length) return [fail(ref, `Bucket ${b.name} has no lifecycle rules.`, { bucket: b.name })];
      if (versioned && !rules.some((r) => r.noncurrentExpiration || r.noncurrentTransition)) {
        return [fail(ref, `Versioned bucket ${b.name} has no lifecycle rule for noncurrent versions.`, { bucket: b.name, rules })];
      }
      return [pass(ref)];
    }),
});
