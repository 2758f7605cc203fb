import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.sg-cross-account-reference',
  title: 'Security group rule references a group in another account or a peered VPC',
  service: 'ec2',
  severity: 'info',
  duties: ['network', 'data-access'],
  refs: {},
  description:
    'An ingress rule admits traffic from a security group owned by another account or reached over VPC peering. Not Internet exposure, but a trust boundary to review.',
  remediation: {
    summary: 'Confirm the other account and peering connection are expected; remove references nobody can explain.',
    cli: 'aws ec2 describe-security-group-rules --filters Name=group-id,Values=<sg-id>',
    terraform: '# review aws_vpc_security_group_ingress_rule resources with referenced_security_group_id = "<account>/<sg-id>"',
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['securityGroups'], (region, { securityGroups }) =>
      securityGroups.map((sg) => {
        const ref = ctx.sgRef(region, sg);
        const refs = sg.ingress.flatMap((p) =>
          p.groups
            .filter((g) => (g.userId && g.userId !== ctx.accountId) || g.vpcPeeringConnectionId)
            .map((g) => ({
              groupId: g.groupId,
              account: g.userId,
              peering: g.vpcPeeringConnectionId,
              protocol: p.protocol,
              fromPort: p.fromPort,
              toPort: p.toPort,
            })),
        );
        if (!refs.length) return pass(ref);
        return fail(
          ref,
          `${sg.name} (${sg.id}) admits traffic from ${refs.map((r) => `${r.groupId}${r.account && r.account !== ctx.accountId ? ` in account ${r.account}` : ''}${r.peering ? ` via ${r.peering}` : ''}`).join(', ')}.`,
          { region, groupId: sg.id, references: refs },
          { exposure: { reach: 1, blast: 0, factors: [] } },
        );
      }),
    );
  },
});
