// The contract between the evaluator and the check modules: what a check declares, what it
// returns, and the context it may ask. Checks import this file and the pure analysis types it
// names; the evaluator's Context implements CheckContext.

import type { TargetInventory } from '../analysis/compute-targets.js';
import type { DataPath } from '../analysis/data-reach.js';
import type { EniReach, EntryPoint } from '../analysis/network.js';
import type { PrincipalAnalysis } from '../analysis/iam-analysis.js';
import type { SgUsage } from '../analysis/blast-radius.js';
import type { Ec2Kind, IamKind } from '../analysis/resource-refs.js';
import type { InternetExposure } from '../analysis/sg-exposure.js';
import type { CheckConfig } from '../model/check-config.js';
import type { DutyId, FrameworkRefs, RankContext, Remediation, ResourceRef, Service, Severity } from '../model/findings.js';
import type { Bucket, Ec2Region, IamRole, Instance, NetworkInterface, SecurityGroup, Snapshot } from '../model/snapshot.js';
import type { Hop } from '../policy/graph.js';
import type { AdminLevel, Statement } from '../policy/iam.js';

export type { DataPath, EniReach, EntryPoint, PrincipalAnalysis, SgUsage, TargetInventory };

export interface CheckResultBase {
  resource: ResourceRef;
  /** Distinguishes several results of one check on one resource (e.g. port/family). */
  discriminator?: string;
}

export interface FailResult extends CheckResultBase {
  status: 'fail';
  severity?: Severity;
  message: string;
  evidence: Record<string, unknown>;
  exposure?: RankContext;
  /** An attack path built from other findings: it ranks above each of them. */
  chain?: boolean;
  /**
   * Findings this one is built from, by check id (a trailing * matches a family) and resource
   * ARN; the engine lists those that exist in evidence.linkedFindings and ranks them under it.
   */
  links?: FindingLink[];
}
export interface FindingLink {
  checkId: string;
  resource: string;
}
export interface PassResult extends CheckResultBase {
  status: 'pass';
  message?: string;
}
export interface NotAssessedResult extends CheckResultBase {
  status: 'not_assessed';
  reason: string;
}
export type CheckResult = FailResult | PassResult | NotAssessedResult;

export interface CheckDefinition {
  id: string;
  title: string;
  service: Service;
  /** Base severity; a result may override it with context. */
  severity: Severity;
  duties: DutyId[];
  refs: FrameworkRefs;
  description: string;
  remediation: Remediation;
  evaluate(snapshot: Snapshot, ctx: CheckContext): CheckResult[];
}

/** Everything a check may ask beyond the raw snapshot. Answers are computed once per evaluation. */
export interface CheckContext {
  readonly accountId: string;
  readonly partition: string;
  readonly now: Date;
  readonly config: CheckConfig;

  // Resource references
  accountRef(): ResourceRef;
  ec2Ref(region: string, kind: Ec2Kind, id: string, name?: string): ResourceRef;
  sgRef(region: string, sg: SecurityGroup): ResourceRef;
  bucketRef(b: Bucket): ResourceRef;
  iamRef(kind: IamKind, arn: string, name: string): ResourceRef;

  // Network graph
  ec2Regions(): [string, Ec2Region][];
  prefixListGap(region: string, ids: string[]): string;
  sgExposure(region: string, sg: SecurityGroup): InternetExposure;
  eniExposure(region: string, eni: NetworkInterface): InternetExposure;
  eniReach(region: string, eni: NetworkInterface): EniReach;
  instanceReachable(region: string, instance: Instance): boolean;
  /** How the Internet opens a connection to the instance now (public address, route, inbound rule, NACL), if it can. */
  instanceEntry(region: string, instance: Instance): EntryPoint | undefined;
  eniEntry(region: string, eni: NetworkInterface): EntryPoint | undefined;
  instanceEnis(region: string, instance: Instance): NetworkInterface[];
  instance(region: string, id: string | undefined): Instance | undefined;
  securityGroup(region: string, id: string): SecurityGroup | undefined;
  reachGaps(): string[];

  // IAM analysis
  managedPolicyStatements(arn: string): Statement[] | undefined;
  principal(arn: string): PrincipalAnalysis | undefined;
  principals(): PrincipalAnalysis[];
  groupAdminLevels(): Map<string, AdminLevel | 'unknown'>;
  adminChain(arn: string): Hop[] | undefined;
  reachedWithoutAdmin(arn: string): Set<string> | undefined;
  /** Whether the functions and instances that escalations could hijack were read. */
  targetInventory(): Record<'function' | 'instance' | 'stack' | 'build-project', TargetInventory>;

  // Data reach (the access graph joined with the buckets)
  /** Per bucket, the worst access a principal reaches through the graph, with the path to it. */
  dataReach(arn: string): DataPath[];
  /** Why data reach may be incomplete (buckets or policies not read). */
  dataGaps(): string[];

  // Blast radius (network joined with IAM)
  instanceRole(instance: Instance): IamRole | undefined;
  instanceBlast(instance: Instance): { blast: number; factors: string[] };
  reachableInstanceOfRole(roleArn: string): { region: string; instance: Instance } | undefined;
  sgUsage(region: string, sg: SecurityGroup): SgUsage;
  sgContext(usage: SgUsage): RankContext;

  // The organization (known only when an organization scan read it)
  /** How the organization's RCPs refuse every outside caller this action on this resource, if they do. */
  rcpRefusal(action: string, resource: string): string | undefined;
  /** The name of an account of this account's organization; undefined for any other account or when unknown. */
  orgMember(accountId: string): string | undefined;
  /** The organization's management account, when known. */
  orgManagementAccount(): string | undefined;

  /** Whole days from an ISO time to the scan time; undefined when absent or unparsable. */
  daysSince(iso: string | null | undefined): number | undefined;
}
