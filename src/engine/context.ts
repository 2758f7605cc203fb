// Everything checks need beyond the raw snapshot: resource references, attachment
// graph (SG -> ENI -> instance -> instance profile -> role), Internet reachability
// and an IAM analysis of every principal. Built once per evaluation.

import type { Exposure as Ctx, ResourceRef } from '../model/findings.js';
import type {
  Bucket,
  Ec2Region,
  IamGroup,
  Instance,
  IamRole,
  IamUser,
  ManagedPolicy,
  NetworkInterface,
  PrefixList,
  RouteTable,
  SecurityGroup,
  Snapshot,
} from '../model/snapshot.js';
import { adminLevel, PolicyParseError, statementsOf, type AdminLevel, type PolicySet, type Statement } from '../policy/iam.js';
import type { RequestContext } from '../policy/conditions.js';
import { adminChains, type GraphPrincipal, type GraphRole, type Hop } from '../policy/graph.js';
import { escalationPaths, probeResource, type EscalationMatch } from '../policy/privesc.js';
import { DEFAULT_CONFIG, type CheckConfig } from './config.js';
import { internetExposure, type Exposure } from './sgexposure.js';

export interface PrincipalAnalysis {
  arn: string;
  name: string;
  kind: 'user' | 'role';
  admin: AdminLevel;
  escalation: EscalationMatch[];
  /** Policies we could not read: results are then "not assessed" rather than a pass. */
  unknownPolicies: string[];
  sources: string[];
  hasBoundary: boolean;
  /** The effective policy set the verdicts above come from. */
  set: PolicySet;
}

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

export interface SgUsage {
  enis: EniReach[];
  instances: Instance[];
  referencedBy: string[];
  reach: number;
  blast: number;
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

const ADMIN_ACCESS_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

export class Context {
  readonly accountId: string;
  readonly partition: string;
  readonly now: Date;
  private readonly sgUsageCache = new Map<string, SgUsage>();
  private readonly exposureCache = new Map<string, Exposure>();
  private readonly indexCache = new Map<string, RegionIndex>();
  private principalCache?: Map<string, PrincipalAnalysis>;
  private policyMap?: Map<string, { stmts?: Statement[]; policy?: ManagedPolicy }>;
  private groupsByName?: Map<string, IamGroup>;

  constructor(
    readonly snapshot: Snapshot,
    readonly config: CheckConfig = DEFAULT_CONFIG,
  ) {
    this.accountId = snapshot.account.id;
    this.partition = snapshot.account.partition;
    const t = Date.parse(snapshot.collectedAt);
    this.now = Number.isNaN(t) ? new Date() : new Date(t);
  }

  // ------------------------------------------------------------ references
  accountRef(): ResourceRef {
    return {
      arn: `arn:${this.partition}:iam::${this.accountId}:root`,
      type: 'AWS::::Account',
      name: this.accountId,
      region: 'global',
      accountId: this.accountId,
    };
  }
  ec2Ref(
    region: string,
    kind: 'security-group' | 'instance' | 'network-interface' | 'vpc' | 'subnet' | 'network-acl',
    id: string,
    name?: string,
  ): ResourceRef {
    const type = {
      'security-group': 'AWS::EC2::SecurityGroup',
      instance: 'AWS::EC2::Instance',
      'network-interface': 'AWS::EC2::NetworkInterface',
      vpc: 'AWS::EC2::VPC',
      subnet: 'AWS::EC2::Subnet',
      'network-acl': 'AWS::EC2::NetworkAcl',
    }[kind];
    return {
      arn: `arn:${this.partition}:ec2:${region}:${this.accountId}:${kind}/${id}`,
      type,
      name: name ? `${name} (${id})` : id,
      region,
      accountId: this.accountId,
    };
  }
  sgRef(region: string, sg: SecurityGroup): ResourceRef {
    return this.ec2Ref(region, 'security-group', sg.id, sg.name);
  }
  bucketRef(b: Bucket): ResourceRef {
    return {
      arn: b.arn,
      type: 'AWS::S3::Bucket',
      name: b.name,
      region: b.region.state === 'ok' ? b.region.value : 'unknown',
      accountId: this.accountId,
    };
  }
  iamRef(kind: 'user' | 'role' | 'group' | 'policy', arn: string, name: string): ResourceRef {
    const type = { user: 'AWS::IAM::User', role: 'AWS::IAM::Role', group: 'AWS::IAM::Group', policy: 'AWS::IAM::ManagedPolicy' }[kind];
    return { arn, type, name, region: 'global', accountId: this.accountId };
  }

