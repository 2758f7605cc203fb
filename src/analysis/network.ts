// The network graph of one account: which security groups, network interfaces and instances
// belong together, what each interface's groups open to the Internet, and whether a public
// address with an Internet-gateway route makes it reachable now. Pure; built lazily, once.

import type { Ec2Region, Fetch, Instance, NetworkInterface, PrefixList, RouteTable, SecurityGroup, Snapshot } from '../model/snapshot.js';
import { aclForSubnet, naclOpenPorts } from './nacl.js';
import { describeInterval, internetExposure, isEmpty, type InternetExposure } from './sg-exposure.js';

export interface EniReach {
  eni: NetworkInterface;
  /** 3 reachable now, 2 public address but no (known) Internet route or stopped, 1 private, 0 not in use. */
  level: number;
  publicIpv4?: string;
  ipv6: string[];
  routeToIgw: boolean | undefined;
  running: boolean;
  factors: string[];
}

/** An interface the Internet can open a connection to now, and on what. */
export interface EntryPoint {
  eni: NetworkInterface;
  reach: EniReach;
  exposure: InternetExposure;
  /** Protocol/port ranges that both its security groups and its subnet's NACL let in, e.g. tcp/22. */
  ports: string[];
  /** The network ACL applied, or why none was (not collected). */
  nacl: string;
}

/** What a security group is attached to, and the best reach among its interfaces. */
export interface SgAttachments {
  enis: EniReach[];
  instances: Instance[];
  referencedBy: string[];
  reach: number;
  factors: string[];
}

interface RegionIndex {
  instances: Map<string, Instance>;
  securityGroups: Map<string, SecurityGroup>;
  enisBySg: Map<string, NetworkInterface[]>;
  enisByInstance: Map<string, NetworkInterface[]>;
  instancesBySg: Map<string, Instance[]>;
  referencedBy: Map<string, Set<string>>;
  routeTableBySubnet: Map<string, RouteTable>;
  mainRouteTableByVpc: Map<string, RouteTable>;
}

const okList = <T>(f: Fetch<T[]> | undefined): T[] => (f?.state === 'ok' ? f.value : []);

function push<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

function buildIndex(r: Ec2Region | undefined): RegionIndex {
  const idx: RegionIndex = {
    instances: new Map(),
    securityGroups: new Map(),
    enisBySg: new Map(),
    enisByInstance: new Map(),
    instancesBySg: new Map(),
    referencedBy: new Map(),
    routeTableBySubnet: new Map(),
    mainRouteTableByVpc: new Map(),
  };
  for (const i of okList(r?.instances)) {
    idx.instances.set(i.id, i);
    for (const g of i.securityGroupIds) push(idx.instancesBySg, g, i);
  }
  for (const e of okList(r?.networkInterfaces)) {
    for (const g of e.groupIds) push(idx.enisBySg, g, e);
    if (e.instanceId) push(idx.enisByInstance, e.instanceId, e);
  }
  for (const o of okList(r?.securityGroups)) {
    idx.securityGroups.set(o.id, o);
    for (const p of o.ingress)
      for (const g of p.groups) {
        const set = idx.referencedBy.get(g.groupId) ?? new Set<string>();
        set.add(o.id);
        idx.referencedBy.set(g.groupId, set);
      }
  }
  for (const t of okList(r?.routeTables)) {
    for (const sub of t.subnetIds) if (!idx.routeTableBySubnet.has(sub)) idx.routeTableBySubnet.set(sub, t);
    if (t.main && t.vpcId && !idx.mainRouteTableByVpc.has(t.vpcId)) idx.mainRouteTableByVpc.set(t.vpcId, t);
  }
  return idx;
}

export class NetworkGraph {
  private readonly exposureCache = new Map<string, InternetExposure>();
  private readonly indexCache = new Map<string, RegionIndex>();

  constructor(private readonly snapshot: Snapshot) {}

  regions(): [string, Ec2Region][] {
    return Object.entries(this.snapshot.ec2);
  }

  /** undefined when the region's prefix lists could not be read. */
  private prefixLists(region: string): PrefixList[] | undefined {
    const f = this.snapshot.ec2[region]?.prefixLists;
    return f === undefined || f.state === 'absent' ? [] : f.state === 'ok' ? f.value : undefined;
  }

