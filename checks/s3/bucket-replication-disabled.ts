import { define, eachBucket, fail, logTargetBuckets, pass, unknownLogTarget } from '../_lib.js';

export default define({
  id: 's3.bucket-replication-disabled',
  title: 'Cross-Region replication not configured',
  service: 's3',
  severity: 'info',
  duties: ['recovery'],
  refs: { prowler: 's3_bucket_cross_region_replication' },
  description:
    'No enabled replication rule copies the bucket to another bucket. A resilience choice, reported for context. Log-target buckets are exempt.',
  remediation: {
    summary: 'Replicate buckets whose loss would hurt to a bucket in another Region (and ideally another account).',
    cli: 'aws s3api put-bucket-replication --bucket <bucket> --replication-configuration file://replication.json',
    terraform: `resource "aws_s3_bucket_replication_configuration" "this" {\n  bucket = aws_s3_bucket.this.id\n  role   = aws_iam_role.replication.arn\n  rule {\n    status = "Enabled"\n    destination { bucket = aws_s3_bucket.replica.arn }\n  }\n}`,
  },
  evaluate(s, ctx) {
    const logTargets = logTargetBuckets(s);
    return eachBucket(s, ctx, ['replication'], (b) => {
      const ref = ctx.bucketRef(b);
      const rules = b.replication?.state === 'ok' ? b.replication.value.filter((r) => r.status === 'Enabled') : [];
      if (rules.length || logTargets.names.has(b.name)) return [pass(ref)];
      const unknown = unknownLogTarget(logTargets, ctx, b);
      if (unknown) return unknown;
      return [
        fail(ref, `Bucket ${b.name} is not replicated.`, {
          bucket: b.name,
          replication: b.replication?.state === 'ok' ? b.replication.value : 'not configured',
        }),
      ];
    });
  },
});
