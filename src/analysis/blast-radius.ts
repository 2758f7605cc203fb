// What an attacker who lands on compute gets: the role an instance runs as, what that role
// can do (admin, escalation, limited), and for a security group the reach of its interfaces
// joined with the blast radius of its instances. Joins the network graph and the IAM analysis;
// pure.

import type { RankContext } from '../model/findings.js';
import type { IamRole, Instance, SecurityGroup, Snapshot } from '../model/snapshot.js';
import type { IamAnalysis } from './iam-analysis.js';
import type { NetworkGraph, SgAttachments } from './network.js';

export interface SgUsage extends SgAttachments {
  blast: number;
}

export class BlastRadius {
  private readonly sgUsageCache = new Map<string, SgUsage>();
  private reachableRoles?: Map<string, { region: string; instance: Instance }>;

  constructor(
    private readonly snapshot: Snapshot,
    private readonly network: NetworkGraph,
    private readonly iam: IamAnalysis,
  ) {}

  instanceRole(instance: Instance): IamRole | undefined {
    return instance.instanceProfileArn ? this.iam.roleOfInstanceProfile(instance.instanceProfileArn) : undefined;
  }

  /** An Internet-reachable instance that runs as this role, if any. */
  reachableInstanceOfRole(roleArn: string): { region: string; instance: Instance } | undefined {
    if (!this.reachableRoles) {
      this.reachableRoles = new Map();
      for (const [region, r] of this.network.regions()) {
        for (const inst of r.instances.state === 'ok' ? r.instances.value : []) {
          const role = this.instanceRole(inst);
          if (role && !this.reachableRoles.has(role.arn) && this.network.instanceReachable(region, inst))
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
    const a = this.iam.principal(role.arn);
    if (a?.admin === 'admin') return { blast: 3, factors: [`instance role ${role.name} is admin`] };
    if (a && (a.admin === 'conditional' || a.escalation.length))
      return { blast: 2, factors: [`instance role ${role.name} can escalate privileges`] };
    const unknown = a?.unknownPolicies.length
      ? [`instance role ${role.name}: ${a.unknownPolicies.length} policy(ies) unreadable, privileges may be higher`]
      : [];
    return { blast: 1, factors: [`instance role ${role.name}`, ...unknown] };
  }

  /** A group's attachments and reach, with the worst blast radius among its instances. */
  sgUsage(region: string, sg: SecurityGroup): SgUsage {
    const key = `${region}/${sg.id}`;
    const cached = this.sgUsageCache.get(key);
    if (cached) return cached;
    const attached = this.network.sgAttachments(region, sg);
    const factors = [...attached.factors];
    let blast = 0;
    for (const i of attached.instances) {
      const b = this.instanceBlast(i);
      if (b.blast > blast) {
        blast = b.blast;
        factors.push(...b.factors);
      }
    }
    const { enis, instances, referencedBy, reach } = attached;
    const usage = { enis, instances, referencedBy, reach, blast, factors: [...new Set(factors)] };
    this.sgUsageCache.set(key, usage);
    return usage;
  }

  sgContext(usage: SgUsage): RankContext {
    return { reach: usage.reach, blast: usage.blast, factors: usage.factors };
  }
}
