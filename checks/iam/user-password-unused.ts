import { fail, pass } from '../_lib.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { exposureFor, perUser, userRef } from './_users.js';

export default perUser(
  {
    id: 'iam.user-password-unused',
    title: 'Console password unused for 45 days or more',
    service: 'iam',
    severity: 'medium',
    duties: ['credentials'],
    refs: { controls: [...cis7('2.11'), ...cis6('2.11'), ...fsbp('IAM.8')], prowler: 'iam_user_console_access_unused' },
    description:
      'A console password not used for the configured number of days (default 45); never-used passwords count from when they were set.',
    remediation: {
      summary: 'Remove console access that is not used.',
      cli: 'aws iam delete-login-profile --user-name <user>',
      terraform: '# remove the aws_iam_user_login_profile resource',
    },
  },
  (row, ctx) => {
    const ref = userRef(ctx, row);
    if (row.passwordEnabled !== true) return [pass(ref)];
    const since = row.passwordLastUsed ?? row.passwordLastChanged ?? row.userCreationTime;
    const days = ctx.daysSince(since);
    if (days === undefined || days < ctx.config.unusedCredentialDays) return [pass(ref)];
    return [
      fail(
        ref,
        `User ${row.user}'s console password has not been used for ${days} days${row.passwordLastUsed ? '' : ' (never used)'}.`,
        { user: row.user, passwordLastUsed: row.passwordLastUsed, since, days },
        { exposure: exposureFor(ctx, row, 1).exposure },
      ),
    ];
  },
);
