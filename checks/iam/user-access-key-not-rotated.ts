import type { CheckResult } from '../../src/engine/check-api.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { fail, pass } from '../_lib.js';
import { exposureFor, keyIds, perUser, raise, userRef } from './_users.js';

export default perUser(
  {
    id: 'iam.user-access-key-not-rotated',
    title: 'Active access key older than 90 days',
    service: 'iam',
    severity: 'medium',
    duties: ['credentials'],
    refs: { controls: [...cis7('2.12'), ...cis6('2.13'), ...fsbp('IAM.3')], prowler: 'iam_rotate_access_key_90_days' },
    description: 'An active key older than the configured age (default 90 days). Critical when the user is admin or can escalate.',
    remediation: {
      summary: 'Create a new key, move clients to it, then deactivate and delete the old key; better, replace keys with roles.',
      cli: 'aws iam create-access-key --user-name <user> && aws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive',
      terraform: '# rotate by replacing the aws_iam_access_key resource (terraform apply -replace=...)',
    },
  },
  (row, ctx, s) =>
    row.accessKeys.map((k, i): CheckResult => {
      const ref = userRef(ctx, row);
      const d = `key${i + 1}`;
      const days = ctx.daysSince(k.lastRotated);
      if (!k.active || days === undefined || days < ctx.config.keyRotationDays) return pass(ref, d);
      const { exposure, privileged } = exposureFor(ctx, row, 2, ['long-lived access key']);
      return fail(
        ref,
        `User ${row.user}'s access key ${i + 1} is ${days} days old.`,
        { user: row.user, key: i + 1, lastRotated: k.lastRotated, days, accessKeys: keyIds(s, row.user) },
        { discriminator: d, severity: raise('medium', privileged, 'critical'), exposure },
      );
    }),
);
