import { BUCKET_BPA_CLI, BUCKET_BPA_TERRAFORM } from './_snippets.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { define, eachBucket, effectiveBpa, fail, isIntentionallyPublic, pass } from '../_lib.js';

export default define({
  id: 's3.bucket-bpa-incomplete',
  title: 'Bucket-level Block Public Access not fully on',
  service: 's3',
  severity: 'medium',
  duties: ['data-access'],
  refs: { controls: [...cis7('3.1.4'), ...cis6('3.1.4'), ...fsbp('S3.8')], prowler: 's3_bucket_level_public_access_block' },
  description:
    'A Block Public Access flag is off on the bucket and the account-level setting does not cover it. Passes (inherited) when the account-level settings are all on.',
  remediation: {
    summary: 'Turn on all four Block Public Access settings on the bucket (or account-wide).',
    cli: BUCKET_BPA_CLI,
    terraform: BUCKET_BPA_TERRAFORM,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['publicAccessBlock'], (b) => {
      const ref = ctx.bucketRef(b);
      const bpa = effectiveBpa(s, b);
      const off = Object.entries(bpa.flags)
        .filter(([, v]) => !v)
        .map(([k]) => k);
      if (!off.length) return [pass(ref)];
      return [
        fail(
          ref,
          `Bucket ${b.name} has Block Public Access off for ${off.join(', ')} (bucket and account level combined).`,
          {
            bucket: b.name,
            effective: bpa.flags,
            bucketLevel: b.publicAccessBlock.state === 'ok' ? b.publicAccessBlock.value : 'not configured',
          },
          { severity: isIntentionallyPublic(ctx, b) ? 'info' : 'medium' },
        ),
      ];
    }),
});
