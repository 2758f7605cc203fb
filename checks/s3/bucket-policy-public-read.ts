import { BUCKET_BPA_CLI, BUCKET_BPA_TERRAFORM } from './_snippets.js';
import { cis7, fsbp } from '../../src/model/frameworks.js';
import { define, eachBucket } from '../_lib.js';
import { publicPolicyCheck } from './_public.js';

export default define({
  id: 's3.bucket-policy-public-read',
  title: 'Bucket policy grants public read or list',
  service: 's3',
  severity: 'critical',
  duties: ['data-access'],
  refs: { controls: [...cis7('2.21'), ...fsbp('S3.2')], prowler: 's3_bucket_public_access' },
  description:
    'An Allow statement for Principal "*" (or NotPrincipal) grants read or list actions and is not pinned to a fixed VPC endpoint, organisation, account, ARN or bounded source-IP set. Low ("latent") when RestrictPublicBuckets neutralises it.',
  remediation: {
    summary:
      'Remove the public statement or pin it to a condition (aws:SourceVpce, aws:PrincipalOrgID); serve public content through CloudFront with origin access control; turn on Block Public Access.',
    cli: BUCKET_BPA_CLI,
    terraform: BUCKET_BPA_TERRAFORM,
  },
  evaluate: (s, ctx) => eachBucket(s, ctx, ['policy', 'publicAccessBlock'], (b) => [publicPolicyCheck(s, ctx, b, 'read')]),
});
