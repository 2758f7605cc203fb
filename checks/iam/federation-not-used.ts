import { define, fail, pass, reportUsers, withIam } from '../_lib.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';

export default define({
  id: 'iam.federation-not-used',
  title: 'Human access uses IAM users rather than federation or SSO',
  service: 'iam',
  severity: 'info',
  duties: ['identity'],
  refs: { controls: [...cis7('2.19'), ...cis6('2.20')], prowler: 'iam_check_saml_providers_sts' },
  description:
    'IAM users with console passwords exist. Central identity (IAM Identity Center or a SAML/OIDC identity provider) gives short-lived credentials and one place to leave the company. Identity Center itself is not visible to this scan.',
  remediation: {
    summary: 'Move people to IAM Identity Center or your identity provider and remove IAM user passwords.',
    cli: 'aws iam delete-login-profile --user-name <user>',
    terraform: '# manage access with aws_ssoadmin_permission_set and aws_ssoadmin_account_assignment',
  },
  evaluate: (s, ctx) =>
    withIam(s, ctx, ['credentialReport', 'samlProviders', 'oidcProviders'], ({ credentialReport, samlProviders, oidcProviders }) => {
      const ref = ctx.accountRef();
      const consoleUsers =
        credentialReport.state === 'ok'
          ? reportUsers(credentialReport.value.rows)
              .filter((r) => r.passwordEnabled === true)
              .map((r) => r.user)
          : [];
      if (!consoleUsers.length) return [pass(ref)];
      const idps = [
        ...(samlProviders.state === 'ok' ? samlProviders.value : []),
        ...(oidcProviders.state === 'ok' ? oidcProviders.value : []),
      ];
      return [
        fail(
          ref,
          `${consoleUsers.length} IAM user(s) sign in with passwords${idps.length ? ` although ${idps.length} identity provider(s) exist` : ''}.`,
          { consoleUsers, identityProviders: idps },
        ),
      ];
    }),
});
