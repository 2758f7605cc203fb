import { define, fail, fetchReason, notAssessed, pass } from '../_lib.js';
import { fsbp } from '../../src/model/frameworks.js';

export default define({
  id: 's3.mrap-bpa-disabled',
  title: 'Multi-Region Access Point Block Public Access not fully on',
  service: 's3',
  severity: 'medium',
  duties: ['data-access'],
  refs: { controls: [...fsbp('S3.24')], prowler: 's3_multi_region_access_point_public_access_block' },
  description:
    "One of the Multi-Region Access Point's four Block Public Access flags is off. Like access-point settings they add to bucket and account settings, and they cannot be changed after creation.",
  remediation: {
    summary: 'Create a replacement Multi-Region Access Point with all four flags on, move clients, delete the old one.',
    cli: `aws s3control create-multi-region-access-point --account-id <account> --details '{"Name":"<name>","PublicAccessBlock":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true},"Regions":[{"Bucket":"<bucket>"}]}'`,
    terraform: `resource "aws_s3control_multi_region_access_point" "this" {\n  details {\n    name = "example"\n    public_access_block {\n      block_public_acls       = true\n      ignore_public_acls      = true\n      block_public_policy     = true\n      restrict_public_buckets = true\n    }\n    region { bucket = aws_s3_bucket.a.id }\n  }\n}`,
  },
  evaluate(s, ctx) {
    const m = s.s3.multiRegionAccessPoints;
    if (!m)
      return [
        notAssessed(
          ctx.accountRef(),
          'Multi-Region Access Points were not collected in this snapshot (made by an older incloud)',
          's3-mraps',
        ),
      ];
    if (m.state !== 'ok') return [notAssessed(ctx.accountRef(), fetchReason(m), 's3-mraps')];
    return m.value.map((ap) => {
      const ref = {
        arn: `arn:${ctx.partition}:s3::${ctx.accountId}:accesspoint/${ap.alias ?? ap.name}`,
        type: 'AWS::S3::MultiRegionAccessPoint',
        name: ap.name,
        region: 'global',
        accountId: ctx.accountId,
      };
      const off = ap.publicAccessBlock
        ? Object.entries(ap.publicAccessBlock)
            .filter(([, v]) => !v)
            .map(([k]) => k)
        : ['all four settings (none reported)'];
      return off.length
        ? fail(ref, `Multi-Region Access Point ${ap.name} has Block Public Access off for ${off.join(', ')}.`, {
            name: ap.name,
            buckets: ap.buckets,
            off,
          })
        : pass(ref);
    });
  },
});
