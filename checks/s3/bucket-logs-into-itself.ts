import { define, eachBucket, fail, pass } from '../_lib.js';

export default define({
  id: 's3.bucket-logs-into-itself',
  title: 'Bucket writes its access logs into itself',
  service: 's3',
  severity: 'low',
  duties: ['audit'],
  refs: { prowler: 's3_bucket_server_access_logging_enabled (related)' },
  description:
    'Logging is on, but into the bucket it describes: every log delivery is itself a request that gets logged, so the bucket grows without end, ' +
    'and whoever can change the bucket can change its evidence.',
  remediation: {
    summary: 'Send the logs to a dedicated log bucket that only the logging service may write to.',
    cli: `aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<bucket>/"}}'`,
    terraform: `resource "aws_s3_bucket_logging" "this" {\n  bucket        = aws_s3_bucket.this.id\n  target_bucket = aws_s3_bucket.logs.id # not the bucket itself\n}`,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['logging'], (b) => {
      const ref = ctx.bucketRef(b);
      const target = b.logging.state === 'ok' ? b.logging.value.targetBucket : undefined;
      if (target !== b.name) return [pass(ref)];
      return [fail(ref, `Bucket ${b.name} logs into itself (a logging loop).`, { bucket: b.name, targetBucket: target })];
    }),
});
