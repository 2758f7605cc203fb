import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.launch-template-public-ip',
  title: 'Launch template gives instances a public IP address',
  service: 'ec2',
  severity: 'medium',
  duties: ['network'],
  refs: { controls: [...fsbp('EC2.25')], prowler: 'ec2_launch_template_no_public_ip' },
  description:
    'The default version of a launch template asks for a public IPv4 address on a network interface: every instance launched from it is addressable from the Internet.',
  remediation: {
    summary: 'Create a new default version without AssociatePublicIpAddress (or set it to false) and launch into private subnets.',
    cli: 'aws ec2 create-launch-template-version --launch-template-id <lt-id> --source-version <n> --launch-template-data \'{"NetworkInterfaces":[{"DeviceIndex":0,"AssociatePublicIpAddress":false}]}\'',
    terraform: `resource "aws_launch_template" "app" {\n  network_interfaces {\n    associate_public_ip_address = false\n  }\n}`,
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['launchTemplates'], (region, { launchTemplates }) =>
      launchTemplates.map((t) => {
        const ref = ctx.ec2Ref(region, 'launch-template', t.id, t.name);
        const public_ = t.interfaces.filter((n) => n.associatePublicIp === true);
        if (!public_.length) return pass(ref);
        return fail(
          ref,
          `Launch template ${t.name ?? t.id} (version ${t.version ?? '?'}) assigns a public IP to interface(s) ${public_.map((n) => n.deviceIndex ?? '?').join(', ')}.`,
          { region, launchTemplateId: t.id, version: t.version, interfaces: t.interfaces },
        );
      }),
    ),
});
