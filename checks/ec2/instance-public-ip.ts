import { define, eachRegion, fail, pass } from '../_lib.js';
import { fsbp } from '../../src/model/frameworks.js';

export default define({
  id: 'ec2.instance-public-ip',
  title: 'Instance has a public IPv4 address',
  service: 'ec2',
  severity: 'medium',
  duties: ['network'],
  refs: { controls: [...fsbp('EC2.9')], prowler: 'ec2_instance_public_ip' },
  description:
    'A public IPv4 address alone is not exposure, but it removes one layer; ec2.eni-internet-exposed reports actual reachability.',
  remediation: {
    summary: 'Launch instances in private subnets and publish services through a load balancer or CloudFront.',
    cli: 'aws ec2 modify-subnet-attribute --subnet-id <subnet-id> --no-map-public-ip-on-launch',
    terraform: `resource "aws_instance" "app" {\n  associate_public_ip_address = false\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['instances'], (region, { instances }) =>
      instances
        .filter((i) => i.state !== 'terminated')
        .map((i) => {
          const ref = ctx.ec2Ref(region, 'instance', i.id, i.tags.Name);
          if (!i.publicIp) return pass(ref);
          return fail(
            ref,
            `Instance ${i.id} has public IPv4 ${i.publicIp}.`,
            { region, instanceId: i.id, publicIp: i.publicIp, ipv6: i.ipv6Addresses, state: i.state },
            { severity: i.state === 'running' ? 'medium' : 'low', exposure: { reach: 2, blast: ctx.instanceBlast(i).blast, factors: [] } },
          );
        }),
    );
  },
});