  // ------------------------------------------------------------ EC2 graph
  ec2Regions(): [string, Ec2Region][] {
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
  sgExposure(region: string, sg: SecurityGroup): Exposure {
    const key = `${region}/sg/${sg.id}`;
    let e = this.exposureCache.get(key);
    if (!e) {
      e = internetExposure(sg.ingress, this.prefixLists(region));
      this.exposureCache.set(key, e);
    }
    return e;
  }

  /** Lookup tables for one region, built once. */
  private regionIndex(region: string): RegionIndex {
    let idx = this.indexCache.get(region);
    if (idx) return idx;
    const r = this.snapshot.ec2[region];
    idx = {
      instances: new Map(),
      securityGroups: new Map(),
      enisBySg: new Map(),
      enisByInstance: new Map(),
      instancesBySg: new Map(),
      referencedBy: new Map(),
      routeTableBySubnet: new Map(),
      mainRouteTableByVpc: new Map(),
    };
    const add = <T>(m: Map<string, T[]>, k: string, v: T) => {
      const l = m.get(k);
      if (l) l.push(v);
      else m.set(k, [v]);
    };
    for (const i of r?.instances.state === 'ok' ? r.instances.value : []) {
      idx.instances.set(i.id, i);
      for (const g of i.securityGroupIds) add(idx.instancesBySg, g, i);
    }
    for (const e of r?.networkInterfaces.state === 'ok' ? r.networkInterfaces.value : []) {
      for (const g of e.groupIds) add(idx.enisBySg, g, e);
      if (e.instanceId) add(idx.enisByInstance, e.instanceId, e);
    }
    for (const o of r?.securityGroups.state === 'ok' ? r.securityGroups.value : []) {
      idx.securityGroups.set(o.id, o);
      for (const p of o.ingress)
        for (const g of p.groups) {
          const set = idx.referencedBy.get(g.groupId) ?? new Set<string>();
          set.add(o.id);
          idx.referencedBy.set(g.groupId, set);
        }
    }
    for (const t of r?.routeTables.state === 'ok' ? r.routeTables.value : []) {
      for (const sub of t.subnetIds) if (!idx.routeTableBySubnet.has(sub)) idx.routeTableBySubnet.set(sub, t);
      if (t.main && t.vpcId && !idx.mainRouteTableByVpc.has(t.vpcId)) idx.mainRouteTableByVpc.set(t.vpcId, t);
    }
    this.indexCache.set(region, idx);
    return idx;
  }

  eniReach(region: string, eni: NetworkInterface): EniReach {
    const r = this.snapshot.ec2[region];
    const factors: string[] = [];
    const inst = eni.instanceId ? this.regionIndex(region).instances.get(eni.instanceId) : undefined;
    const running = eni.status === 'in-use' && (!eni.instanceId || !inst || inst.state === 'running');
    const publicIpv4 = eni.publicIp ?? inst?.publicIp;
    const ipv6 = eni.ipv6Addresses;
    let routeToIgw: boolean | undefined;
    if (r?.routeTables.state === 'ok') {
      const idx = this.regionIndex(region);
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
      routeToIgw = (Boolean(publicIpv4) && igw('0.0.0.0/0')) || (ipv6.length > 0 && igw('::/0'));
    }
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

  /** True when any of the instance's network interfaces is reachable from the Internet now. */
  instanceReachable(region: string, instance: Instance): boolean {
    return this.instanceEnis(region, instance).some((e) => this.eniReach(region, e).level >= 3);
  }

  /** The network interfaces attached to an instance. */
  instanceEnis(region: string, instance: Instance): NetworkInterface[] {
    return this.regionIndex(region).enisByInstance.get(instance.id) ?? [];
  }

  instance(region: string, id: string | undefined): Instance | undefined {
    return id ? this.regionIndex(region).instances.get(id) : undefined;
  }

  securityGroup(region: string, id: string): SecurityGroup | undefined {
    return this.regionIndex(region).securityGroups.get(id);
  }

  /** Internet exposure of the union of an interface's security groups (cached per set of groups). */
  eniExposure(region: string, eni: NetworkInterface): Exposure {
    const key = `${region}/${[...eni.groupIds].sort().join(',')}`;
    let e = this.exposureCache.get(key);
    if (!e) {
      const perms = eni.groupIds.flatMap((id) => this.securityGroup(region, id)?.ingress ?? []);
      e = internetExposure(perms, this.prefixLists(region));
      this.exposureCache.set(key, e);
    }
    return e;
  }

  private profileRoles?: Map<string, IamRole>;
  instanceRole(instance: Instance): IamRole | undefined {
    if (!instance.instanceProfileArn) return undefined;
    if (!this.profileRoles) {
      this.profileRoles = new Map();
      const aad = this.snapshot.iam.authorizationDetails;
      for (const role of aad.state === 'ok' ? aad.value.roles : [])
        for (const p of role.instanceProfiles) this.profileRoles.set(p.arn, role);
    }
    return this.profileRoles.get(instance.instanceProfileArn);
  }

  /** Regions where instance reachability cannot be judged because EC2 data is missing. */
  reachGaps(): string[] {
    const gaps = this.ec2Regions()
      .filter(([, r]) => r.instances.state === 'error' || r.networkInterfaces.state === 'error' || r.routeTables.state === 'error')
      .map(([region]) => region);
    if (this.snapshot.regions.state === 'error') gaps.push('regions not listed');
    return gaps;
  }

  private reachableRoles?: Map<string, { region: string; instance: Instance }>;
  /** An Internet-reachable instance that runs as this role, if any. */
  reachableInstanceOfRole(roleArn: string): { region: string; instance: Instance } | undefined {
    if (!this.reachableRoles) {
      this.reachableRoles = new Map();
      for (const [region, r] of this.ec2Regions()) {
        for (const inst of r.instances.state === 'ok' ? r.instances.value : []) {
          const role = this.instanceRole(inst);
          if (role && !this.reachableRoles.has(role.arn) && this.instanceReachable(region, inst))
            this.reachableRoles.set(role.arn, { region, instance: inst });
        }
      }
    }
    return this.reachableRoles.get(roleArn);
  }

  /** Blast radius of an instance: what its role can do. */
  instanceBlast(instance: Instance): { blast: number; factors: string[] } {
    const role = this.instanceRole(instance);
    if (!role) {
      if (!instance.instanceProfileArn) return { blast: 0, factors: [] };
      const why =
        this.snapshot.iam.authorizationDetails.state === 'ok'
          ? "its role is not in this account's IAM data"
          : 'IAM authorization details not collected';
      return { blast: 1, factors: [`instance profile ${instance.instanceProfileArn}: role privileges unknown (${why})`] };
    }
    const a = this.principal(role.arn);
    if (a?.admin === 'admin') return { blast: 3, factors: [`instance role ${role.name} is admin`] };
    if (a && (a.admin === 'conditional' || a.escalation.length))
      return { blast: 2, factors: [`instance role ${role.name} can escalate privileges`] };
    const unknown = a?.unknownPolicies.length
      ? [`instance role ${role.name}: ${a.unknownPolicies.length} policy(ies) unreadable, privileges may be higher`]
      : [];
    return { blast: 1, factors: [`instance role ${role.name}`, ...unknown] };
  }

  sgUsage(region: string, sg: SecurityGroup): SgUsage {
    const key = `${region}/${sg.id}`;
    const cached = this.sgUsageCache.get(key);
    if (cached) return cached;
    const idx = this.regionIndex(region);
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
    let blast = 0;
    for (const i of instances) {
      const b = this.instanceBlast(i);
      if (b.blast > blast) {
        blast = b.blast;
        factors.push(...b.factors);
      }
    }
    const usage = { enis: reaches, instances, referencedBy, reach, blast, factors: [...new Set(factors)] };
    this.sgUsageCache.set(key, usage);
    return usage;
  }

  sgContext(usage: SgUsage): Ctx {
    return { reach: usage.reach, blast: usage.blast, factors: usage.factors };
  }

  // ------------------------------------------------------------ IAM analysis
  private policies(): Map<string, { stmts?: Statement[]; policy?: ManagedPolicy }> {
    if (this.policyMap) return this.policyMap;
    const map = new Map<string, { stmts?: Statement[]; policy?: ManagedPolicy }>();
    const aad = this.snapshot.iam.authorizationDetails;
    if (aad.state === 'ok') {
      for (const p of aad.value.policies) {
        let stmts: Statement[] | undefined;
        try {
          stmts = p.document === null ? undefined : statementsOf(p.document, p.arn);
        } catch (e) {
          if (!(e instanceof PolicyParseError)) throw e;
        }
        map.set(p.arn, { stmts, policy: p });
      }
    }
    const adminArn = `arn:${this.partition}:iam::aws:policy/AdministratorAccess`;
    if (!map.has(adminArn)) map.set(adminArn, { stmts: statementsOf(ADMIN_ACCESS_DOC, adminArn) });
    this.policyMap = map;
    return map;
  }

  managedPolicyStatements(arn: string): Statement[] | undefined {
    return this.policies().get(arn)?.stmts;
  }

  /**
   * The statements of inline and attached policies, with where each came from; a document that
   * could not be read or parsed is listed as unknown instead.
   */
  private collectStatements(parts: { owner: string; inline: { name: string; document: unknown }[]; attached: { arn: string }[] }[]) {
    const identity: Statement[] = [];
    const unknown: string[] = [];
    const sources: string[] = [];
    for (const { owner, inline, attached } of parts) {
      for (const ip of inline) {
        const src = `${owner}:inline/${ip.name}`;
        try {
          if (ip.document === null) {
            unknown.push(src);
            continue;
          }
          identity.push(...statementsOf(ip.document, src));
          sources.push(src);
        } catch {
          unknown.push(src);
        }
      }
      for (const a of attached) {
        const stmts = this.managedPolicyStatements(a.arn);
        if (stmts) {
          identity.push(...stmts);
          sources.push(a.arn);
        } else unknown.push(a.arn);
      }
    }
    return { identity, unknown, sources };
  }

  /** Builds the policy set of a user (incl. groups) or role. */
  policySet(p: IamUser | IamRole, kind: 'user' | 'role'): { set: PolicySet; unknown: string[]; sources: string[] } {
    const parts = [{ owner: p.name, inline: p.inline, attached: p.attached }];
    const missingGroups: string[] = [];
    if (kind === 'user') {
      if (!this.groupsByName) {
        const aad = this.snapshot.iam.authorizationDetails;
        this.groupsByName = new Map((aad.state === 'ok' ? aad.value.groups : []).map((g) => [g.name, g]));
      }
      for (const gName of (p as IamUser).groups) {
        const g = this.groupsByName.get(gName);
        if (g) parts.push({ owner: `group/${g.name}`, inline: g.inline, attached: g.attached });
        else missingGroups.push(`group/${gName}`);
      }
    }
    const { identity, unknown, sources } = this.collectStatements(parts);
    unknown.push(...missingGroups);
    let boundary: Statement[] | undefined;
    if (p.permissionsBoundaryArn) {
      boundary = this.managedPolicyStatements(p.permissionsBoundaryArn);
      if (!boundary) {
        unknown.push(`boundary ${p.permissionsBoundaryArn}`);
        boundary = [];
      }
    }
    const context: RequestContext = {
      now: this.now,
      mfa: kind === 'user' && !this.userHasMfa(p.arn, p.name) ? 'never' : 'unknown',
      session: kind === 'role' ? 'yes' : 'unknown',
    };
    return { set: { identity, ...(boundary ? { boundary } : {}), context }, unknown, sources };
  }

  /** False only when the user certainly has no MFA device (report, virtual and live lists agree). */
  private userHasMfa(arn: string, name: string): boolean {
    const iam = this.snapshot.iam;
    if (iam.credentialReport.state !== 'ok') return true;
    const row = iam.credentialReport.value.rows.find((r) => r.arn === arn);
    if (!row || row.mfaActive) return true;
    if (iam.virtualMfaDevices.state !== 'ok' || iam.virtualMfaDevices.value.some((d) => d.userArn === arn)) return true;
    return iam.mfaDevices.state !== 'ok' || iam.mfaDevices.value.some((d) => d.userName === name);
  }

  private analyse(): Map<string, PrincipalAnalysis> {
    if (this.principalCache) return this.principalCache;
    const map = new Map<string, PrincipalAnalysis>();
    const aad = this.snapshot.iam.authorizationDetails;
    if (aad.state === 'ok') {
      const each = (p: IamUser | IamRole, kind: 'user' | 'role') => {
        const { set, unknown, sources } = this.policySet(p, kind);
        map.set(p.arn, {
          arn: p.arn,
          name: p.name,
          kind,
          admin: adminLevel(set),
          escalation: escalationPaths(set, this.accountId, this.partition),
          unknownPolicies: unknown,
          sources,
          hasBoundary: Boolean(p.permissionsBoundaryArn),
          set,
        });
      };
      aad.value.users.forEach((u) => each(u, 'user'));
      aad.value.roles.forEach((r) => each(r, 'role'));
    }
    this.principalCache = map;
    return map;
  }

  private groupAdmin?: Map<string, AdminLevel | 'unknown'>;
  /** Whether each group's own policies make its members admin ('unknown' when a policy could not be read). */
  groupAdminLevels(): Map<string, AdminLevel | 'unknown'> {
    if (this.groupAdmin) return this.groupAdmin;
    const out = new Map<string, AdminLevel | 'unknown'>();
    const aad = this.snapshot.iam.authorizationDetails;
    for (const g of aad.state === 'ok' ? aad.value.groups : []) {
      const { identity, unknown } = this.collectStatements([{ owner: g.name, inline: g.inline, attached: g.attached }]);
      const level = adminLevel({ identity });
      out.set(g.arn, unknown.length && level === 'no' ? 'unknown' : level);
    }
    this.groupAdmin = out;
    return out;
  }

  private chains?: { chains: Map<string, Hop[]>; reached: Map<string, Set<string>> };
  /** The shortest chain from a principal to admin through the account's roles, groups and policies. */
  adminChain(arn: string): Hop[] | undefined {
    if (!this.chains) {
      const aad = this.snapshot.iam.authorizationDetails;
      if (aad.state !== 'ok') return undefined;
      const groupArn = new Map(aad.value.groups.map((g) => [g.name, g.arn]));
      const customer = (arns: string[]) => arns.filter((a) => !/^arn:[^:]+:iam::aws:policy\//.test(a));
      const groupPolicies = new Map(aad.value.groups.map((g) => [g.name, g.attached.map((x) => x.arn)]));
      const principals: GraphPrincipal[] = [
        ...aad.value.users.map((u) => ({
          p: u,
          kind: 'user' as const,
          policies: [...u.attached.map((x) => x.arn), ...u.groups.flatMap((g) => groupPolicies.get(g) ?? [])],
        })),
        ...aad.value.roles.map((r) => ({ p: r, kind: 'role' as const, policies: r.attached.map((x) => x.arn) })),
      ].flatMap(({ p, kind, policies }) => {
        const a = this.principal(p.arn);
        if (!a) return [];
        const escalation = a.escalation.find((e) => !e.conditional);
        return [
          {
            arn: p.arn,
            name: p.name,
            kind,
            set: a.set,
            admin: a.admin === 'admin',
            escalates: escalation ? `${escalation.id} (${escalation.actions.join(' + ')})` : undefined,
            ownPolicies: customer([...new Set(policies)]),
            groups: kind === 'user' ? (p as IamUser).groups.map((g) => ({ name: g, arn: groupArn.get(g) ?? '' })).filter((g) => g.arn) : [],
          },
        ];
      });
      const roles: GraphRole[] = aad.value.roles.map((r) => {
        let trust: Statement[] = [];
        try {
          trust = statementsOf(r.trustPolicy);
        } catch (e) {
          if (!(e instanceof PolicyParseError)) throw e;
        }
        return { arn: r.arn, name: r.name, trust };
      });
      const adminGroups = new Set([...this.groupAdminLevels().entries()].filter(([, l]) => l === 'admin').map(([a]) => a));
      this.chains = adminChains({
        account: this.accountId,
        principals,
        roles,
        adminGroups,
        probe: (a) => probeResource(a, this.accountId, this.partition),
      });
    }
    return this.chains.chains.get(arn);
  }

  /** Principals reachable from one that has no chain to admin (undefined if it has one or IAM data is missing). */
  reachedWithoutAdmin(arn: string): Set<string> | undefined {
    this.adminChain(arn);
    return this.chains?.reached.get(arn);
  }

  principal(arn: string): PrincipalAnalysis | undefined {
    return this.analyse().get(arn);
  }
  principals(): PrincipalAnalysis[] {
    return [...this.analyse().values()];
  }

  daysSince(iso: string | null | undefined): number | undefined {
    if (!iso) return undefined;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? undefined : Math.floor((this.now.getTime() - t) / 86_400_000);
  }
}
