import { passwordCli, passwordRule, passwordTerraform } from './_password.js';

export default passwordRule(
  {
    id: 'iam.password-policy-reuse',
    title: 'Password reuse prevention below 24',
    service: 'iam',
    severity: 'low',
    duties: ['credentials'],
    refs: { cis: '1.9 (v1.5-v4.0), 1.8 (v5.0), 2.8 (v6.0)', securityHub: 'IAM.16', prowler: 'iam_password_policy_reuse_24' },
    description: 'PasswordReusePrevention is absent or below 24 (the maximum).',
    remediation: { summary: 'Prevent reuse of the last 24 passwords.', cli: passwordCli, terraform: passwordTerraform },
  },
  (p, ctx) => ({
    ok: (p?.passwordReusePrevention ?? 0) >= ctx.config.passwordReuse,
    message: `Password reuse prevention is ${p?.passwordReusePrevention ?? 'off'}; ${ctx.config.passwordReuse} is required.`,
    evidence: { passwordReusePrevention: p?.passwordReusePrevention ?? null },
  }),
);
