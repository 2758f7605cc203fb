// The VPC-level settings of a region that the compliance checks read: flow logs, VPC
// endpoints, the default version of each launch template, and VPC Block Public Access.

import {
  DescribeVpcBlockPublicAccessOptionsCommand,
  paginateDescribeFlowLogs,
  paginateDescribeLaunchTemplateVersions,
  paginateDescribeVpcEndpoints,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Ec2Region, FlowLog, LaunchTemplate, VpcEndpoint } from '../model/snapshot.js';
import type { ErrorLog } from './errors.js';
import { all, num, str } from './values.js';

type Settings = Required<Pick<Ec2Region, 'flowLogs' | 'vpcEndpoints' | 'launchTemplates' | 'vpcBlockPublicAccess'>>;

export async function collectEc2Settings(ec2: EC2Client, region: string, log: ErrorLog): Promise<Settings> {
  const where = (operation: string) => ({ service: 'ec2' as const, operation, region });
  const cfg = { client: ec2, pageSize: 200 };

  const flowLogs = log.fetch(where('DescribeFlowLogs'), async () =>
    (await all(paginateDescribeFlowLogs({ ...cfg, pageSize: 1000 }, {}), (p) => p.FlowLogs))
      .filter((f) => f.FlowLogId)
      .map((f): FlowLog => ({
        id: f.FlowLogId!,
        resourceId: str(f.ResourceId),
        status: str(f.FlowLogStatus),
        deliverStatus: str(f.DeliverLogsStatus),
        trafficType: str(f.TrafficType),
      })),
  );

  const vpcEndpoints = log.fetch(where('DescribeVpcEndpoints'), async () =>
    (await all(paginateDescribeVpcEndpoints({ ...cfg, pageSize: 1000 }, {}), (p) => p.VpcEndpoints))
      .filter((e) => e.VpcEndpointId)
      .map((e): VpcEndpoint => ({
        id: e.VpcEndpointId!,
        vpcId: str(e.VpcId),
        serviceName: str(e.ServiceName),
        type: str(e.VpcEndpointType),
        state: str(e.State),
      })),
  );

  // Without a template id, $Default returns the default version of every launch template.
  const launchTemplates = log.fetch(where('DescribeLaunchTemplateVersions'), async () =>
    (await all(paginateDescribeLaunchTemplateVersions(cfg, { Versions: ['$Default'] }), (p) => p.LaunchTemplateVersions))
      .filter((v) => v.LaunchTemplateId)
      .map((v): LaunchTemplate => ({
        id: v.LaunchTemplateId!,
        name: str(v.LaunchTemplateName),
        version: num(v.VersionNumber),
        interfaces: (v.LaunchTemplateData?.NetworkInterfaces ?? []).map((n) => ({
          deviceIndex: num(n.DeviceIndex),
          associatePublicIp: typeof n.AssociatePublicIpAddress === 'boolean' ? n.AssociatePublicIpAddress : undefined,
        })),
        metadataHttpTokens: str(v.LaunchTemplateData?.MetadataOptions?.HttpTokens),
        metadataHttpEndpoint: str(v.LaunchTemplateData?.MetadataOptions?.HttpEndpoint),
      })),
  );

  const vpcBlockPublicAccess = log.fetch(where('DescribeVpcBlockPublicAccessOptions'), async () => {
    const o = (await ec2.send(new DescribeVpcBlockPublicAccessOptionsCommand({}))).VpcBlockPublicAccessOptions;
    return { internetGatewayBlockMode: str(o?.InternetGatewayBlockMode) ?? 'off', state: str(o?.State) };
  });

  const [fl, ep, lt, bpa] = await Promise.all([flowLogs, vpcEndpoints, launchTemplates, vpcBlockPublicAccess]);
  return { flowLogs: fl, vpcEndpoints: ep, launchTemplates: lt, vpcBlockPublicAccess: bpa };
}
