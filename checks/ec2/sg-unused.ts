import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.sg-unused',
  title: 'Security group not attached to any network interface',
  service: 'ec2',
  severity: 'info',
  duties: ['network'],
  refs: { prowler: 'ec2_securitygroup_not_used' },
  description:
    'The group is attached to nothing and no other group references it. Unused groups with open rules are latent risk: the next resource that picks them up is exposed.',
  remediation: {
    summary: 'Delete security groups that nothing uses.',
    cli: 'aws ec2 delete-security-group --group-id <sg-id>',
    terraform: '# remove the unused aws_security_group resource from your configuration',
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['securityGroups', 'networkInterfaces'], (region, { securityGroups }) =>
      securityGroups
        .filter((g) => g.name !== 'default')
        .map((sg) => {
          const ref = ctx.sgRef(region, sg);
          const u = ctx.sgUsage(region, sg);
          if (u.enis.length || u.referencedBy.length) return pass(ref);
          return fail(
            ref,
            `${sg.name} (${sg.id}) is not attached to any network interface and no group references it.`,
            { region, groupId: sg.id, groupName: sg.name, ingressRules: sg.ingress.length },
            { exposure: { reach: 0, blast: 0, factors: ['unused'] } },
          );
        }),
    );
  },
});
