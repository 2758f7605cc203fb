import { passwordCli, passwordRule, passwordTerraform } from './_password.js';

export default passwordRule(
  {
    id: 'iam.password-policy-min-length',
    title: 'Minimum password length below 14',
    service: 'iam',
    severity: 'medium',
    singleFactorSeverity: 'high',
    duties: ['credentials'],
    refs: { cis: '1.8 (v1.5-v4.0), 1.7 (v5.0), 2.7 (v6.0)', securityHub: 'IAM.15', prowler: 'iam_password_policy_minimum_length_14' },
    description: 'MinimumPasswordLength is below the configured minimum (default 14), or there is no policy.',
    remediation: { summary: 'Require at least 14 characters.', cli: passwordCli, terraform: passwordTerraform },
  },
  (p, ctx) => ({
    ok: (p?.minimumPasswordLength ?? 0) >= ctx.config.minPasswordLength,
    message: `Minimum password length is ${p?.minimumPasswordLength ?? 'unset (AWS default 8)'}; ${ctx.config.minPasswordLength} is required.`,
    evidence: { minimumPasswordLength: p?.minimumPasswordLength ?? null, required: ctx.config.minPasswordLength },
  }),
);
