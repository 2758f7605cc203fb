import { define, fail, notAssessed, pass, rootRow, withIam } from '../_lib.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';

export default define({
  id: 'iam.root-recently-used',
  title: 'Root user used recently',
  service: 'iam',
  severity: 'medium',
  duties: ['identity', 'credentials'],
  refs: { controls: [...cis7('2.7'), ...cis6('2.6')], prowler: 'iam_avoid_root_usage' },
  description:
    'The root password or a root key was used within the configured number of days (default 15). A few tasks need root; day-to-day use should not.',
  remediation: {
    summary: 'Use IAM Identity Center or IAM roles for daily work; keep root for the tasks that require it.',
    cli: 'aws iam get-credential-report --query Content --output text | base64 -d | head -2',
    terraform: '# organisational control: not a Terraform setting',
  },
  evaluate: (s, ctx) =>
    withIam(s, ctx, ['credentialReport'], ({ credentialReport }) => {
      const ref = ctx.accountRef();
      const root = credentialReport.state === 'ok' ? rootRow(credentialReport.value.rows) : undefined;
      if (!root) return [notAssessed(ref, 'the credential report has no root row')];
      const uses = {
        password: root.passwordLastUsed,
        accessKey1: root.accessKeys[0]?.lastUsedDate ?? null,
        accessKey2: root.accessKeys[1]?.lastUsedDate ?? null,
      };
      const last = Object.values(uses)
        .filter((x): x is string => Boolean(x))
        .sort()
        .pop();
      const days = ctx.daysSince(last);
      if (days === undefined || days > ctx.config.rootRecentUseDays) return [pass(ref)];
      return [
        fail(
          ref,
          `The root user was used ${days} day(s) ago.`,
          { lastUsed: uses, thresholdDays: ctx.config.rootRecentUseDays },
          { exposure: { reach: 2, blast: 3, factors: [] } },
        ),
      ];
    }),
});
