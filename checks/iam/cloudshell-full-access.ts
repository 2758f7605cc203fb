import type { CheckResult } from '../../src/engine/check-api.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';
import { define, fail, pass } from '../_lib.js';
import { withAad } from './_principals.js';

export default define({
  id: 'iam.cloudshell-full-access',
  title: 'AWSCloudShellFullAccess attached',
  service: 'iam',
  severity: 'medium',
  duties: ['identity', 'data-access'],
  refs: { controls: [...cis7('2.20'), ...cis6('2.21')], prowler: 'iam_policy_cloudshell_admin_not_attached' },
  description: 'CloudShell full access allows file upload and download and Internet egress from the shell: an exfiltration path.',
  remediation: {
    summary: 'Detach AWSCloudShellFullAccess; grant a scoped CloudShell policy where the shell is needed.',
    cli: 'aws iam detach-user-policy --user-name <user> --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess',
    terraform: '# remove attachments of arn:aws:iam::aws:policy/AWSCloudShellFullAccess',
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) => {
      const arn = `arn:${ctx.partition}:iam::aws:policy/AWSCloudShellFullAccess`;
      const all = [
        ...aad.users.map((p) => ({ p, kind: 'user' as const })),
        ...aad.groups.map((p) => ({ p, kind: 'group' as const })),
        ...aad.roles.map((p) => ({ p, kind: 'role' as const })),
      ];
      return all.map(({ p, kind }): CheckResult => {
        const ref = ctx.iamRef(kind, p.arn, p.name);
        return p.attached.some((a) => a.arn === arn)
          ? fail(ref, `${kind} ${p.name} has AWSCloudShellFullAccess.`, { principal: p.arn })
          : pass(ref);
      });
    }),
});
