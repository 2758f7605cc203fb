import { define, fail, notAssessed, pass } from '../_lib.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';
import { withAad } from './_principals.js';

export default define({
  id: 'iam.group-grants-admin',
  title: 'Group makes its members admin',
  service: 'iam',
  severity: 'high',
  duties: ['identity'],
  refs: { controls: [...cis7('2.14'), ...cis6('2.15')], prowler: 'iam_group_administrator_access_policy' },
  description:
    "The group's own policies (inline or attached, AWS- or customer-managed) grant admin. Reported even without members: such a group is one " +
    'iam:AddUserToGroup away from a new admin, and anyone who may add users to it can make themselves admin. Medium when it has no members.',
  remediation: {
    summary: 'Give admin through a role that people assume with MFA, not through a group; delete the group or narrow its policies.',
    cli: 'aws iam detach-group-policy --group-name <group> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
    terraform: '# remove the aws_iam_group_policy_attachment that gives the group AdministratorAccess',
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) =>
      aad.groups.map((g) => {
        const ref = ctx.iamRef('group', g.arn, g.name);
        const level = ctx.groupAdminLevels().get(g.arn);
        if (level === 'unknown') return notAssessed(ref, `a policy of group ${g.name} could not be read`);
        if (level !== 'admin') return pass(ref);
        const members = aad.users.filter((u) => u.groups.includes(g.name)).map((u) => u.name);
        return fail(
          ref,
          members.length
            ? `Group ${g.name} makes its ${members.length} member(s) admin.`
            : `Group ${g.name} grants admin and has no members: one AddUserToGroup away.`,
          { group: g.arn, members, policies: [...g.attached.map((a) => a.arn), ...g.inline.map((i) => `inline ${i.name}`)] },
          {
            severity: members.length ? 'high' : 'medium',
            exposure: {
              reach: members.length ? 1 : 0,
              blast: 3,
              factors: members.length ? [`members: ${members.slice(0, 5).join(', ')}`] : ['no members'],
            },
          },
        );
      }),
    ),
});
