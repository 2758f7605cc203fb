import { define, eachRegion, fail, pass } from '../_lib.js';
import { cis7, cis6, fsbp } from '../../src/model/frameworks.js';

export default define({
  id: 'ec2.instance-imdsv1-allowed',
  title: 'Instance metadata service allows IMDSv1',
  service: 'ec2',
  severity: 'medium',
  duties: ['credentials', 'identity'],
  refs: { controls: [...cis7('6.7'), ...cis6('6.7'), ...fsbp('EC2.8')], prowler: 'ec2_instance_imdsv2_enabled' },
  description:
    'HttpTokens is "optional", so an SSRF or open proxy on the host can read the role\'s credentials without a session token. High when the instance is reachable from the Internet and has a role.',
  remediation: {
    summary: 'Require IMDSv2 session tokens.',
    cli: 'aws ec2 modify-instance-metadata-options --instance-id <instance-id> --http-tokens required --http-endpoint enabled',
    terraform: `resource "aws_instance" "app" {\n  metadata_options {\n    http_tokens   = "required"\n    http_endpoint = "enabled"\n  }\n}`,
  },
  evaluate(s, ctx) {
    return eachRegion(s, ctx, ['instances', 'networkInterfaces'], (region, { instances }) =>
      instances
        .filter((i) => i.state !== 'terminated')
        .map((i) => {
          const ref = ctx.ec2Ref(region, 'instance', i.id, i.tags.Name);
          if (i.metadataHttpEndpoint === 'disabled' || i.metadataHttpTokens === 'required') return pass(ref);
          const reachable = ctx.instanceReachable(region, i);
          const b = ctx.instanceBlast(i);
          const severity = reachable && b.blast >= 2 ? 'critical' : reachable && b.blast >= 1 ? 'high' : 'medium';
          return fail(
            ref,
            `Instance ${i.id} accepts IMDSv1 (HttpTokens=${i.metadataHttpTokens ?? 'unknown'})${reachable ? ' and is reachable from the Internet' : ''}.`,
            {
              region,
              instanceId: i.id,
              httpTokens: i.metadataHttpTokens,
              httpEndpoint: i.metadataHttpEndpoint,
              instanceProfileArn: i.instanceProfileArn,
              reachable,
            },
            { severity, exposure: { reach: reachable ? 3 : 1, blast: b.blast, factors: b.factors } },
          );
        }),
    );
  },
});
