// The IAM analysis of one account: every user's and role's effective policy set (inline,
// attached, group and boundary policies, with the request facts the scan can decide), whether
// it is admin or can escalate, and the shortest chain from each principal to admin through the
// account's real roles, groups and policies. Pure; built lazily, once.

import type { IamGroup, IamRole, IamUser, ManagedPolicy, Snapshot } from '../model/snapshot.js';
import type { RequestContext } from '../policy/conditions.js';
import { adminChains, statementRef, type ChainResult, type GraphPrincipal, type GraphRole, type Hop } from '../policy/graph.js';
import { computeTargets } from './compute-targets.js';
import { guardrailBlock, type GuardrailBlock } from './guardrail-effect.js';
import { Guardrails } from './guardrails.js';
import { adminLevel, PolicyParseError, statementsOf, type AdminLevel, type PolicySet, type Statement } from '../policy/iam.js';
import {
  escalationPaths,
  escalationStatements,
  OTHERS_ONLY,
  probeResource,
  TARGET_DEPENDENT,
  type EscalationMatch,
} from '../policy/privesc.js';

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
  /** What the organization's SCPs take away from what its own policies grant. */
  guardrailBlock?: GuardrailBlock;
}

interface PolicyParts {
  owner: string;
  inline: { name: string; document: unknown }[];
  attached: { arn: string }[];
}

const ADMIN_ACCESS_DOC = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

const isAwsManaged = (arn: string) => /^arn:[^:]+:iam::aws:policy\//.test(arn);

export class IamAnalysis {
  private policyMap?: Map<string, { stmts?: Statement[]; policy?: ManagedPolicy }>;
  private groupsByName?: Map<string, IamGroup>;
  private principalCache?: Map<string, PrincipalAnalysis>;
  private groupAdmin?: Map<string, AdminLevel | 'unknown'>;
  private chains?: ChainResult;

  constructor(
    private readonly snapshot: Snapshot,
    private readonly now: Date,
    private readonly guardrails: Guardrails = new Guardrails(undefined, snapshot.account.id),
  ) {}

  private get accountId(): string {
    return this.snapshot.account.id;
  }
  private get partition(): string {
    return this.snapshot.account.partition;
  }

