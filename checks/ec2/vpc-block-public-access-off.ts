import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.vpc-block-public-access-off',
  title: 'VPC Block Public Access is off in the region',
  service: 'ec2',
  severity: 'low',
  duties: ['network'],
  refs: { controls: [...fsbp('EC2.172')] },
  description:
    'The region does not block Internet-gateway traffic account-wide, so any subnet with a route to an Internet gateway can be reached. A guardrail, not an exposure by itself.',
  remediation: {
    summary: 'Turn on VPC Block Public Access (bidirectional, or ingress-only) and exclude only the subnets that must be public.',
    cli: 'aws ec2 modify-vpc-block-public-access-options --internet-gateway-block-mode block-ingress',
    terraform: `resource "aws_vpc_block_public_access_options" "this" {\n  internet_gateway_block_mode = "block-ingress"\n}`,
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['vpcBlockPublicAccess'], (region, { vpcBlockPublicAccess }) => {
      const ref = { ...ctx.accountRef(), region };
      const mode = vpcBlockPublicAccess.internetGatewayBlockMode;
      if (mode === 'block-bidirectional' || mode === 'block-ingress') return [pass(ref, region)];
      return [
        fail(
          ref,
          `VPC Block Public Access is ${mode} in ${region}.`,
          { region, mode, state: vpcBlockPublicAccess.state ?? null },
          { discriminator: region },
        ),
      ];
    }),
});
