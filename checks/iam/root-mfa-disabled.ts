import { define, fail, notAssessed, pass, rootRow, withIam } from '../_lib.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';

export default define({
  id: 'iam.root-mfa-disabled',
  title: 'Root user has no MFA',
  service: 'iam',
  severity: 'critical',
  duties: ['identity', 'credentials'],
  refs: { controls: [...cis7('2.5', '2.6'), ...cis6('2.4', '2.5'), ...fsbp('IAM.6')], prowler: 'iam_root_mfa_enabled' },
  description:
    'The root user can sign in with a password alone. Passes when AccountMFAEnabled is 1, or when root has no password, keys or certificates at all (centralised root access: AccountPasswordPresent and AccountAccessKeysPresent are 0).',
  remediation: {
    summary: 'Register a hardware or FIDO2 MFA device for the root user.',
    cli: '# as root: IAM console > Security credentials > Multi-factor authentication > Assign MFA device',
    terraform: '# not manageable with Terraform: assign root MFA in the console',
  },
  evaluate: (s, ctx) =>
    withIam(s, ctx, ['accountSummary', 'credentialReport'], ({ accountSummary, credentialReport }) => {
      const ref = ctx.accountRef();
      const root = credentialReport.state === 'ok' ? rootRow(credentialReport.value.rows) : undefined;
      const mfa = accountSummary.state === 'ok' ? accountSummary.value.AccountMFAEnabled : root ? (root.mfaActive ? 1 : 0) : undefined;
      if (mfa === undefined) return [notAssessed(ref, 'AccountMFAEnabled not available')];
      if (mfa === 1) return [pass(ref)];
      // Centralised root access: a member account's root may have no password and no keys at all.
      const summary = accountSummary.state === 'ok' ? accountSummary.value : {};
      const noPassword = summary.AccountPasswordPresent === 0 || root?.passwordEnabled === false;
      const noKeys = (summary.AccountAccessKeysPresent ?? (root?.accessKeys.some((k) => k.active) ? 1 : 0)) === 0;
      if (noPassword && noKeys && !root?.certs.some((c) => c.active)) return [pass(ref)];
      const recent = root ? [root.passwordLastUsed, ...root.accessKeys.map((k) => k.lastUsedDate)].filter(Boolean).sort().pop() : undefined;
      const days = ctx.daysSince(recent);
      const usedRecently = days !== undefined && days <= ctx.config.rootRecentUseDays;
      return [
        fail(
          ref,
          `The root user has no MFA${usedRecently ? ` and was used ${days} day(s) ago` : ''}.`,
          { accountMFAEnabled: mfa, rootLastUsed: recent },
          {
            severity: 'critical',
            exposure: {
              reach: usedRecently ? 3 : 2,
              blast: 3,
              factors: ['root credential without a second factor', ...(usedRecently ? ['root in active use'] : [])],
            },
          },
        ),
      ];
    }),
});
