import { passwordCli, passwordRule, passwordTerraform } from './_password.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';

export default passwordRule(
  {
    id: 'iam.password-policy-reuse',
    title: 'Password reuse prevention below 24',
    service: 'iam',
    severity: 'low',
    duties: ['credentials'],
    refs: { controls: [...cis7('2.9'), ...cis6('2.8')], prowler: 'iam_password_policy_reuse_24' },
    description: 'PasswordReusePrevention is absent or below 24 (the maximum).',
    remediation: { summary: 'Prevent reuse of the last 24 passwords.', cli: passwordCli, terraform: passwordTerraform },
  },
  (p, ctx) => ({
    ok: (p?.passwordReusePrevention ?? 0) >= ctx.config.passwordReuse,
    message: `Password reuse prevention is ${p?.passwordReusePrevention ?? 'off'}; ${ctx.config.passwordReuse} is required.`,
    evidence: { passwordReusePrevention: p?.passwordReusePrevention ?? null },
  }),
);
