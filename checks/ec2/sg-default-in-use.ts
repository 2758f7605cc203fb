import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.sg-default-in-use',
  title: 'Default security group attached to network interfaces',
  service: 'ec2',
  severity: 'low',
  duties: ['network'],
  refs: {},
  description: "Resources use the VPC's default security group instead of a purpose-made one.",
  remediation: {
    summary: 'Create a dedicated security group for each workload, attach it, and detach the default group.',
    cli: 'aws ec2 modify-network-interface-attribute --network-interface-id <eni-id> --groups <dedicated-sg-id>',
    terraform: `resource "aws_instance" "app" {\n  # ...\n  vpc_security_group_ids = [aws_security_group.app.id]\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['securityGroups', 'networkInterfaces'], (region, { securityGroups, networkInterfaces }) =>
      securityGroups
        .filter((g) => g.name === 'default')
        .map((sg) => {
          const ref = ctx.sgRef(region, sg);
          const enis = networkInterfaces.filter((e) => e.groupIds.includes(sg.id));
          if (!enis.length) return pass(ref);
          return fail(ref, `Default security group ${sg.id} is attached to ${enis.length} network interface(s).`, {
            region,
            groupId: sg.id,
            networkInterfaces: enis.map((e) => ({ id: e.id, type: e.interfaceType, instanceId: e.instanceId, ownerId: e.ownerId })),
          });
        }),
    );
  },
});
