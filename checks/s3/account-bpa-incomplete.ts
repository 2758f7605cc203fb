import { define, fail, fetchReason, notAssessed, pass } from '../_lib.js';
import { fsbp } from '../../src/model/frameworks.js';

export default define({
  id: 's3.account-bpa-incomplete',
  title: 'Account-level Block Public Access not fully on',
  service: 's3',
  severity: 'high',
  duties: ['data-access'],
  refs: { controls: [...fsbp('S3.1')], prowler: 's3_account_level_public_access_blocks' },
  description:
    'All four account-level Block Public Access settings must be on: it is the one control that neutralises every public ACL and policy in the account.',
  remediation: {
    summary: 'Turn on all four account-level Block Public Access settings (exceptions belong behind CloudFront, not in public buckets).',
    cli: 'aws s3control put-public-access-block --account-id <account-id> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true',
    terraform: `resource "aws_s3_account_public_access_block" "this" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}`,
  },
  evaluate(s, ctx) {
    const ref = ctx.accountRef();
    const f = s.s3.accountPublicAccessBlock;
    if (f.state === 'error') return [notAssessed(ref, fetchReason(f))];
    const flags =
      f.state === 'ok'
        ? f.value
        : { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
    const off = Object.entries(flags)
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (!off.length) return [pass(ref)];
    const neutralising = flags.ignorePublicAcls && flags.restrictPublicBuckets;
    return [
      fail(
        ref,
        f.state === 'absent'
          ? 'No account-level Block Public Access configuration exists.'
          : `Account-level Block Public Access is off for ${off.join(', ')}.`,
        { configured: f.state === 'ok', settings: flags, existingPublicGrantsNeutralised: neutralising },
        { severity: neutralising ? 'medium' : 'high', exposure: { reach: 1, blast: 2, factors: [] } },
      ),
    ];
  },
});
