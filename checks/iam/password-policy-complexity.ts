import { passwordCli, passwordRule, passwordTerraform } from './_password.js';
import { fsbp } from '../../src/model/frameworks.js';

export default passwordRule(
  {
    id: 'iam.password-policy-complexity',
    title: 'Password policy lacks upper, lower, number or symbol requirements',
    service: 'iam',
    severity: 'low',
    duties: ['credentials'],
    refs: { controls: [...fsbp('IAM.7')], prowler: 'iam_password_policy_uppercase (and siblings)' },
    description: 'One or more composition requirements are off. CIS dropped these after v1.2; Security Hub and PCI still ask for them.',
    remediation: { summary: 'Require upper- and lower-case letters, numbers and symbols.', cli: passwordCli, terraform: passwordTerraform },
  },
  (p) => {
    const missing = (
      [
        ['requireUppercaseCharacters', 'upper-case'],
        ['requireLowercaseCharacters', 'lower-case'],
        ['requireNumbers', 'numbers'],
        ['requireSymbols', 'symbols'],
      ] as const
    )
      .filter(([k]) => p?.[k] !== true)
      .map(([, label]) => label);
    return { ok: missing.length === 0, message: `The password policy does not require ${missing.join(', ')}.`, evidence: { missing } };
  },
);
