import type { CheckResult } from '../../src/engine/check-api.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';
import { define, fail, pass, withIam } from '../_lib.js';

export default define({
  id: 'iam.server-certificate-expired',
  title: 'Expired SSL/TLS server certificate stored in IAM',
  service: 'iam',
  severity: 'low',
  duties: ['credentials', 'data-in-transit'],
  refs: { controls: [...cis7('2.17'), ...cis6('2.18')], prowler: 'iam_no_expired_server_certificates_stored' },
  description: 'An expired certificate in IAM can be deployed by mistake. Certificates expiring within 30 days are reported as info.',
  remediation: {
    summary: 'Delete expired certificates (and move TLS to ACM, which renews automatically).',
    cli: 'aws iam delete-server-certificate --server-certificate-name <name>',
    terraform: '# remove the aws_iam_server_certificate; use aws_acm_certificate',
  },
  evaluate: (s, ctx) =>
    withIam(s, ctx, ['serverCertificates'], ({ serverCertificates }) =>
      (serverCertificates.state === 'ok' ? serverCertificates.value : []).map((c): CheckResult => {
        const ref = {
          arn: c.arn ?? `arn:${ctx.partition}:iam::${ctx.accountId}:server-certificate/${c.name}`,
          type: 'AWS::IAM::ServerCertificate',
          name: c.name,
          region: 'global',
          accountId: ctx.accountId,
        };
        const left = c.expiration ? -(ctx.daysSince(c.expiration) ?? 0) : undefined;
        if (left === undefined || left > 30) return pass(ref);
        return fail(
          ref,
          left < 0
            ? `Server certificate ${c.name} expired ${-left} day(s) ago.`
            : `Server certificate ${c.name} expires in ${left} day(s).`,
          { certificate: c.name, expiration: c.expiration },
          { severity: left < 0 ? 'low' : 'info' },
        );
      }),
    ),
});
