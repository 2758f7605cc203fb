import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.sg-launch-wizard',
  title: 'Security group created by the EC2 launch wizard',
  service: 'ec2',
  severity: 'low',
  duties: ['network'],
  refs: { prowler: 'ec2_securitygroup_from_launch_wizard' },
  description: 'Launch-wizard groups (launch-wizard-N) are created ad hoc and typically open SSH or RDP to 0.0.0.0/0.',
  remediation: {
    summary: 'Replace launch-wizard groups with reviewed, purpose-made groups managed as code.',
    cli: 'aws ec2 modify-instance-attribute --instance-id <instance-id> --groups <reviewed-sg-id>',
    terraform: `resource "aws_security_group" "app" {\n  name   = "app"\n  vpc_id = aws_vpc.main.id\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['securityGroups'], (region, { securityGroups }) =>
      securityGroups.map((sg) =>
        /^launch-wizard-\d+/.test(sg.name)
          ? fail(ctx.sgRef(region, sg), `${sg.name} (${sg.id}) was created by the launch wizard.`, {
              region,
              groupId: sg.id,
              groupName: sg.name,
            })
          : pass(ctx.sgRef(region, sg)),
      ),
    );
  },
});
