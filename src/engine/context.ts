// The context every check receives: a thin façade over the pure analyses of one snapshot
// (resource references, the network graph, the IAM analysis and the blast radius that joins
// them). Built once per evaluation; each part computes lazily and caches.

import { BlastRadius } from '../analysis/blast-radius.js';
import { targetInventory } from '../analysis/compute-targets.js';
import { DataReach } from '../analysis/data-reach.js';
import { Guardrails } from '../analysis/guardrails.js';
import { IamAnalysis } from '../analysis/iam-analysis.js';
import { NetworkGraph } from '../analysis/network.js';
import { ResourceRefs } from '../analysis/resource-refs.js';
import { DEFAULT_CONFIG, type CheckConfig } from '../model/check-config.js';
import type { Snapshot } from '../model/snapshot.js';
import { rcpRefusesOutsiders } from '../policy/s3policy.js';
import type { CheckContext } from './check-api.js';

export type { EniReach, PrincipalAnalysis, SgUsage } from './check-api.js';

export class Context implements CheckContext {
  readonly accountId: string;
  readonly partition: string;
  readonly now: Date;
  readonly refs: ResourceRefs;
  readonly network: NetworkGraph;
  readonly iam: IamAnalysis;
  readonly blast: BlastRadius;
  readonly data: DataReach;
  readonly guardrails: Guardrails;

  constructor(
    readonly snapshot: Snapshot,
    readonly config: CheckConfig = DEFAULT_CONFIG,
  ) {
    this.accountId = snapshot.account.id;
    this.partition = snapshot.account.partition;
    const t = Date.parse(snapshot.collectedAt);
    this.now = Number.isNaN(t) ? new Date() : new Date(t);
    this.refs = new ResourceRefs(this.accountId, this.partition);
    this.network = new NetworkGraph(snapshot);
    this.guardrails = new Guardrails(snapshot.organization, this.accountId);
    this.iam = new IamAnalysis(snapshot, this.now, this.guardrails);
    this.blast = new BlastRadius(snapshot, this.network, this.iam);
    this.data = new DataReach(snapshot, this.iam);
  }

  accountRef: CheckContext['accountRef'] = () => this.refs.accountRef();
  ec2Ref: CheckContext['ec2Ref'] = (...a) => this.refs.ec2Ref(...a);
  sgRef: CheckContext['sgRef'] = (...a) => this.refs.sgRef(...a);
  bucketRef: CheckContext['bucketRef'] = (...a) => this.refs.bucketRef(...a);
  iamRef: CheckContext['iamRef'] = (...a) => this.refs.iamRef(...a);

  ec2Regions: CheckContext['ec2Regions'] = () => this.network.regions();
  prefixListGap: CheckContext['prefixListGap'] = (...a) => this.network.prefixListGap(...a);
  sgExposure: CheckContext['sgExposure'] = (...a) => this.network.sgExposure(...a);
  eniExposure: CheckContext['eniExposure'] = (...a) => this.network.eniExposure(...a);
  eniReach: CheckContext['eniReach'] = (...a) => this.network.eniReach(...a);
  instanceReachable: CheckContext['instanceReachable'] = (...a) => this.network.instanceReachable(...a);
  instanceEntry: CheckContext['instanceEntry'] = (...a) => this.network.instanceEntry(...a);
  eniEntry: CheckContext['eniEntry'] = (...a) => this.network.eniEntry(...a);
  instanceEnis: CheckContext['instanceEnis'] = (...a) => this.network.instanceEnis(...a);
  instance: CheckContext['instance'] = (...a) => this.network.instance(...a);
  securityGroup: CheckContext['securityGroup'] = (...a) => this.network.securityGroup(...a);
  reachGaps: CheckContext['reachGaps'] = () => this.network.reachGaps();

  managedPolicyStatements: CheckContext['managedPolicyStatements'] = (...a) => this.iam.managedPolicyStatements(...a);
  principal: CheckContext['principal'] = (...a) => this.iam.principal(...a);
  principals: CheckContext['principals'] = () => this.iam.principals();
  groupAdminLevels: CheckContext['groupAdminLevels'] = () => this.iam.groupAdminLevels();
  adminChain: CheckContext['adminChain'] = (...a) => this.iam.adminChain(...a);
  reachedWithoutAdmin: CheckContext['reachedWithoutAdmin'] = (...a) => this.iam.reachedWithoutAdmin(...a);
  targetInventory: CheckContext['targetInventory'] = () => targetInventory(this.snapshot);

  dataReach: CheckContext['dataReach'] = (...a) => this.data.from(...a);
  dataGaps: CheckContext['dataGaps'] = () => this.data.gaps();

  instanceRole: CheckContext['instanceRole'] = (...a) => this.blast.instanceRole(...a);
  instanceBlast: CheckContext['instanceBlast'] = (...a) => this.blast.instanceBlast(...a);
  reachableInstanceOfRole: CheckContext['reachableInstanceOfRole'] = (...a) => this.blast.reachableInstanceOfRole(...a);
  sgUsage: CheckContext['sgUsage'] = (...a) => this.blast.sgUsage(...a);
  sgContext: CheckContext['sgContext'] = (...a) => this.blast.sgContext(...a);

  rcpRefusal: CheckContext['rcpRefusal'] = (action, resource) =>
    this.guardrails.rcp ? rcpRefusesOutsiders(this.guardrails.rcp, action, resource) : undefined;
  orgMember: CheckContext['orgMember'] = (id) => this.guardrails.memberName(id);
  orgManagementAccount: CheckContext['orgManagementAccount'] = () => this.guardrails.managementAccountId;

  daysSince(iso: string | null | undefined): number | undefined {
    if (!iso) return undefined;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? undefined : Math.floor((this.now.getTime() - t) / 86_400_000);
  }
}
