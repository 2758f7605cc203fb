import { fsbp } from '../../src/model/frameworks.js';
import { define, fail, fetchReason, notAssessed, NOT_IN_SNAPSHOT, pass } from '../_lib.js';

export default define({
  id: 's3.directory-bucket-lifecycle-missing',
  title: 'Directory bucket without an enabled lifecycle rule',
  service: 's3',
  severity: 'low',
  duties: ['recovery'],
  refs: { controls: [...fsbp('S3.25')] },
  description:
    'An S3 Express One Zone directory bucket has no enabled lifecycle rule, so objects and incomplete multipart uploads stay until someone deletes them. Directory buckets hold one copy in one zone: retention is a deliberate choice, not a default.',
  remediation: {
    summary: 'Add a lifecycle rule that expires objects (and aborts incomplete multipart uploads) after your retention period.',
    cli: `aws s3api put-bucket-lifecycle-configuration --region <region> --bucket <bucket> --lifecycle-configuration '{"Rules":[{"ID":"retention","Status":"Enabled","Filter":{"Prefix":""},"Expiration":{"Days":30},"AbortIncompleteMultipartUpload":{"DaysAfterInitiation":7}}]}'`,
    terraform: `resource "aws_s3_bucket_lifecycle_configuration" "this" {\n  bucket = aws_s3_directory_bucket.this.bucket\n  rule {\n    id     = "retention"\n    status = "Enabled"\n    filter { prefix = "" }\n    expiration { days = 30 }\n    abort_incomplete_multipart_upload { days_after_initiation = 7 }\n  }\n}`,
  },
  evaluate(s, ctx) {
    const byRegion = s.s3.directoryBuckets;
    if (!byRegion) return [notAssessed(ctx.accountRef(), `directory buckets: ${NOT_IN_SNAPSHOT}`, 's3-directory-buckets')];
    return Object.entries(byRegion).flatMap(([region, listed]) => {
      if (listed.state !== 'ok') return [notAssessed({ ...ctx.accountRef(), region }, fetchReason(listed), `directory-buckets:${region}`)];
      return listed.value.map((b) => {
        const ref = { arn: b.arn, type: 'AWS::S3Express::DirectoryBucket', name: b.name, region, accountId: ctx.accountId };
        if (b.lifecycle.state === 'error') return notAssessed(ref, fetchReason(b.lifecycle));
        const rules = b.lifecycle.state === 'ok' ? b.lifecycle.value : [];
        if (rules.some((r) => r.status === 'Enabled')) return pass(ref);
        const why = rules.length
          ? `only disabled lifecycle rules (${rules.map((r) => r.id ?? 'unnamed').join(', ')})`
          : 'no lifecycle rules';
        return fail(ref, `Directory bucket ${b.name} (${b.zoneId ?? region}) has ${why}.`, {
          bucket: b.name,
          zoneId: b.zoneId ?? null,
          rules,
        });
      });
    });
  },
});
