import { fail, pass } from '../_lib.js';
import { cis6 } from '../../src/model/frameworks.js';
import { keyIds, perUser, userRef } from './_users.js';

export default perUser(
  {
    id: 'iam.user-key-created-at-setup',
    title: 'Console user has an active access key that was never used',
    service: 'iam',
    severity: 'low',
    duties: ['credentials'],
    refs: { controls: [...cis6('2.10')], prowler: 'iam_user_no_setup_initial_access_key' },
    description: 'Keys created together with a console user "just in case" and never used are needless long-lived credentials.',
    remediation: {
      summary: 'Delete access keys that have never been used.',
      cli: 'aws iam delete-access-key --user-name <user> --access-key-id <key-id>',
      terraform: '# remove the aws_iam_access_key resource',
    },
  },
  (row, ctx, s) => {
    const ref = userRef(ctx, row);
    const unused = row.accessKeys.map((k, i) => ({ ...k, n: i + 1 })).filter((k) => k.active && !k.lastUsedDate);
    if (row.passwordEnabled !== true || !unused.length) return [pass(ref)];
    return [
      fail(ref, `User ${row.user} has a console password and never-used active access key(s) ${unused.map((k) => k.n).join(', ')}.`, {
        user: row.user,
        keys: unused,
        accessKeys: keyIds(s, row.user),
      }),
    ];
  },
);
