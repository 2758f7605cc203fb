import { define, eachBucket, fail, pass } from '../_lib.js';

export default define({
  id: 's3.bucket-object-lock-disabled',
  title: 'Object Lock not enabled',
  service: 's3',
  severity: 'low',
  duties: ['recovery'],
  refs: { prowler: 's3_bucket_object_lock' },
  description:
    'Object Lock (WORM) protects object versions from deletion for a retention period; expected on backup, log and regulated-data buckets.',
  remediation: {
    summary: 'Enable Object Lock with a default retention on buckets that hold backups, logs or records.',
    cli: `aws s3api put-object-lock-configuration --bucket <bucket> --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"GOVERNANCE","Days":30}}}'`,
    terraform: `resource "aws_s3_bucket_object_lock_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  rule {\n    default_retention {\n      mode = "GOVERNANCE"\n      days = 30\n    }\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['objectLock'], (b) => {
      const ref = ctx.bucketRef(b);
      if (b.objectLock.state === 'ok' && b.objectLock.value.enabled) return [pass(ref)];
      const critical = /backup|log|audit|archive|trail/i.test(b.name);
      return [
        fail(
          ref,
          `Bucket ${b.name} does not have Object Lock enabled.`,
          { bucket: b.name, looksLikeBackupOrLogBucket: critical },
          { severity: critical ? 'medium' : 'low' },
        ),
      ];
    }),
});
