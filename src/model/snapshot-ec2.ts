// EC2 in the inventory: security groups and what they are attached to, per region.

import type { Fetch, Tags } from './fetch.js';

export interface SgSourceCidr {
  cidr: string;
  description?: string;
}
export interface SgGroupRef {
  groupId: string;
  userId?: string;
  vpcId?: string;
  vpcPeeringConnectionId?: string;
}

/** One IpPermission. protocol is '-1', 'tcp', 'udp', 'icmp', 'icmpv6' or a protocol number. */
export interface SgPermission {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  ipv4: SgSourceCidr[];
  ipv6: SgSourceCidr[];
  prefixListIds: string[];
  groups: SgGroupRef[];
}

export interface SecurityGroup {
  id: string;
  name: string;
  description?: string;
  vpcId?: string;
  ownerId?: string;
  tags: Tags;
  ingress: SgPermission[];
  egress: SgPermission[];
}

export interface NetworkInterface {
  id: string;
  status?: string;
  interfaceType?: string;
  description?: string;
  subnetId?: string;
  vpcId?: string;
  groupIds: string[];
  publicIp?: string;
  ipv6Addresses: string[];
  privateIp?: string;
  instanceId?: string;
  instanceOwnerId?: string;
  requesterId?: string;
  requesterManaged?: boolean;
  ownerId?: string;
  /** Absent in snapshots taken before it was collected. */
  sourceDestCheck?: boolean;
}

export interface Instance {
  id: string;
  state?: string;
  subnetId?: string;
  vpcId?: string;
  publicIp?: string;
  privateIp?: string;
  ipv6Addresses: string[];
  instanceProfileArn?: string;
  metadataHttpEndpoint?: string;
  metadataHttpTokens?: string;
  networkInterfaceIds: string[];
  securityGroupIds: string[];
  launchTime?: string;
  /** hvm or paravirtual. */
  virtualizationType?: string;
  /** When a stopped instance was stopped, from its state transition reason. */
  stoppedAt?: string;
  tags: Tags;
}

export interface Vpc {
  id: string;
  isDefault: boolean;
  cidr?: string;
  ownerId?: string;
}
export interface Subnet {
  id: string;
  vpcId?: string;
  mapPublicIpOnLaunch: boolean;
  assignIpv6AddressOnCreation: boolean;
  defaultForAz: boolean;
}
export interface Route {
  destinationCidr?: string;
  destinationIpv6Cidr?: string;
  destinationPrefixListId?: string;
  gatewayId?: string;
  egressOnlyGatewayId?: string;
  natGatewayId?: string;
  state?: string;
}
export interface RouteTable {
  id: string;
  vpcId?: string;
  main: boolean;
  subnetIds: string[];
  routes: Route[];
}
export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  action: 'allow' | 'deny';
  protocol: string;
  cidr?: string;
  ipv6Cidr?: string;
  fromPort?: number;
  toPort?: number;
}
export interface NetworkAcl {
  id: string;
  vpcId?: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntry[];
}
export interface PrefixList {
  id: string;
  name?: string;
  ownerId?: string;
  entries: Fetch<string[]>;
}

export interface FlowLog {
  id: string;
  resourceId?: string;
  /** ACTIVE while it records. */
  status?: string;
  /** SUCCESS or FAILED: whether it reaches its destination. */
  deliverStatus?: string;
  trafficType?: string;
}

export interface VpcEndpoint {
  id: string;
  vpcId?: string;
  serviceName?: string;
  type?: string;
  state?: string;
}

/** The default version of a launch template: what instances launched from it get. */
export interface LaunchTemplate {
  id: string;
  name?: string;
  version?: number;
  /** AssociatePublicIpAddress of each network interface it defines. */
  interfaces: { deviceIndex?: number; associatePublicIp?: boolean }[];
  metadataHttpTokens?: string;
  metadataHttpEndpoint?: string;
}

/** The region's VPC Block Public Access setting. */
export interface VpcBlockPublicAccess {
  /** off, block-bidirectional or block-ingress. */
  internetGatewayBlockMode: string;
  state?: string;
}

export interface Ec2Region {
  securityGroups: Fetch<SecurityGroup[]>;
  networkInterfaces: Fetch<NetworkInterface[]>;
  instances: Fetch<Instance[]>;
  vpcs: Fetch<Vpc[]>;
  subnets: Fetch<Subnet[]>;
  routeTables: Fetch<RouteTable[]>;
  networkAcls: Fetch<NetworkAcl[]>;
  prefixLists: Fetch<PrefixList[]>;
  // Collected since the compliance checks; absent in older snapshots (their checks say so).
  flowLogs?: Fetch<FlowLog[]>;
  vpcEndpoints?: Fetch<VpcEndpoint[]>;
  launchTemplates?: Fetch<LaunchTemplate[]>;
  vpcBlockPublicAccess?: Fetch<VpcBlockPublicAccess>;
}
