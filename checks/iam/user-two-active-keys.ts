import { fail, pass } from '../_lib.js';
import { cis6 } from '../../src/model/frameworks.js';
import { exposureFor, keyIds, perUser, raise, userRef } from './_users.js';

export default perUser(
  {
    id: 'iam.user-two-active-keys',
    title: 'User has two active access keys',
    service: 'iam',
    severity: 'low',
    duties: ['credentials'],
    refs: { controls: [...cis6('2.12')], prowler: 'iam_user_two_active_access_key' },
    description: 'Two active keys double what can leak and usually mean a rotation was never finished.',
    remediation: {
      summary: 'Finish the rotation: switch clients to one key and deactivate the other.',
      cli: 'aws iam update-access-key --user-name <user> --access-key-id <old-key-id> --status Inactive',
      terraform: '# keep a single aws_iam_access_key per user',
    },
  },
  (row, ctx, s) => {
    const ref = userRef(ctx, row);
    if (!(row.accessKeys[0]?.active && row.accessKeys[1]?.active)) return [pass(ref)];
    const { exposure, privileged } = exposureFor(ctx, row, 2);
    return [
      fail(
        ref,
        `User ${row.user} has two active access keys.`,
        { user: row.user, keys: row.accessKeys, accessKeys: keyIds(s, row.user) },
        { severity: raise('low', privileged, 'high'), exposure },
      ),
    ];
  },
);
