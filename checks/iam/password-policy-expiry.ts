import { passwordCli, passwordRule, passwordTerraform } from './_password.js';

export default passwordRule(
  {
    id: 'iam.password-policy-expiry',
    title: 'No password expiry of 90 days or less',
    service: 'iam',
    severity: 'info',
    duties: ['credentials'],
    refs: { prowler: 'iam_password_policy_expires_passwords_within_90_days_or_less' },
    description:
      'Passwords never expire, or expire after more than 90 days. CIS dropped forced expiry; PCI DSS still asks for it where a password is the only factor, so this is context rather than a failure.',
    remediation: {
      summary: 'Set MaxPasswordAge to 90 days or less if your compliance regime requires it; prefer MFA.',
      cli: `${passwordCli} --max-password-age 90`,
      terraform: passwordTerraform.replace('}', '  max_password_age               = 90\n}'),
    },
  },
  (p) => ({
    ok: p?.expirePasswords === true && (p.maxPasswordAge ?? Infinity) <= 90,
    message: `Passwords ${p?.expirePasswords ? `expire after ${p.maxPasswordAge} days` : 'never expire'}.`,
    evidence: { expirePasswords: p?.expirePasswords ?? false, maxPasswordAge: p?.maxPasswordAge ?? null },
  }),
);
