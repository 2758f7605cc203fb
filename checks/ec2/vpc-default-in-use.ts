import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.vpc-default-in-use',
  title: 'Workloads run in the default VPC',
  service: 'ec2',
  severity: 'low',
  duties: ['network'],
  refs: {},
  description:
    'Network interfaces exist in a default VPC, whose subnets auto-assign public IPv4 addresses and pair with the default security group.',
  remediation: {
    summary: 'Move workloads to a purpose-built VPC with private subnets, then delete the default VPC.',
    cli: 'aws ec2 describe-network-interfaces --filters Name=vpc-id,Values=<default-vpc-id>',
    terraform: `resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['vpcs', 'networkInterfaces'], (region, { vpcs, networkInterfaces }) =>
      vpcs
        .filter((v) => v.isDefault)
        .map((v) => {
          const ref = ctx.ec2Ref(region, 'vpc', v.id);
          const enis = networkInterfaces.filter((e) => e.vpcId === v.id);
          if (!enis.length) return pass(ref);
          return fail(ref, `Default VPC ${v.id} holds ${enis.length} network interface(s).`, {
            region,
            vpcId: v.id,
            networkInterfaces: enis.map((e) => ({ id: e.id, type: e.interfaceType, instanceId: e.instanceId })),
          });
        }),
    );
  },
});
