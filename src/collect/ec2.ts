import {
  paginateDescribeInstances,
  paginateDescribeManagedPrefixLists,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcs,
  paginateGetManagedPrefixListEntries,
  DescribeRegionsCommand,
  type EC2Client,
  type IpPermission,
  type Tag,
} from '@aws-sdk/client-ec2';
import type {
  Ec2Region,
  Fetch,
  Instance,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  RouteTable,
  SecurityGroup,
  SgPermission,
  Subnet,
  Tags,
  Vpc,
} from '../model/snapshot.js';
import type { AwsClients } from './clients.js';
import { collectEc2Settings } from './ec2-settings.js';
import type { ErrorLog } from './errors.js';
import { all, num, str } from './values.js';

export function tagsOf(tags: Tag[] | undefined): Tags {
  const out: Tags = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

export function normalizePermission(p: IpPermission): SgPermission {
  return {
    protocol: String(p.IpProtocol ?? '-1').toLowerCase(),
    fromPort: num(p.FromPort),
    toPort: num(p.ToPort),
    ipv4: (p.IpRanges ?? [])
      .filter((r) => r.CidrIp)
      .map((r) => ({ cidr: r.CidrIp!, ...(r.Description ? { description: r.Description } : {}) })),
    ipv6: (p.Ipv6Ranges ?? [])
      .filter((r) => r.CidrIpv6)
      .map((r) => ({ cidr: r.CidrIpv6!, ...(r.Description ? { description: r.Description } : {}) })),
    prefixListIds: (p.PrefixListIds ?? []).map((x) => x.PrefixListId).filter((x): x is string => Boolean(x)),
    groups: (p.UserIdGroupPairs ?? [])
      .filter((g) => g.GroupId)
      .map((g) => ({
        groupId: g.GroupId!,
        userId: str(g.UserId),
        vpcId: str(g.VpcId),
        vpcPeeringConnectionId: str(g.VpcPeeringConnectionId),
      })),
  };
}

/** "User initiated (2024-01-23 12:34:56 GMT)": when the instance was stopped, if the reason says. */
export function stoppedAt(reason: string | undefined): string | undefined {
  const m = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)/.exec(reason ?? '');
  if (!m) return undefined;
  const t = Date.parse(`${m[1]}T${m[2]}Z`);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

export interface RegionList {
  regions: Fetch<string[]>;
  skipped: { region: string; reason: string }[];
}

/**
 * The regions to scan: the account's enabled regions (DescribeRegions with AllRegions, so
 * opt-in regions that are not enabled are named as skipped), or the requested ones that are
 * enabled. With --regions, a failed DescribeRegions is no error: the requested list stands.
 */
export async function listRegions(clients: AwsClients, log: ErrorLog, requested?: string[]): Promise<RegionList> {
  const region = clients.options.homeRegion;
  const describe = async () => (await clients.ec2(region).send(new DescribeRegionsCommand({ AllRegions: true }))).Regions ?? [];
  if (requested?.length) {
    let all;
    try {
      all = await describe();
    } catch {
      return { regions: { state: 'ok', value: [...requested] }, skipped: [] };
    }
    const status = new Map(all.map((r) => [r.RegionName, r.OptInStatus]));
    const skipped = requested
      .filter((r) => status.get(r) === 'not-opted-in')
      .map((r) => ({ region: r, reason: 'opt-in region not enabled for this account' }));
    return { regions: { state: 'ok', value: requested.filter((r) => status.get(r) !== 'not-opted-in') }, skipped };
  }
  const skipped: RegionList['skipped'] = [];
  const regions = await log.fetch({ service: 'ec2', operation: 'DescribeRegions', region }, async () => {
    const enabled: string[] = [];
    for (const r of await describe()) {
      if (!r.RegionName) continue;
      if (r.OptInStatus === 'not-opted-in') skipped.push({ region: r.RegionName, reason: 'opt-in region not enabled for this account' });
      else enabled.push(r.RegionName);
    }
    return enabled.sort();
  });
  return { regions, skipped: skipped.sort((a, b) => a.region.localeCompare(b.region)) };
}

export async function collectEc2Region(clients: AwsClients, region: string, log: ErrorLog): Promise<Ec2Region> {
  const ec2: EC2Client = clients.ec2(region);
  const where = (operation: string) => ({ service: 'ec2' as const, operation, region });
  const cfg = { client: ec2, pageSize: 500 };

  const securityGroups = log.fetch(where('DescribeSecurityGroups'), async () => {
    const raw = await all(paginateDescribeSecurityGroups(cfg, {}), (p) => p.SecurityGroups);
    const out: SecurityGroup[] = [];
    for (const g of raw) {
      if (!g.GroupId) {
        log.invalid(where('DescribeSecurityGroups'), 'security group without GroupId skipped');
        continue;
      }
      out.push({
        id: g.GroupId,
        name: g.GroupName ?? g.GroupId,
        description: str(g.Description),
        vpcId: str(g.VpcId),
        ownerId: str(g.OwnerId),
        tags: tagsOf(g.Tags),
        ingress: (g.IpPermissions ?? []).map(normalizePermission),
        egress: (g.IpPermissionsEgress ?? []).map(normalizePermission),
      });
    }
    return out;
  });

  const networkInterfaces = log.fetch(where('DescribeNetworkInterfaces'), async () => {
    const raw = await all(paginateDescribeNetworkInterfaces({ ...cfg, pageSize: 1000 }, {}), (p) => p.NetworkInterfaces);
    return raw
      .filter((n) => n.NetworkInterfaceId)
      .map((n): NetworkInterface => ({
        id: n.NetworkInterfaceId!,
        status: str(n.Status),
        interfaceType: str(n.InterfaceType),
        description: str(n.Description),
        subnetId: str(n.SubnetId),
        vpcId: str(n.VpcId),
        groupIds: (n.Groups ?? []).map((g) => g.GroupId).filter((x): x is string => Boolean(x)),
        publicIp: str(n.Association?.PublicIp),
        ipv6Addresses: (n.Ipv6Addresses ?? []).map((a) => a.Ipv6Address).filter((x): x is string => Boolean(x)),
        privateIp: str(n.PrivateIpAddress),
        instanceId: str(n.Attachment?.InstanceId),
        instanceOwnerId: str(n.Attachment?.InstanceOwnerId),
        requesterId: str(n.RequesterId),
        requesterManaged: n.RequesterManaged ?? false,
        ownerId: str(n.OwnerId),
        ...(typeof n.SourceDestCheck === 'boolean' ? { sourceDestCheck: n.SourceDestCheck } : {}),
      }));
  });

  const instances = log.fetch(where('DescribeInstances'), async () => {
    const reservations = await all(paginateDescribeInstances({ ...cfg, pageSize: 1000 }, {}), (p) => p.Reservations);
    const out: Instance[] = [];
    for (const r of reservations)
      for (const i of r.Instances ?? []) {
        if (!i.InstanceId) continue;
        const enis = i.NetworkInterfaces ?? [];
        out.push({
          id: i.InstanceId,
          state: str(i.State?.Name),
          subnetId: str(i.SubnetId),
          vpcId: str(i.VpcId),
          publicIp: str(i.PublicIpAddress) ?? enis.map((e) => e.Association?.PublicIp).find((x): x is string => Boolean(x)),
          privateIp: str(i.PrivateIpAddress),
          ipv6Addresses: enis.flatMap((e) => (e.Ipv6Addresses ?? []).map((a) => a.Ipv6Address)).filter((x): x is string => Boolean(x)),
          instanceProfileArn: str(i.IamInstanceProfile?.Arn),
          metadataHttpEndpoint: str(i.MetadataOptions?.HttpEndpoint),
          metadataHttpTokens: str(i.MetadataOptions?.HttpTokens),
          networkInterfaceIds: enis.map((e) => e.NetworkInterfaceId).filter((x): x is string => Boolean(x)),
          securityGroupIds: (i.SecurityGroups ?? []).map((g) => g.GroupId).filter((x): x is string => Boolean(x)),
          launchTime: i.LaunchTime ? new Date(i.LaunchTime).toISOString() : undefined,
          virtualizationType: str(i.VirtualizationType),
          stoppedAt: i.State?.Name === 'stopped' ? stoppedAt(i.StateTransitionReason) : undefined,
          tags: tagsOf(i.Tags),
        });
      }
    return out;
  });

  const vpcs = log.fetch(where('DescribeVpcs'), async () =>
    (await all(paginateDescribeVpcs(cfg, {}), (p) => p.Vpcs))
      .filter((v) => v.VpcId)
      .map((v): Vpc => ({
        id: v.VpcId!,
        isDefault: v.IsDefault ?? false,
        cidr: str(v.CidrBlock),
        ownerId: str(v.OwnerId),
      })),
  );

  const subnets = log.fetch(where('DescribeSubnets'), async () =>
    (await all(paginateDescribeSubnets(cfg, {}), (p) => p.Subnets))
      .filter((s) => s.SubnetId)
      .map((s): Subnet => ({
        id: s.SubnetId!,
        vpcId: str(s.VpcId),
        mapPublicIpOnLaunch: s.MapPublicIpOnLaunch ?? false,
        assignIpv6AddressOnCreation: s.AssignIpv6AddressOnCreation ?? false,
        defaultForAz: s.DefaultForAz ?? false,
      })),
  );

  const routeTables = log.fetch(where('DescribeRouteTables'), async () =>
    (await all(paginateDescribeRouteTables({ ...cfg, pageSize: 100 }, {}), (p) => p.RouteTables))
      .filter((t) => t.RouteTableId)
      .map((t): RouteTable => ({
        id: t.RouteTableId!,
        vpcId: str(t.VpcId),
        main: (t.Associations ?? []).some((a) => a.Main === true),
        subnetIds: (t.Associations ?? []).map((a) => a.SubnetId).filter((x): x is string => Boolean(x)),
        routes: (t.Routes ?? []).map((r) => ({
          destinationCidr: str(r.DestinationCidrBlock),
          destinationIpv6Cidr: str(r.DestinationIpv6CidrBlock),
          destinationPrefixListId: str(r.DestinationPrefixListId),
          gatewayId: str(r.GatewayId),
          egressOnlyGatewayId: str(r.EgressOnlyInternetGatewayId),
          natGatewayId: str(r.NatGatewayId),
          state: str(r.State),
        })),
      })),
  );

  const networkAcls = log.fetch(where('DescribeNetworkAcls'), async () =>
    (await all(paginateDescribeNetworkAcls({ ...cfg, pageSize: 100 }, {}), (p) => p.NetworkAcls))
      .filter((a) => a.NetworkAclId)
      .map((a): NetworkAcl => ({
        id: a.NetworkAclId!,
        vpcId: str(a.VpcId),
        isDefault: a.IsDefault ?? false,
        subnetIds: (a.Associations ?? []).map((x) => x.SubnetId).filter((x): x is string => Boolean(x)),
        entries: (a.Entries ?? [])
          .filter((e) => typeof e.RuleNumber === 'number')
          .map((e) => ({
            ruleNumber: e.RuleNumber!,
            egress: e.Egress ?? false,
            action: e.RuleAction === 'deny' ? 'deny' : 'allow',
            protocol: String(e.Protocol ?? '-1'),
            cidr: str(e.CidrBlock),
            ipv6Cidr: str(e.Ipv6CidrBlock),
            fromPort: num(e.PortRange?.From),
            toPort: num(e.PortRange?.To),
          })),
      })),
  );

  const prefixLists = log.fetch(where('DescribeManagedPrefixLists'), async () => {
    const lists = await all(paginateDescribeManagedPrefixLists({ ...cfg, pageSize: 100 }, {}), (p) => p.PrefixLists);
    const out: PrefixList[] = [];
    for (const l of lists) {
      if (!l.PrefixListId) continue;
      // AWS-owned lists (S3, DynamoDB, CloudFront) are service ranges: keep them without entries.
      const entries: Fetch<string[]> =
        l.OwnerId === 'AWS'
          ? { state: 'ok', value: [] }
          : await log.fetch({ ...where('GetManagedPrefixListEntries'), resource: l.PrefixListId }, async () =>
              (
                await all(
                  paginateGetManagedPrefixListEntries({ ...cfg, pageSize: 100 }, { PrefixListId: l.PrefixListId }),
                  (p) => p.Entries,
                )
              )
                .map((e) => e.Cidr)
                .filter((x): x is string => Boolean(x)),
            );
      out.push({ id: l.PrefixListId, name: str(l.PrefixListName), ownerId: str(l.OwnerId), entries });
    }
    return out;
  });

  const [sg, eni, inst, vpc, sub, rt, acl, pl, settings] = await Promise.all([
    securityGroups,
    networkInterfaces,
    instances,
    vpcs,
    subnets,
    routeTables,
    networkAcls,
    prefixLists,
    collectEc2Settings(ec2, region, log),
  ]);
  return {
    securityGroups: sg,
    networkInterfaces: eni,
    instances: inst,
    vpcs: vpc,
    subnets: sub,
    routeTables: rt,
    networkAcls: acl,
    prefixLists: pl,
    ...settings,
  };
}