  /** Why the entries of these prefix lists are unknown, in words. */
  prefixListGap(region: string, ids: string[]): string {
    const f = this.snapshot.ec2[region]?.prefixLists;
    if (f?.state === 'error')
      return `rules use prefix list(s) ${ids.join(', ')}, and ${f.error.service}:${f.error.operation} failed (${f.error.code})`;
    const lists = f?.state === 'ok' ? f.value : [];
    const why = ids.map((id) => {
      const pl = lists.find((l) => l.id === id);
      if (!pl) return `${id} is not visible to this account`;
      return pl.entries.state === 'error'
        ? `${id}: ${pl.entries.error.operation} failed (${pl.entries.error.code})`
        : `${id}: entries unknown`;
    });
    return `rules use prefix lists whose entries could not be read: ${why.join('; ')}`;
  }

  /** Internet exposure of one SG's ingress rules (cached). */
  sgExposure(region: string, sg: SecurityGroup): InternetExposure {
    return this.cachedExposure(`${region}/sg/${sg.id}`, () => internetExposure(sg.ingress, this.prefixLists(region)));
  }

  /** Internet exposure of the union of an interface's security groups (cached per set of groups). */
  eniExposure(region: string, eni: NetworkInterface): InternetExposure {
    return this.cachedExposure(`${region}/${[...eni.groupIds].sort().join(',')}`, () =>
      internetExposure(
        eni.groupIds.flatMap((id) => this.securityGroup(region, id)?.ingress ?? []),
        this.prefixLists(region),
      ),
    );
  }

  private cachedExposure(key: string, build: () => InternetExposure): InternetExposure {
    let e = this.exposureCache.get(key);
    if (!e) {
      e = build();
      this.exposureCache.set(key, e);
    }
    return e;
  }

  private index(region: string): RegionIndex {
    let idx = this.indexCache.get(region);
    if (!idx) {
      idx = buildIndex(this.snapshot.ec2[region]);
      this.indexCache.set(region, idx);
    }
    return idx;
  }

  /** Whether the interface's subnet (or its VPC's main table) routes its address family to an Internet gateway. */
  private routeToIgw(region: string, eni: NetworkInterface, publicIpv4: string | undefined): boolean | undefined {
    if (this.snapshot.ec2[region]?.routeTables.state !== 'ok') return undefined;
    const idx = this.index(region);
    const table =
      (eni.subnetId ? idx.routeTableBySubnet.get(eni.subnetId) : undefined) ??
      (eni.vpcId ? idx.mainRouteTableByVpc.get(eni.vpcId) : undefined);
    const igw = (dest: string) =>
      Boolean(
        table?.routes.some(
          (rt) =>
            (rt.destinationCidr === dest || rt.destinationIpv6Cidr === dest) &&
            rt.gatewayId?.startsWith('igw-') &&
            rt.state !== 'blackhole',
        ),
      );
    return (Boolean(publicIpv4) && igw('0.0.0.0/0')) || (eni.ipv6Addresses.length > 0 && igw('::/0'));
  }

  eniReach(region: string, eni: NetworkInterface): EniReach {
    const inst = eni.instanceId ? this.index(region).instances.get(eni.instanceId) : undefined;
    const running = eni.status === 'in-use' && (!eni.instanceId || !inst || inst.state === 'running');
    const publicIpv4 = eni.publicIp ?? inst?.publicIp;
    const ipv6 = eni.ipv6Addresses;
    const routeToIgw = this.routeToIgw(region, eni, publicIpv4);
    const factors: string[] = [];
    let level: number;
    if (eni.status !== 'in-use' && eni.status !== undefined) level = 0;
    else if (!publicIpv4 && ipv6.length === 0) {
      level = 1;
      factors.push('no public IP');
    } else if (!running) {
      level = 2;
      factors.push('public IP on a stopped instance');
    } else if (routeToIgw === false) {
      level = 2;
      factors.push('public IP but no Internet gateway route');
    } else if (routeToIgw === undefined) {
      level = 2;
      factors.push('public IP; route table unknown');
    } else {
      level = 3;
      factors.push(`reachable from the Internet (${publicIpv4 ?? ipv6[0]})`);
    }
    return { eni, level, publicIpv4, ipv6, routeToIgw, running, factors };
  }

