import { define, fail, notAssessed, pass, rootRow, withIam } from '../_lib.js';

export default define({
  id: 'iam.root-signing-certificate',
  title: 'Root has active X.509 signing certificates',
  service: 'iam',
  severity: 'medium',
  duties: ['credentials'],
  refs: {},
  description: 'A root signing certificate is a long-lived root credential.',
  remediation: {
    summary: 'As root, delete the signing certificates.',
    cli: '# as root: IAM console > Security credentials > X.509 certificates > Delete',
    terraform: '# not manageable with Terraform',
  },
  evaluate: (s, ctx) =>
    withIam(s, ctx, ['credentialReport'], ({ credentialReport }) => {
      const ref = ctx.accountRef();
      const root = credentialReport.state === 'ok' ? rootRow(credentialReport.value.rows) : undefined;
      if (!root) return [notAssessed(ref, 'the credential report has no root row')];
      const active = root.certs.filter((c) => c.active).length;
      return [active ? fail(ref, `The root user has ${active} active signing certificate(s).`, { activeCertificates: active }) : pass(ref)];
    }),
});
