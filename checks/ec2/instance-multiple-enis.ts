import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.instance-multiple-enis',
  title: 'Instance with more than one network interface',
  service: 'ec2',
  severity: 'low',
  duties: ['network'],
  refs: { controls: [...fsbp('EC2.17')], prowler: 'ec2_instance_uses_single_eni' },
  description:
    'Several interfaces can join subnets (or VPCs) that were meant to stay apart, so the instance bridges network boundaries; appliances do this on purpose, workloads rarely need to.',
  remediation: {
    summary: 'Detach the extra interfaces unless the instance is a network appliance by design.',
    cli: 'aws ec2 detach-network-interface --attachment-id <attachment-id>',
    terraform: '# keep one network_interface block (device_index 0) on the aws_instance',
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['instances'], (region, { instances }) =>
      instances
        .filter((i) => i.state !== 'terminated')
        .map((i) => {
          const ref = ctx.ec2Ref(region, 'instance', i.id, i.tags.Name);
          if (i.networkInterfaceIds.length <= 1) return pass(ref);
          return fail(ref, `Instance ${i.id} has ${i.networkInterfaceIds.length} network interfaces.`, {
            region,
            instanceId: i.id,
            networkInterfaceIds: i.networkInterfaceIds,
          });
        }),
    ),
});