  /**
   * How the Internet gets into an instance now: an interface with a public address and an
   * Internet route (reach 3) whose security groups allow some inbound traffic from everywhere
   * and whose subnet's NACL lets at least part of it through. Undefined when none does.
   */
  instanceEntry(region: string, instance: Instance): EntryPoint | undefined {
    for (const eni of this.instanceEnis(region, instance)) {
      const entry = this.eniEntry(region, eni);
      if (entry) return entry;
    }
    return undefined;
  }

  /** The same for one interface: undefined unless address, route, security groups and NACL all let some traffic in. */
  eniEntry(region: string, eni: NetworkInterface): EntryPoint | undefined {
    const reach = this.eniReach(region, eni);
    if (reach.level < 3) return undefined;
    const exposure = this.eniExposure(region, eni);
    if (isEmpty(exposure)) return undefined;
    const acls = this.snapshot.ec2[region]?.networkAcls;
    const acl = acls?.state === 'ok' ? aclForSubnet(acls.value, eni.subnetId, eni.vpcId) : undefined;
    const ports: string[] = [];
    const through = (proto: 'tcp' | 'udp', iv: { from: number; to: number }, families: ('ipv4' | 'ipv6')[]) => {
      const results = families.map((f) => naclOpenPorts(acl, iv, f, proto));
      const open = [...new Set(results.flatMap((r) => r.open))].sort((a, b) => a - b);
      if (!open.length) return;
      const whole = results.some((r) => r.open.length === r.tested);
      ports.push(whole ? describeInterval(proto, iv) : `${describeInterval(proto, iv)} (the NACL lets in ranges from ${open.join(', ')})`);
    };
    for (const proto of ['tcp', 'udp'] as const) {
      if (exposure.allTraffic.length) through(proto, { from: 0, to: 65535 }, exposure.allTraffic);
      else for (const iv of exposure[proto]) through(proto, iv, iv.families);
    }
    if (!ports.length) return undefined;
    return { eni, reach, exposure, ports, nacl: acl ? acl.id : acls?.state === 'ok' ? 'none' : 'not collected' };
  }

  /** True when the Internet can open a connection to the instance now (see instanceEntry). */
  instanceReachable(region: string, instance: Instance): boolean {
    return this.instanceEntry(region, instance) !== undefined;
  }

  /** The network interfaces attached to an instance. */
  instanceEnis(region: string, instance: Instance): NetworkInterface[] {
    return this.index(region).enisByInstance.get(instance.id) ?? [];
  }

  instance(region: string, id: string | undefined): Instance | undefined {
    return id ? this.index(region).instances.get(id) : undefined;
  }

  securityGroup(region: string, id: string): SecurityGroup | undefined {
    return this.index(region).securityGroups.get(id);
  }

  /** Regions where instance reachability cannot be judged because EC2 data is missing. */
  reachGaps(): string[] {
    const gaps = this.regions()
      .filter(([, r]) => r.instances.state === 'error' || r.networkInterfaces.state === 'error' || r.routeTables.state === 'error')
      .map(([region]) => region);
    if (this.snapshot.regions.state === 'error') gaps.push('regions not listed');
    return gaps;
  }

  /** The interfaces and instances a group is attached to, the groups that reference it, and its best reach. */
  sgAttachments(region: string, sg: SecurityGroup): SgAttachments {
    const idx = this.index(region);
    const enis = idx.enisBySg.get(sg.id) ?? [];
    const instances = [
      ...new Set([
        ...(idx.instancesBySg.get(sg.id) ?? []),
        ...enis.map((e) => (e.instanceId ? idx.instances.get(e.instanceId) : undefined)).filter((i): i is Instance => Boolean(i)),
      ]),
    ];
    const referencedBy = [...(idx.referencedBy.get(sg.id) ?? [])].filter((id) => id !== sg.id);
    const reaches = enis.map((e) => this.eniReach(region, e));
    let reach = reaches.reduce((m, x) => Math.max(m, x.level), 0);
    const factors: string[] = [];
    if (enis.length === 0) factors.push('not attached to any network interface');
    const top = reaches.find((x) => x.level === reach);
    if (top) factors.push(...top.factors, `attached to ${enis.length} network interface(s)`);
    if (reach === 0 && instances.some((i) => i.state === 'running')) reach = 1;
    return { enis: reaches, instances, referencedBy, reach, factors };
  }
}
