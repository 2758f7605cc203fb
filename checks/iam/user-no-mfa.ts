import { fail, pass } from '../_lib.js';
import { perUser, userRef } from './_users.js';

export default perUser(
  {
    id: 'iam.user-no-mfa',
    title: 'IAM user (API-only) has no MFA device',
    service: 'iam',
    severity: 'low',
    duties: ['identity'],
    refs: {},
    description:
      'An IAM user without a console password has no MFA device, so policies cannot require aws:MultiFactorAuthPresent for it. Console users without MFA are reported by iam.user-console-no-mfa.',
    remediation: {
      summary: 'Register an MFA device, or replace the user with a role.',
      cli: 'aws iam enable-mfa-device --user-name <user> --serial-number <device-arn> --authentication-code1 <c1> --authentication-code2 <c2>',
      terraform: '# prefer roles (aws_iam_role) over IAM users for workloads',
    },
  },
  (row, ctx) => {
    const ref = userRef(ctx, row);
    if (row.mfaActive || row.passwordEnabled === true) return [pass(ref)];
    return [
      fail(ref, `User ${row.user} has no MFA device.`, { user: row.user, activeKeys: row.accessKeys.filter((k) => k.active).length }),
    ];
  },
);
