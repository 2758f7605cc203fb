import { fail, pass } from '../_lib.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { exposureFor, perUser, raise, userRef } from './_users.js';

export default perUser(
  {
    id: 'iam.user-console-no-mfa',
    title: 'IAM user with a console password has no MFA',
    service: 'iam',
    severity: 'high',
    duties: ['identity'],
    refs: { controls: [...cis7('2.10'), ...cis6('2.9'), ...fsbp('IAM.5')], prowler: 'iam_user_mfa_enabled_console_access' },
    description:
      'Single-factor interactive access. Critical when the user is admin or can escalate: a phished password becomes account takeover.',
    remediation: {
      summary: 'Require the user to register MFA (or remove the console password and move humans to IAM Identity Center).',
      cli: 'aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png --bootstrap-method QRCodePNG && aws iam enable-mfa-device --user-name <user> --serial-number <arn> --authentication-code1 <c1> --authentication-code2 <c2>',
      terraform: `# enforce with a policy that denies everything without MFA\ndata "aws_iam_policy_document" "require_mfa" {\n  statement {\n    effect      = "Deny"\n    not_actions = ["iam:*MFA*", "sts:GetSessionToken", "iam:ChangePassword"]\n    resources   = ["*"]\n    condition {\n      test     = "BoolIfExists"\n      variable = "aws:MultiFactorAuthPresent"\n      values   = ["false"]\n    }\n  }\n}`,
    },
  },
  (row, ctx) => {
    const ref = userRef(ctx, row);
    if (row.passwordEnabled !== true || row.mfaActive) return [pass(ref)];
    const { exposure, privileged } = exposureFor(ctx, row, 2, ['console password without MFA']);
    return [
      fail(
        ref,
        `User ${row.user} can sign in to the console with a password and has no MFA.`,
        { user: row.user, passwordLastUsed: row.passwordLastUsed },
        { severity: raise('high', privileged, 'critical'), exposure },
      ),
    ];
  },
);
