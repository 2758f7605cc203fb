import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, NOT_IN_SNAPSHOT, notAssessed, pass } from '../_lib.js';

export default define({
  id: 'ec2.eni-source-dest-check-disabled',
  title: 'Network interface with source/destination checking off',
  service: 'ec2',
  severity: 'low',
  duties: ['network'],
  refs: { controls: [...fsbp('EC2.180')] },
  description:
    'A user-managed interface forwards traffic that is neither from nor to it. Expected on NAT instances and appliances you run on purpose; anywhere else it lets the host route traffic around your controls.',
  remediation: {
    summary: 'Turn source/destination checking back on unless the instance is a NAT or network appliance by design.',
    cli: 'aws ec2 modify-network-interface-attribute --network-interface-id <eni-id> --source-dest-check',
    terraform: `resource "aws_network_interface" "app" {\n  source_dest_check = true\n}`,
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['networkInterfaces'], (region, { networkInterfaces }) =>
      networkInterfaces
        .filter((n) => !n.requesterManaged && (n.interfaceType ?? 'interface') === 'interface')
        .map((n) => {
          const ref = ctx.ec2Ref(region, 'network-interface', n.id);
          if (n.sourceDestCheck === undefined) return notAssessed(ref, `source/destination check ${NOT_IN_SNAPSHOT}`);
          if (n.sourceDestCheck) return pass(ref);
          return fail(ref, `Interface ${n.id}${n.instanceId ? ` of ${n.instanceId}` : ''} has source/destination checking off.`, {
            region,
            networkInterfaceId: n.id,
            instanceId: n.instanceId ?? null,
          });
        }),
    ),
});
