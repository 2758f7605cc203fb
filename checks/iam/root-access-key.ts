import { define, fail, notAssessed, pass, rootRow, withIam } from '../_lib.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';

export default define({
  id: 'iam.root-access-key',
  title: 'Root user has access keys',
  service: 'iam',
  severity: 'critical',
  duties: ['credentials'],
  refs: { controls: [...cis7('2.4'), ...cis6('2.3'), ...fsbp('IAM.4')], prowler: 'iam_no_root_access_key' },
  description: 'The root user has an active access key (critical), or keys exist but are inactive (medium: CIS still counts them).',
  remediation: {
    summary: 'Sign in as root, delete every root access key, and use IAM roles for automation.',
    cli: '# root keys can only be deleted while signed in as root: IAM console > Security credentials > Access keys > Delete',
    terraform: '# not manageable with Terraform: delete root access keys in the console',
  },
  evaluate: (s, ctx) =>
    withIam(s, ctx, ['credentialReport', 'accountSummary'], ({ credentialReport, accountSummary }) => {
      const ref = ctx.accountRef();
      const root = credentialReport.state === 'ok' ? rootRow(credentialReport.value.rows) : undefined;
      const present = accountSummary.state === 'ok' ? (accountSummary.value.AccountAccessKeysPresent ?? 0) : undefined;
      if (!root && present === undefined) return [notAssessed(ref, 'neither the credential report nor the account summary has root data')];
      const active = root ? root.accessKeys.filter((k) => k.active).length : 0;
      if (active > 0) {
        const lastUsed = root!.accessKeys
          .map((k) => k.lastUsedDate)
          .filter(Boolean)
          .sort()
          .pop();
        return [
          fail(
            ref,
            `The root user has ${active} active access key(s).`,
            { activeKeys: active, lastUsed },
            { severity: 'critical', exposure: { reach: 3, blast: 3, factors: ['root credential: full account takeover if leaked'] } },
          ),
        ];
      }
      if ((present ?? 0) > 0)
        return [
          fail(
            ref,
            'The root user has access keys; none is active.',
            { accountAccessKeysPresent: present },
            { severity: 'medium', exposure: { reach: 1, blast: 3, factors: [] } },
          ),
        ];
      return [pass(ref)];
    }),
});