  private policies(): Map<string, { stmts?: Statement[]; policy?: ManagedPolicy }> {
    if (this.policyMap) return this.policyMap;
    const map = new Map<string, { stmts?: Statement[]; policy?: ManagedPolicy }>();
    const aad = this.snapshot.iam.authorizationDetails;
    for (const p of aad.state === 'ok' ? aad.value.policies : []) {
      let stmts: Statement[] | undefined;
      try {
        stmts = p.document === null ? undefined : statementsOf(p.document, p.arn);
      } catch (e) {
        if (!(e instanceof PolicyParseError)) throw e;
      }
      map.set(p.arn, { stmts, policy: p });
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
  private collectStatements(parts: PolicyParts[]) {
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

  private group(name: string): IamGroup | undefined {
    if (!this.groupsByName) {
      const aad = this.snapshot.iam.authorizationDetails;
      this.groupsByName = new Map((aad.state === 'ok' ? aad.value.groups : []).map((g) => [g.name, g]));
    }
    return this.groupsByName.get(name);
  }

  /** Builds the policy set of a user (incl. groups) or role. */
  policySet(p: IamUser | IamRole, kind: 'user' | 'role'): { set: PolicySet; unknown: string[]; sources: string[] } {
    const parts: PolicyParts[] = [{ owner: p.name, inline: p.inline, attached: p.attached }];
    const missingGroups: string[] = [];
    if (kind === 'user')
      for (const gName of (p as IamUser).groups) {
        const g = this.group(gName);
        if (g) parts.push({ owner: `group/${g.name}`, inline: g.inline, attached: g.attached });
        else missingGroups.push(`group/${gName}`);
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
      known: this.guardrails.principalKeys(p.arn),
    };
    const caps = this.guardrails.scpFor(p.arn);
    return { set: { identity, ...(boundary ? { boundary } : {}), ...(caps ? { caps } : {}), context }, unknown, sources };
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
    const each = (p: IamUser | IamRole, kind: 'user' | 'role') => {
      const { set, unknown, sources } = this.policySet(p, kind);
      const level = adminLevel(set);
      const escalation = escalationPaths(set, this.accountId, this.partition);
      const blocked = guardrailBlock(set, level, escalation, this.accountId, this.partition);
      // A guardrail that takes away only part of an admin's rights leaves it admin of everything else.
      const admin: AdminLevel = blocked?.adminCapped ? 'admin' : level;
      map.set(p.arn, {
        arn: p.arn,
        name: p.name,
        kind,
        admin,
        escalation,
        unknownPolicies: unknown,
        sources,
        hasBoundary: Boolean(p.permissionsBoundaryArn),
        set,
        ...(blocked ? { guardrailBlock: blocked } : {}),
      });
    };
    if (aad.state === 'ok') {
      aad.value.users.forEach((u) => each(u, 'user'));
      aad.value.roles.forEach((r) => each(r, 'role'));
    }
    this.principalCache = map;
    return map;
  }

  principal(arn: string): PrincipalAnalysis | undefined {
    return this.analyse().get(arn);
  }

  principals(): PrincipalAnalysis[] {
    return [...this.analyse().values()];
  }

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

  /** The shortest chain from a principal to admin through the account's roles, groups and policies. */
  adminChain(arn: string): Hop[] | undefined {
    return this.adminGraph()?.chains.get(arn);
  }

  /** Principals reachable from one that has no chain to admin (undefined if it has one or IAM data is missing). */
  reachedWithoutAdmin(arn: string): Set<string> | undefined {
    return this.adminGraph()?.reached.get(arn);
  }

  /** Every principal's hops onward to other principals (undefined when IAM data is missing). */
  graphEdges(): Map<string, Hop[]> | undefined {
    return this.adminGraph()?.edges;
  }

  private adminGraph(): ChainResult | undefined {
    if (this.chains) return this.chains;
    const aad = this.snapshot.iam.authorizationDetails;
    if (aad.state !== 'ok') return undefined;
    const adminGroups = new Set([...this.groupAdminLevels().entries()].filter(([, l]) => l === 'admin').map(([a]) => a));
    this.chains = adminChains({
      account: this.accountId,
      principals: this.graphPrincipals(aad.value.users, aad.value.roles, aad.value.groups),
      roles: aad.value.roles.map(graphRole),
      adminGroups,
      probe: (a) => probeResource(a, this.accountId, this.partition),
      compute: computeTargets(this.snapshot, (arn) => this.roleOfInstanceProfile(arn)?.arn),
      policyVersions: this.policyVersions(),
    });
    return this.chains;
  }

  private graphPrincipals(users: IamUser[], roles: IamRole[], groups: IamGroup[]): GraphPrincipal[] {
    const groupArn = new Map(groups.map((g) => [g.name, g.arn]));
    const groupPolicies = new Map(groups.map((g) => [g.name, g.attached.map((x) => x.arn)]));
    return [
      ...users.map((u) => ({
        p: u,
        kind: 'user' as const,
        policies: [...u.attached.map((x) => x.arn), ...u.groups.flatMap((g) => groupPolicies.get(g) ?? [])],
      })),
      ...roles.map((r) => ({ p: r, kind: 'role' as const, policies: r.attached.map((x) => x.arn) })),
    ].flatMap(({ p, kind, policies }) => {
      const a = this.principal(p.arn);
      if (!a) return [];
      // Escalations that need a target (an old policy version, a function, an instance) are graph edges to real targets instead.
      // Changing another role's policies makes the principal admin only with a way to act as that role: the graph's own hop.
      const anyTarget = a.escalation.filter((e) => !TARGET_DEPENDENT.has(e.id) && !OTHERS_ONLY.has(e.id));
      const escalation = anyTarget.find((e) => !e.conditional) ?? anyTarget[0];
      return [
        {
          arn: p.arn,
          name: p.name,
          kind,
          set: a.set,
          admin: a.admin === 'admin',
          ...(escalation
            ? {
                escalation: {
                  text: `${escalation.id} (${escalation.actions.join(' + ')}), ${escalation.yields}`,
                  actions: escalation.actions,
                  allowedBy: escalationStatements(a.set, escalation.actions, this.accountId, this.partition).map(statementRef),
                  conditional: escalation.conditional,
                },
              }
            : {}),
          ownPolicies: [...new Set(policies)].filter((x) => !isAwsManaged(x)),
          groups: kind === 'user' ? (p as IamUser).groups.map((g) => ({ name: g, arn: groupArn.get(g) ?? '' })).filter((g) => g.arn) : [],
        },
      ];
    });
  }

  /** A role's trust policy as statements (none when it cannot be read). */
  trustStatements(role: IamRole): Statement[] {
    return graphRole(role).trust;
  }

  /** Non-default versions of customer-managed policies that could be parsed. */
  private policyVersions(): Map<string, { versionId: string; statements: Statement[] }[]> {
    const out = new Map<string, { versionId: string; statements: Statement[] }[]>();
    for (const { policy } of this.policies().values()) {
      const versions = (policy?.versions ?? []).flatMap((v) => {
        try {
          return [{ versionId: v.versionId, statements: statementsOf(v.document, `${policy!.arn} version ${v.versionId}`) }];
        } catch {
          return [];
        }
      });
      if (versions.length) out.set(policy!.arn, versions);
    }
    return out;
  }

  /** The role an instance profile belongs to. */
  private profileRoles?: Map<string, IamRole>;
  roleOfInstanceProfile(profileArn: string): IamRole | undefined {
    if (!this.profileRoles) {
      this.profileRoles = new Map();
      const aad = this.snapshot.iam.authorizationDetails;
      for (const role of aad.state === 'ok' ? aad.value.roles : [])
        for (const p of role.instanceProfiles) this.profileRoles.set(p.arn, role);
    }
    return this.profileRoles.get(profileArn);
  }
}

function graphRole(r: IamRole): GraphRole {
  let trust: Statement[] = [];
  try {
    trust = statementsOf(r.trustPolicy, `${r.name} trust policy`);
  } catch (e) {
    if (!(e instanceof PolicyParseError)) throw e;
  }
  return { arn: r.arn, name: r.name, trust };
}
