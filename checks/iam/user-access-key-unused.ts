import type { CheckResult } from '../../src/engine/check-api.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { fail, pass } from '../_lib.js';
import { exposureFor, keyIds, perUser, raise, userRef } from './_users.js';

export default perUser(
  {
    id: 'iam.user-access-key-unused',
    title: 'Active access key unused for 45 days or more',
    service: 'iam',
    severity: 'medium',
    duties: ['credentials'],
    refs: { controls: [...cis7('2.11'), ...cis6('2.11'), ...fsbp('IAM.8')], prowler: 'iam_user_accesskey_unused' },
    description:
      'An active key not used for the configured number of days (default 45); never-used keys count from their creation. Critical when the user is admin or can escalate.',
    remediation: {
      summary: 'Deactivate, then delete, unused access keys.',
      cli: 'aws iam update-access-key --user-name <user> --access-key-id <key-id> --status Inactive',
      terraform: '# remove the aws_iam_access_key resource',
    },
  },
  (row, ctx, s) =>
    row.accessKeys.map((k, i): CheckResult => {
      const ref = userRef(ctx, row);
      const d = `key${i + 1}`;
      if (!k.active) return pass(ref, d);
      const days = ctx.daysSince(k.lastUsedDate ?? k.lastRotated);
      if (days === undefined || days < ctx.config.unusedCredentialDays) return pass(ref, d);
      const { exposure, privileged } = exposureFor(ctx, row, 2, ['long-lived access key']);
      return fail(
        ref,
        `User ${row.user}'s access key ${i + 1} is active but unused for ${days} days${k.lastUsedDate ? '' : ' (never used)'}.`,
        { user: row.user, key: i + 1, lastUsedDate: k.lastUsedDate, lastRotated: k.lastRotated, days, accessKeys: keyIds(s, row.user) },
        { discriminator: d, severity: raise('medium', privileged, 'critical'), exposure },
      );
    }),
);
