import { define, eachRegion, fail, pass } from '../_lib.js';
import { fsbp } from '../../src/model/frameworks.js';
import { foldIdleDefaults } from './_defaults.js';

export default define({
  id: 'ec2.subnet-auto-assign-public-ip',
  title: 'Subnet auto-assigns public IPv4 or IPv6 addresses',
  service: 'ec2',
  severity: 'low',
  duties: ['network'],
  refs: { controls: [...fsbp('EC2.15')], prowler: 'vpc_subnet_no_public_ip_by_default' },
  description:
    'Anything launched into the subnet gets a public address unless the launch says otherwise. Default subnets do this by design; actual exposure is reported by ec2.eni-internet-exposed.',
  remediation: {
    summary: 'Turn off automatic public addresses; assign them explicitly where a public endpoint is intended.',
    cli: 'aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch',
    terraform: `resource "aws_subnet" "this" {\n  # ...\n  map_public_ip_on_launch = false\n}`,
  },
  evaluate(s, ctx) {
    const results = eachRegion(s, ctx, ['subnets'], (region, { subnets }) =>
      subnets.map((sn) => {
        const ref = ctx.ec2Ref(region, 'subnet', sn.id);
        if (!sn.mapPublicIpOnLaunch && !sn.assignIpv6AddressOnCreation) return pass(ref);
        const what = [sn.mapPublicIpOnLaunch ? 'public IPv4' : '', sn.assignIpv6AddressOnCreation ? 'IPv6' : '']
          .filter(Boolean)
          .join(' and ');
        return fail(ref, `Subnet ${sn.id}${sn.defaultForAz ? ' (a default subnet)' : ''} assigns ${what} addresses on launch.`, {
          region,
          subnetId: sn.id,
          vpcId: sn.vpcId,
          defaultForAz: sn.defaultForAz,
        });
      }),
    );
    return foldIdleDefaults(s, ctx, results, 'Default subnets that assign public addresses', 'low');
  },
});
