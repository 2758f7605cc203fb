import { define, eachBucket, fail, notAssessed, pass } from '../_lib.js';
import { policyAnalysis } from './_public.js';

export default define({
  id: 's3.bucket-policy-cross-account',
  title: 'Bucket policy allows principals in other accounts',
  service: 's3',
  severity: 'medium',
  duties: ['data-access'],
  refs: { securityHub: 'S3.6', prowler: 's3_bucket_cross_account_access' },
  description:
    'Allow statements name accounts other than this one (not on the trusted list, not scoped to your organisation). High when they can change permissions or encryption (PutBucketPolicy, PutBucketAcl, PutObjectAcl, ...), medium for writes, low for reads.',
  remediation: {
    summary:
      'Limit cross-account statements to the actions the partner needs, add aws:PrincipalOrgID where the partner is in your organisation, or list the account under trustedAccounts.',
    cli: 'aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text > policy.json   # edit, then: aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json',
    terraform: `data "aws_iam_policy_document" "bucket" {\n  statement {\n    principals { type = "AWS", identifiers = ["arn:aws:iam::<partner>:role/<reader>"] }\n    actions   = ["s3:GetObject"]\n    resources = ["\${aws_s3_bucket.this.arn}/*"]\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['policy'], (b) => {
      const ref = ctx.bucketRef(b);
      const a = policyAnalysis(ctx, b);
      if (a instanceof Error) return [notAssessed(ref, `bucket policy could not be interpreted: ${a.message}`)];
      const grants = (a?.crossAccount ?? []).filter(
        (g) => !g.orgScoped && (g.read.length || g.write.length || g.permissionManagement.length),
      );
      if (!grants.length) return [pass(ref)];
      const severity = grants.some((g) => g.permissionManagement.length) ? 'high' : grants.some((g) => g.write.length) ? 'medium' : 'low';
      return [
        fail(
          ref,
          `Bucket ${b.name}'s policy grants ${grants.map((g) => `account ${g.account}`).join(', ')} ${severity === 'high' ? 'permission-management' : severity === 'medium' ? 'write' : 'read'} access.`,
          { bucket: b.name, grants },
          { severity, exposure: { reach: 1, blast: severity === 'high' ? 3 : 2, factors: [] } },
        ),
      ];
    }),
});
