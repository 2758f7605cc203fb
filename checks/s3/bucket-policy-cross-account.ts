import { SEVERITIES, type Severity } from '../../src/model/findings.js';
import { fsbp } from '../../src/model/frameworks.js';
import { define, eachBucket, fail, notAssessed, pass } from '../_lib.js';
import { policyAnalysis } from './_public.js';

export default define({
  id: 's3.bucket-policy-cross-account',
  title: 'Bucket policy allows principals in other accounts',
  service: 's3',
  severity: 'medium',
  duties: ['data-access'],
  refs: { controls: [...fsbp('S3.6')], prowler: 's3_bucket_cross_account_access' },
  description:
    'Allow statements name accounts other than this one (not on the trusted list, not scoped to your organisation). For an account outside the organization (or any account, when the organization is not known): high when it can change permissions or encryption (PutBucketPolicy, PutBucketAcl, PutObjectAcl, ...) or write, medium when it can read. For another account of the same organization (known in an organization scan): medium for permission changes, low otherwise, with the account named.',
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
      const rated = grants.map((g) => {
        const member = ctx.orgMember(g.account);
        const access = g.permissionManagement.length ? 'permission-management' : g.write.length ? 'write' : 'read';
        const severity: Severity = member ? (access === 'permission-management' ? 'medium' : 'low') : access === 'read' ? 'medium' : 'high';
        const who = member
          ? `account ${g.account} (${member}, in this organization)`
          : `account ${g.account}${ctx.orgMember(ctx.accountId) ? ' (outside the organization)' : ''}`;
        return { ...g, access, member: Boolean(member), severity, who };
      });
      const severity = worstOf(rated.map((g) => g.severity));
      const external = rated.some((g) => !g.member);
      return [
        fail(
          ref,
          `Bucket ${b.name}'s policy grants ${rated.map((g) => `${g.who} ${g.access} access`).join('; ')}.`,
          { bucket: b.name, grants: rated.map(({ severity: _s, who: _w, ...g }) => g) },
          {
            severity,
            exposure: {
              reach: external ? 2 : 1,
              blast: rated.some((g) => g.access !== 'read') ? 3 : 2,
              factors: [external ? 'an account outside the organization' : 'accounts of the same organization only'],
            },
          },
        ),
      ];
    }),
});

const worstOf = (list: Severity[]): Severity => SEVERITIES.find((s) => list.includes(s)) ?? 'low';
