import { define, effectiveBpa, fail, fetchReason, notAssessed, pass } from '../_lib.js';
import { fsbp } from '../../src/model/frameworks.js';

export default define({
  id: 's3.access-point-bpa-disabled',
  title: 'S3 access point Block Public Access not fully on',
  service: 's3',
  severity: 'high',
  duties: ['data-access'],
  refs: { controls: [...fsbp('S3.19')], prowler: 's3_access_point_public_access_block' },
  description:
    "One of the access point's four Block Public Access flags is off. The flags add to the bucket and account settings; the finding is low when those already block public policies.",
  remediation: {
    summary: 'Access point settings cannot be changed: create a replacement with all four flags on, move clients, delete the old one.',
    cli: 'aws s3control create-access-point --account-id <account> --name <new-name> --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform: `resource "aws_s3_access_point" "this" {\n  bucket = aws_s3_bucket.this.id\n  name   = "app"\n  public_access_block_configuration {\n    block_public_acls       = true\n    ignore_public_acls      = true\n    block_public_policy     = true\n    restrict_public_buckets = true\n  }\n}`,
  },
  evaluate(s, ctx) {
    const aps = s.s3.accessPoints;
    if (!aps)
      return [
        notAssessed(ctx.accountRef(), 'access points were not collected in this snapshot (made by an older incloud)', 's3-access-points'),
      ];
    if (aps.state !== 'ok') return [notAssessed(ctx.accountRef(), fetchReason(aps), 's3-access-points')];
    const buckets = s.s3.buckets.state === 'ok' ? s.s3.buckets.value : [];
    return aps.value.map((ap) => {
      const ref = {
        arn: ap.arn ?? `arn:${ctx.partition}:s3:${ap.region}:${ctx.accountId}:accesspoint/${ap.name}`,
        type: 'AWS::S3::AccessPoint',
        name: ap.name,
        region: ap.region,
        accountId: ctx.accountId,
      };
      if (ap.publicAccessBlock.state === 'error') return notAssessed(ref, fetchReason(ap.publicAccessBlock));
      const flags = ap.publicAccessBlock.state === 'ok' ? ap.publicAccessBlock.value : undefined;
      const off = flags
        ? Object.entries(flags)
            .filter(([, v]) => !v)
            .map(([k]) => k)
        : ['all four settings'];
      if (!off.length) return pass(ref);
      const bucket = buckets.find((b) => b.name === ap.bucket);
      const covered = bucket
        ? effectiveBpa(s, bucket).flags.restrictPublicBuckets && effectiveBpa(s, bucket).flags.blockPublicPolicy
        : false;
      return fail(
        ref,
        `Access point ${ap.name} (bucket ${ap.bucket ?? '?'}) has Block Public Access off for ${off.join(', ')}${covered ? '; bucket/account settings still block public policies' : ''}.`,
        { accessPoint: ap.name, bucket: ap.bucket, networkOrigin: ap.networkOrigin, off },
        { severity: covered ? 'low' : ap.networkOrigin === 'VPC' ? 'medium' : 'high' },
      );
    });
  },
});
