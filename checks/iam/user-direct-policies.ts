import { define, fail, pass } from '../_lib.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { principalRef, withAad } from './_principals.js';

export default define({
  id: 'iam.user-direct-policies',
  title: 'User has directly attached or inline policies',
  service: 'iam',
  severity: 'low',
  duties: ['identity'],
  refs: { controls: [...cis7('2.13'), ...cis6('2.14'), ...fsbp('IAM.2')], prowler: 'iam_policy_attached_only_to_group_or_roles' },
  description: 'Permissions given to individual users instead of groups or roles drift and are hard to review.',
  remediation: {
    summary: 'Move the permissions to a group (or role) and detach them from the user.',
    cli: 'aws iam add-user-to-group --user-name <user> --group-name <group> && aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>',
    terraform: `resource "aws_iam_user_group_membership" "this" {\n  user   = aws_iam_user.this.name\n  groups = [aws_iam_group.engineers.name]\n}`,
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) =>
      aad.users.map((u) => {
        const ref = principalRef(ctx, u, 'user');
        if (!u.attached.length && !u.inline.length) return pass(ref);
        return fail(
          ref,
          `User ${u.name} has ${u.attached.length} attached and ${u.inline.length} inline polic${u.attached.length + u.inline.length === 1 ? 'y' : 'ies'}.`,
          { user: u.name, attached: u.attached.map((a) => a.arn), inline: u.inline.map((i) => i.name) },
        );
      }),
    ),
});
