import { cis6, cis7, fsbp } from '../../src/model/frameworks.js';
import { define, eachRegion, fail, pass } from '../_lib.js';

export default define({
  id: 'ec2.vpc-flow-logs-missing',
  title: 'VPC without an active flow log',
  service: 'ec2',
  severity: 'medium',
  duties: ['audit'],
  refs: { controls: [...cis7('4.7'), ...cis6('4.7'), ...fsbp('EC2.6')], prowler: 'vpc_flow_logs_enabled' },
  description:
    'No flow log records the traffic of the VPC (or the one there is has stopped or cannot deliver), so an intrusion or exfiltration leaves no network trace. Low for a VPC with no network interfaces.',
  remediation: {
    summary: 'Create a flow log for the VPC (at least rejected traffic) to CloudWatch Logs or S3, and watch its delivery status.',
    cli: 'aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::<log-bucket>',
    terraform: `resource "aws_flow_log" "vpc" {\n  vpc_id               = "<vpc-id>"\n  traffic_type         = "ALL"\n  log_destination_type = "s3"\n  log_destination      = "arn:aws:s3:::<log-bucket>"\n}`,
  },
  evaluate: (s, ctx) =>
    eachRegion(s, ctx, ['vpcs', 'flowLogs', 'networkInterfaces'], (region, { vpcs, flowLogs, networkInterfaces }) =>
      vpcs.map((v) => {
        const ref = ctx.ec2Ref(region, 'vpc', v.id);
        const own = flowLogs.filter((f) => f.resourceId === v.id);
        const working = own.filter((f) => f.status === 'ACTIVE' && f.deliverStatus !== 'FAILED');
        if (working.length) return pass(ref);
        const inUse = networkInterfaces.some((n) => n.vpcId === v.id);
        return fail(
          ref,
          own.length
            ? `VPC ${v.id} has flow logs, but none is active and delivering (${own.map((f) => `${f.id}: ${f.status ?? '?'}/${f.deliverStatus ?? '?'}`).join(', ')}).`
            : `VPC ${v.id} has no flow log.`,
          {
            region,
            vpcId: v.id,
            isDefault: v.isDefault,
            flowLogs: own,
            networkInterfaces: networkInterfaces.filter((n) => n.vpcId === v.id).length,
          },
          { severity: inUse ? 'medium' : 'low' },
        );
      }),
    ),
});
