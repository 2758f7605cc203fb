import { define, eachRegion, fail, pass } from '../_lib.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';
import { foldIdleDefaults } from './_defaults.js';

export default define({
  id: 'ec2.sg-default-has-rules',
  title: 'Default security group of a VPC has inbound or outbound rules',
  service: 'ec2',
  severity: 'medium',
  duties: ['network'],
  refs: { controls: [...cis7('6.5'), ...cis6('6.5'), ...fsbp('EC2.2')], prowler: 'ec2_securitygroup_default_restrict_traffic' },
  description: 'The default security group should have no rules, so that anything launched without an explicit group gets no access.',
  remediation: {
    summary: 'Remove every ingress and egress rule from the default security group and attach purpose-made groups instead.',
    cli: `aws ec2 revoke-security-group-ingress --group-id <default-sg-id> --ip-permissions "$(aws ec2 describe-security-groups --group-ids <default-sg-id> --query 'SecurityGroups[0].IpPermissions')"\naws ec2 revoke-security-group-egress --group-id <default-sg-id> --ip-permissions "$(aws ec2 describe-security-groups --group-ids <default-sg-id> --query 'SecurityGroups[0].IpPermissionsEgress')"`,
    terraform: `resource "aws_default_security_group" "default" {\n  vpc_id = aws_vpc.main.id\n  # no ingress or egress blocks: Terraform removes all rules\n}`,
  },
  evaluate(s, ctx) {
    const results = eachRegion(s, ctx, ['securityGroups'], (region, { securityGroups }) =>
      securityGroups
        .filter((g) => g.name === 'default')
        .map((sg) => {
          const ref = ctx.sgRef(region, sg);
          if (sg.ingress.length === 0 && sg.egress.length === 0) return pass(ref);
          const world = ctx.sgExposure(region, sg);
          const worldOpen = world.allTraffic.length > 0 || world.tcp.length > 0 || world.udp.length > 0;
          return fail(
            ref,
            `Default security group ${sg.id} of ${sg.vpcId ?? 'a VPC'} has ${sg.ingress.length} ingress and ${sg.egress.length} egress rule(s)${worldOpen ? ', including Internet ingress' : ''}.`,
            { region, groupId: sg.id, vpcId: sg.vpcId, ingress: sg.ingress, egress: sg.egress },
            {
              severity: worldOpen ? 'high' : 'medium',
              exposure: { reach: worldOpen ? ctx.sgUsage(region, sg).reach : 0, blast: 0, factors: [] },
            },
          );
        }),
    );
    return foldIdleDefaults(s, ctx, results, 'Default security groups with rules', 'medium');
  },
});
