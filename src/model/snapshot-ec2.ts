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

export interface Ec2Region {
  securityGroups: Fetch<SecurityGroup[]>;
  networkInterfaces: Fetch<NetworkInterface[]>;
  instances: Fetch<Instance[]>;
  vpcs: Fetch<Vpc[]>;
  subnets: Fetch<Subnet[]>;
  routeTables: Fetch<RouteTable[]>;
  networkAcls: Fetch<NetworkAcl[]>;
  prefixLists: Fetch<PrefixList[]>;
}
