import { define, eachBucket, fail, notAssessed, pass } from '../_lib.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { policyAnalysis } from './_public.js';

export default define({
  id: 's3.bucket-tls-not-enforced',
  title: 'Bucket policy does not deny non-TLS (HTTP) requests',
  service: 's3',
  severity: 'medium',
  duties: ['data-in-transit'],
  refs: { controls: [...cis7('3.1.1'), ...cis6('3.1.1'), ...fsbp('S3.5')], prowler: 's3_bucket_secure_transport_policy' },
  description:
    "Passes only with a Deny for everyone on s3:* (or *) covering the bucket's objects when aws:SecureTransport is false. An Allow with SecureTransport=true does not deny HTTP.",
  remediation: {
    summary: 'Add a statement that denies every request made without TLS.',
    cli: `aws s3api put-bucket-policy --bucket <bucket> --policy '{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::<bucket>","arn:aws:s3:::<bucket>/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}'   # merge with any existing statements`,
    terraform: `data "aws_iam_policy_document" "tls" {\n  statement {\n    sid     = "DenyInsecureTransport"\n    effect  = "Deny"\n    principals { type = "*", identifiers = ["*"] }\n    actions   = ["s3:*"]\n    resources = [aws_s3_bucket.this.arn, "\${aws_s3_bucket.this.arn}/*"]\n    condition {\n      test     = "Bool"\n      variable = "aws:SecureTransport"\n      values   = ["false"]\n    }\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachBucket(s, ctx, ['policy'], (b) => {
      const ref = ctx.bucketRef(b);
      const a = policyAnalysis(ctx, b);
      if (a instanceof Error) return [notAssessed(ref, `bucket policy could not be interpreted: ${a.message}`)];
      if (a?.tls === 'enforced') return [pass(ref)];
      const why = !a
        ? 'has no bucket policy'
        : a.tls === 'tls-version-only'
          ? 'only denies old TLS versions (s3:TlsVersion), which does not block plain HTTP'
          : 'does not deny requests without TLS';
      return [fail(ref, `Bucket ${b.name} ${why}.`, { bucket: b.name, hasPolicy: Boolean(a), tls: a?.tls ?? 'no-policy' })];
    }),
});
