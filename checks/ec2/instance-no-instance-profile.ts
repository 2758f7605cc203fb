import { define, eachRegion, fail, pass } from '../_lib.js';
import { cis7, cis6 } from '../../src/model/frameworks.js';

export default define({
  id: 'ec2.instance-no-instance-profile',
  title: 'Instance has no IAM instance profile',
  service: 'ec2',
  severity: 'low',
  duties: ['credentials', 'identity'],
  refs: { controls: [...cis7('2.16'), ...cis6('2.17')], prowler: 'ec2_instance_profile_attached' },
  description: 'Without an instance role, software on the host that calls AWS needs stored long-lived keys.',
  remediation: {
    summary: 'Attach an instance profile with a least-privilege role and remove any keys stored on the host.',
    cli: 'aws ec2 associate-iam-instance-profile --instance-id <instance-id> --iam-instance-profile Name=<profile-name>',
    terraform: `resource "aws_instance" "app" {\n  iam_instance_profile = aws_iam_instance_profile.app.name\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['instances'], (region, { instances }) =>
      instances
        .filter((i) => i.state === 'running' || i.state === 'stopped')
        .map((i) => {
          const ref = ctx.ec2Ref(region, 'instance', i.id, i.tags.Name);
          return i.instanceProfileArn
            ? pass(ref)
            : fail(ref, `Instance ${i.id} has no IAM instance profile.`, { region, instanceId: i.id, state: i.state });
        }),
    );
  },
});
