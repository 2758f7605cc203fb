import { define, fail, notAssessed, pass } from '../_lib.js';
import { dataOutcome, dataWitness, pathLine } from '../../src/analysis/witness.js';
import { eachPrincipal, principalReach } from './_principals.js';
import { HOP_CHECKS } from './principal-reaches-admin.js';

export default define({
  id: 'iam.principal-reaches-data',
  title: 'Credentials usable from outside reach bucket data through other roles',
  service: 'iam',
  severity: 'high',
  duties: ['identity', 'data-access'],
  refs: {},
  description:
    'A user whose credentials work from the Internet without a second factor (an active access key, or a console password without MFA) becomes ' +
    'another principal (a role it may assume, a role it may pass to compute it launches, a function or instance it can take over) that can read, ' +
    'write, delete or re-police a named bucket of this account. Same-account access is allowed by the identity policies or by a bucket policy ' +
    'that names the principal, unless a Deny in either refuses it. One finding names every hop and the statement behind it, and ranks with the ' +
    "attack chains. The user's own direct grants are ordinary permissions and are not reported here. Critical for a bucket policy change, writes " +
    'to a publicly read bucket or deletes; high for reads and writes; medium when a hop depends on a condition.',
  remediation: {
    summary:
      "Break a hop: remove the user's long-term key (or require MFA), narrow the role's trust or the sts:AssumeRole grant, or scope the role's S3 grants to what its job needs.",
    cli: 'aws iam update-access-key --user-name <user> --access-key-id <key-id> --status Inactive',
    terraform: `data "aws_iam_policy_document" "assume_with_mfa" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "AWS"\n      identifiers = [aws_iam_user.contractor.arn]\n    }\n    condition {\n      test     = "Bool"\n      variable = "aws:MultiFactorAuthPresent"\n      values   = ["true"]\n    }\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachPrincipal(s, ctx, (p, kind, ref, a) => {
      // Admin, or a way to admin, reaches every bucket: iam.principal-reaches-admin says so once.
      if (kind !== 'user' || a.admin !== 'no' || ctx.adminChain(p.arn)) return pass(ref);
      const reach = principalReach(ctx, s, p.arn, kind);
      if (!reach.external) return pass(ref);
      const through = ctx.dataReach(p.arn).filter((d) => d.path.length > 0);
      const best = through[0];
      if (!best) {
        const gaps = ctx.dataGaps();
        return gaps.length ? notAssessed(ref, `data reach unknown: ${gaps.join('; ')}`) : pass(ref);
      }
      const hops = dataWitness(p.arn, best);
      const conditional = hops.some((h) => h.conditional);
      const severity = conditional ? 'medium' : best.impact >= 3 || best.grant.access.includes('delete') ? 'critical' : 'high';
      return fail(
        ref,
        `User ${p.name} (${reach.factors.join(', ')}) can ${dataOutcome(best)} through ${best.path.length} hop(s): ${pathLine(hops, p.name)}.`,
        {
          principal: p.arn,
          bucket: best.grant.bucket.name,
          access: best.grant.access,
          hops,
          alsoReaches: through.slice(1, 6).map((d) => ({ bucket: d.grant.bucket.name, access: d.grant.access, others: d.others })),
        },
        {
          severity,
          chain: !conditional,
          links: best.path.flatMap((h) => HOP_CHECKS.map((checkId) => ({ checkId, resource: h.to }))),
          exposure: { reach: reach.reach, blast: best.impact, factors: [...reach.factors, dataOutcome(best)] },
        },
      );
    }),
});
