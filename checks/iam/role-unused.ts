import { define, fail, pass } from '../_lib.js';
import { isServiceLinked, withAad } from './_principals.js';

export default define({
  id: 'iam.role-unused',
  title: 'Role not used for 90 days or more',
  service: 'iam',
  severity: 'low',
  duties: ['identity', 'credentials'],
  refs: {},
  description:
    'A role created more than the configured number of days ago (default 90) that has not been used in that time. Service-linked roles are excluded.',
  remediation: {
    summary: 'Delete roles nobody uses (after checking CloudTrail for occasional use).',
    cli: 'aws iam delete-role --role-name <role>   # detach policies and remove instance profiles first',
    terraform: '# remove the unused aws_iam_role resource',
  },
  evaluate: (s, ctx) =>
    withAad(s, ctx, (aad) =>
      aad.roles
        .filter((r) => !isServiceLinked(r))
        .map((r) => {
          const ref = ctx.iamRef('role', r.arn, r.name);
          const age = ctx.daysSince(r.createDate);
          const idle = r.lastUsedDate ? ctx.daysSince(r.lastUsedDate) : age;
          const limit = ctx.config.unusedRoleDays;
          if (age === undefined || age < limit || idle === undefined || idle < limit) return pass(ref);
          return fail(ref, `Role ${r.name} has not been used for ${r.lastUsedDate ? `${idle} days` : `its whole life (${age} days)`}.`, {
            role: r.arn,
            createDate: r.createDate,
            lastUsedDate: r.lastUsedDate ?? null,
          });
        }),
    ),
});
