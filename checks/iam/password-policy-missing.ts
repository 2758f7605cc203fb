import { passwordCli, passwordRule, passwordTerraform } from './_password.js';
import { fsbp } from '../../src/model/frameworks.js';

export default passwordRule(
  {
    id: 'iam.password-policy-missing',
    title: 'No account password policy set',
    service: 'iam',
    severity: 'medium',
    singleFactorSeverity: 'high',
    duties: ['credentials'],
    refs: { controls: [...fsbp('IAM.7')] },
    description:
      "Without a password policy AWS's weak defaults apply to IAM user passwords. Info only when no user has a console password; high when console users without MFA exist (their password is the only factor).",
    remediation: { summary: 'Set an account password policy.', cli: passwordCli, terraform: passwordTerraform },
  },
  (p) => ({ ok: Boolean(p), message: 'The account has no IAM password policy; AWS defaults apply.', evidence: {} }),
);
