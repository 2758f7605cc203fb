import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.instance-paravirtual',
  title: 'Instance uses paravirtual virtualization',
  service: 'ec2',
  severity: 'medium',
  duties: ['patching'],
  refs: { controls: [...fsbp('EC2.24')], prowler: 'ec2_instance_paravirtual_type' },
  description:
    'Paravirtual (PV) instances run previous-generation types and kernels that no longer receive the platform updates HVM instances get.',
  remediation: {
    summary: 'Rebuild the workload on an HVM AMI and a current instance type.',
    cli: 'aws ec2 run-instances --image-id <hvm-ami-id> --instance-type <current-type>',
    terraform: `resource "aws_instance" "app" {\n  ami = "<hvm-ami-id>"\n}`,
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['instances'], (region, { instances }) =>
      instances
        .filter((i) => i.state !== 'terminated' && i.virtualizationType)
        .map((i) => {
          const ref = ctx.ec2Ref(region, 'instance', i.id, i.tags.Name);
          if (i.virtualizationType !== 'paravirtual') return pass(ref);
          return fail(ref, `Instance ${i.id} uses paravirtual virtualization.`, {
            region,
            instanceId: i.id,
            virtualizationType: i.virtualizationType,
          });
        }),
    ),
});
