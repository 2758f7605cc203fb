import { passwordCli, passwordRule, passwordTerraform } from './_password.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';

export default passwordRule(
  {
    id: 'iam.password-policy-min-length',
    title: 'Minimum password length below 14',
    service: 'iam',
    severity: 'medium',
    singleFactorSeverity: 'high',
    duties: ['credentials'],
    refs: { controls: [...cis7('2.8'), ...cis6('2.7'), ...fsbp('IAM.7')], prowler: 'iam_password_policy_minimum_length_14' },
    description: 'MinimumPasswordLength is below the configured minimum (default 14), or there is no policy.',
    remediation: { summary: 'Require at least 14 characters.', cli: passwordCli, terraform: passwordTerraform },
  },
  (p, ctx) => ({
    ok: (p?.minimumPasswordLength ?? 0) >= ctx.config.minPasswordLength,
    message: `Minimum password length is ${p?.minimumPasswordLength ?? 'unset (AWS default 8)'}; ${ctx.config.minPasswordLength} is required.`,
    evidence: { minimumPasswordLength: p?.minimumPasswordLength ?? null, required: ctx.config.minPasswordLength },
  }),
);
