import { fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.instance-stopped-long',
  title: 'Instance stopped for longer than allowed',
  service: 'ec2',
  severity: 'low',
  duties: ['patching'],
  refs: { controls: [...fsbp('EC2.4')], prowler: 'ec2_instance_older_than_specific_days' },
  description:
    'An instance stopped for more than the configured number of days (stoppedInstanceDays, default 30) misses every patch meanwhile and comes back outdated when someone starts it.',
  remediation: {
    summary: 'Terminate instances nobody needs (keep an AMI or snapshot if the data matters), or patch them when they are started.',
    cli: 'aws ec2 terminate-instances --instance-ids <instance-id>',
    terraform: '# remove the aws_instance resource that is no longer used',
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['instances'], (region, { instances }) =>
      instances
        .filter((i) => i.state === 'stopped' && i.stoppedAt)
        .map((i) => {
          const ref = ctx.ec2Ref(region, 'instance', i.id, i.tags.Name);
          const days = ctx.daysSince(i.stoppedAt) ?? 0;
          if (days <= ctx.config.stoppedInstanceDays) return pass(ref);
          return fail(ref, `Instance ${i.id} has been stopped for ${days} days.`, {
            region,
            instanceId: i.id,
            stoppedAt: i.stoppedAt,
            days,
          });
        }),
    ),
});
