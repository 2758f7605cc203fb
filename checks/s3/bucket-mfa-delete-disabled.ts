import { define, eachBucket, fail, pass } from '../_lib.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';

export default define({
  id: 's3.bucket-mfa-delete-disabled',
  title: 'MFA Delete not enabled',
  service: 's3',
  severity: 'low',
  duties: ['recovery', 'credentials'],
  refs: { controls: [...cis7('3.1.2'), ...cis6('3.1.2')], prowler: 's3_bucket_no_mfa_delete' },
  description:
    "MFA Delete requires the root user's MFA to delete versions or change versioning. Only root can enable it, through the API, and it does not combine with lifecycle rules.",
  remediation: {
    summary: 'As root, enable MFA Delete on buckets holding records that must never be deleted silently (or use Object Lock).',
    cli: 'aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa "<root-mfa-serial> <code>"',
    terraform: `resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n  versioning_configuration {\n    status     = "Enabled"\n    mfa_delete = "Enabled"\n  }\n  mfa = "<serial> <code>"\n}`,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['versioning'], (b) => {
      const ref = ctx.bucketRef(b);
      const v = b.versioning.state === 'ok' ? b.versioning.value : {};
      return [
        v.status === 'Enabled' && v.mfaDelete === 'Enabled'
          ? pass(ref)
          : fail(ref, `Bucket ${b.name} does not have MFA Delete enabled.`, {
              bucket: b.name,
              versioning: v.status ?? 'off',
              mfaDelete: v.mfaDelete ?? 'Disabled',
            }),
      ];
    }),
});
