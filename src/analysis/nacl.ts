// Network ACL evaluation: inbound entries in ascending rule number, the first match wins.

import type { NetworkAcl, NetworkAclEntry } from '../model/snapshot.js';
import { isAnyAddress } from '../policy/cidr.js';

/** First inbound entry that matches an Internet-wide source (0.0.0.0/0 or ::/0) for this port and protocol. */
export function firstMatch(
  entries: NetworkAclEntry[],
  port: number,
  family: 'ipv4' | 'ipv6',
  protocol: 'tcp' | 'udp' = 'tcp',
): NetworkAclEntry | undefined {
  const proto = protocol === 'tcp' ? '6' : '17';
  return entries
    .filter((e) => !e.egress)
    .sort((a, b) => a.ruleNumber - b.ruleNumber)
    .find((e) => {
      const cidr = family === 'ipv4' ? e.cidr : e.ipv6Cidr;
      if (!cidr || !isAnyAddress(cidr)) return false;
      if (e.protocol === '-1') return true;
      if (e.protocol !== proto) return false;
      return (e.fromPort ?? 0) <= port && port <= (e.toPort ?? 65535);
    });
}

/** The NACL that governs a subnet: its explicit association, else the VPC's default NACL. */
export function aclForSubnet(acls: NetworkAcl[], subnetId: string | undefined, vpcId: string | undefined): NetworkAcl | undefined {
  return acls.find((a) => subnetId && a.subnetIds.includes(subnetId)) ?? acls.find((a) => a.isDefault && a.vpcId === vpcId);
}

/** True when the subnet's NACL denies this port from the whole Internet before any allow. */
export function naclBlocks(
  acls: NetworkAcl[] | undefined,
  subnetId: string | undefined,
  vpcId: string | undefined,
  port: number,
  family: 'ipv4' | 'ipv6',
  protocol: 'tcp' | 'udp' = 'tcp',
): boolean {
  if (!acls) return false;
  const acl = aclForSubnet(acls, subnetId, vpcId);
  if (!acl) return false;
  const e = firstMatch(acl.entries, port, family, protocol);
  return e !== undefined && e.action === 'deny';
}

/**
 * Where the ranges of [from, to] that the subnet's NACL lets in from the whole Internet start. The first
 * matching entry decides each port, and its answer only changes at an entry's bounds, so those
 * bounds are the only ports to test. No governing NACL (or none collected) lets everything in;
 * a NACL with no matching Internet-wide entry refuses (its final '*' rule).
 */
export function naclOpenPorts(
  acl: NetworkAcl | undefined,
  range: { from: number; to: number },
  family: 'ipv4' | 'ipv6',
  protocol: 'tcp' | 'udp',
): { open: number[]; tested: number } {
  if (!acl) return { open: [range.from], tested: 1 };
  const bounds = new Set([range.from]);
  for (const e of acl.entries)
    if (!e.egress && e.fromPort !== undefined) {
      if (e.fromPort > range.from && e.fromPort <= range.to) bounds.add(e.fromPort);
      const after = (e.toPort ?? 65535) + 1;
      if (after > range.from && after <= range.to) bounds.add(after);
    }
  const open = [...bounds].filter((port) => firstMatch(acl.entries, port, family, protocol)?.action === 'allow').sort((a, b) => a - b);
  return { open, tested: bounds.size };
}
