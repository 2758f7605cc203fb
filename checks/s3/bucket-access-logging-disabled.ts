import { define, eachBucket, fail, logTargetBuckets, pass, unknownLogTarget } from '../_lib.js';
import { fsbp } from '../../src/model/frameworks.js';
import { policyAnalysis } from './_public.js';

export default define({
  id: 's3.bucket-access-logging-disabled',
  title: 'Server access logging off',
  service: 's3',
  severity: 'low',
  duties: ['audit'],
  refs: { controls: [...fsbp('S3.9')], prowler: 's3_bucket_server_access_logging_enabled' },
  description:
    'Without access logs, requests to the bucket cannot be investigated. Medium for public or cross-account buckets. Log-target buckets themselves are exempt.',
  remediation: {
    summary: 'Enable server access logging to a dedicated log bucket (or CloudTrail S3 data events).',
    cli: `aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<bucket>/"}}'`,
    terraform: `resource "aws_s3_bucket_logging" "this" {\n  bucket        = aws_s3_bucket.this.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = "\${aws_s3_bucket.this.id}/"\n}`,
  },
  evaluate(s, ctx) {
    const logTargets = logTargetBuckets(s);
    return eachBucket(s, ctx, ['logging'], (b) => {
      const ref = ctx.bucketRef(b);
      const target = b.logging.state === 'ok' ? b.logging.value.targetBucket : undefined;
      // A bucket that logs into itself has logging on; the loop is s3.bucket-logs-into-itself.
      if (target || logTargets.names.has(b.name)) return [pass(ref)];
      const unknown = unknownLogTarget(logTargets, ctx, b);
      if (unknown) return unknown;
      const a = policyAnalysis(ctx, b);
      const shared = a && !(a instanceof Error) && a.publicRead.length + a.publicWrite.length + a.crossAccount.length > 0;
      return [
        fail(
          ref,
          `Bucket ${b.name} has no server access logging.`,
          { bucket: b.name, publicOrCrossAccount: Boolean(shared) },
          { severity: shared ? 'medium' : 'low' },
        ),
      ];
    });
  },
});
