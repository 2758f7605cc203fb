import { define, eachBucket, fail, pass } from '../_lib.js';

export default define({
  id: 's3.bucket-versioning-disabled',
  title: 'Versioning not enabled',
  service: 's3',
  severity: 'medium',
  duties: ['recovery'],
  refs: { prowler: 's3_bucket_object_versioning' },
  description:
    'Without versioning an overwrite or delete is final: it is the primary recovery control against mistakes and ransomware. Suspended means old versions are kept but new writes are not versioned.',
  remediation: {
    summary: 'Enable versioning and add a lifecycle rule that expires noncurrent versions.',
    cli: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
    terraform: `resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration { status = "Enabled" }\n}`,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['versioning'], (b) => {
      const ref = ctx.bucketRef(b);
      const status = b.versioning.state === 'ok' ? b.versioning.value.status : undefined;
      if (status === 'Enabled') return [pass(ref)];
      return [
        fail(ref, `Bucket ${b.name} versioning is ${status === 'Suspended' ? 'suspended' : 'not enabled'}.`, {
          bucket: b.name,
          status: status ?? 'never enabled',
        }),
      ];
    }),
});
