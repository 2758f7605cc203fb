// Which buckets a principal's chain of hops ends on, and with what access: for a start (the
// role of an Internet-reachable instance, a user with keys), every principal it can become
// through the access graph, each one's bucket grants, and per bucket the most damaging access
// with the shortest path to it. Joins the IAM analysis with the S3 inventory; pure, cached.

import type { Bucket, Snapshot } from '../model/snapshot.js';
import { bucketAccess, BucketIndex, type BucketAccess, type DataAccess, type DataBucket } from '../policy/data-access.js';
import { collapse, isFanOut, type Hop } from '../policy/graph.js';
import { PolicyParseError, statementsOf } from '../policy/iam.js';
import { analyzeBucketPolicy } from '../policy/s3policy.js';
import type { IamAnalysis } from './iam-analysis.js';

export interface DataPath {
  /** Hops from the start to the principal that holds the grant (empty: the start holds it). */
  path: Hop[];
  grant: BucketAccess['grants'][number];
  /** How many other buckets the same principal reaches with the same grant (a grant on all of S3). */
  others: number;
  /** The bucket is readable by everyone now: writing to it reaches whoever reads it. */
  publicBucket: boolean;
  /** 3: can change the policy or write to a public bucket; 2: read, write or delete; see impactOf. */
  impact: number;
}

const WORST_FIRST: DataAccess[] = ['policy', 'write', 'delete', 'read'];
/** How many buckets a search keeps, worst first: enough for a finding and the ones it also names. */
const TOP = 8;

/** A data path with the key it is merged under (a bucket ARN, or one key for a grant on all of S3). */
type Keyed = DataPath & { key: string };

export function impactOf(access: DataAccess[], publicBucket: boolean): number {
  return access.includes('policy') || (publicBucket && access.includes('write')) ? 3 : 2;
}

/** Orders a bucket's accesses worst first, for messages. */
export const worstFirst = (access: DataAccess[]): DataAccess[] => WORST_FIRST.filter((a) => access.includes(a));

export class DataReach {
  private bucketList?: { index: BucketIndex; publicNames: Set<string>; publicNeutral: DataBucket[] };
  private readonly grants = new Map<string, BucketAccess>();
  private readonly fanOut = new Map<string, Keyed[]>();
  private readonly candidates = new Map<string, Omit<Keyed, 'path'>[]>();
  private readonly reach = new Map<string, DataPath[]>();

  constructor(
    private readonly snapshot: Snapshot,
    private readonly iam: IamAnalysis,
  ) {}

  /** Whether the buckets and their policies were read (a data path is only as good as them). */
  gaps(): string[] {
    const b = this.snapshot.s3.buckets;
    if (b.state !== 'ok') return ['buckets could not be listed'];
    return b.value.filter((x) => x.policy.state === 'error').map((x) => `policy of ${x.name} could not be read`);
  }

  private buckets(): { index: BucketIndex; publicNames: Set<string>; publicNeutral: DataBucket[] } {
    if (this.bucketList) return this.bucketList;
    const raw = this.snapshot.s3.buckets.state === 'ok' ? this.snapshot.s3.buckets.value : [];
    const publicNames = new Set(raw.filter((b) => this.publiclyReadable(b)).map((b) => b.name));
    const buckets = raw.map((b): DataBucket => {
      // No policy: []; unreadable or unparsable: undefined.
      let policy: DataBucket['policy'] = b.policy.state === 'absent' ? [] : undefined;
      if (b.policy.state === 'ok')
        try {
          policy = statementsOf(b.policy.value, `bucket policy of ${b.name}`);
        } catch (e) {
          if (!(e instanceof PolicyParseError)) throw e;
        }
      return { name: b.name, arn: b.arn, policy };
    });
    const index = new BucketIndex(buckets);
    this.bucketList = { index, publicNames, publicNeutral: index.neutral.filter((b) => publicNames.has(b.name)) };
    return this.bucketList;
  }

  private publiclyReadable(b: Bucket): boolean {
    if (b.policy.state !== 'ok') return false;
    const account = this.snapshot.s3.accountPublicAccessBlock;
    const restricted =
      (account.state === 'ok' && account.value.restrictPublicBuckets) ||
      (b.publicAccessBlock.state === 'ok' && b.publicAccessBlock.value.restrictPublicBuckets);
    if (restricted) return false;
    try {
      const a = analyzeBucketPolicy(b.policy.value, b.arn, this.snapshot.account.id);
      return a.publicRead.length > 0 && !a.publicDeny.read.blocked;
    } catch {
      return false;
    }
  }

  private grantsOf(arn: string): BucketAccess {
    let g = this.grants.get(arn);
    if (!g) {
      const a = this.iam.principal(arn);
      g = a ? bucketAccess({ arn, set: a.set }, this.buckets().index) : { grants: [] };
      this.grants.set(arn, g);
    }
    return g;
  }

  /** What one principal itself can do to data, per bucket (a grant on all of S3: public buckets by name, the rest as one). */
  private candidatesOf(arn: string): Omit<Keyed, 'path'>[] {
    let list = this.candidates.get(arn);
    if (list) return list;
    const { index, publicNames, publicNeutral } = this.buckets();
    const { grants, shared } = this.grantsOf(arn);
    list = grants.map((grant) => {
      const publicBucket = publicNames.has(grant.bucket.name);
      return { key: grant.bucket.arn, grant, others: 0, publicBucket, impact: impactOf(grant.access, publicBucket) };
    });
    if (shared) {
      // The shared list is usually the index's own: its public buckets are known already.
      const publicShared = shared.buckets === index.neutral ? publicNeutral : shared.buckets.filter((b) => publicNames.has(b.name));
      // Reading a public bucket adds nothing; writing to one matters, and a few names are enough.
      const writes = impactOf(shared.grant.access, true) > impactOf(shared.grant.access, false);
      const publicOnes = writes ? publicShared.slice(0, TOP) : [];
      const restCount = shared.buckets.length - publicOnes.length;
      const firstRest = restCount ? shared.buckets.find((b) => !publicOnes.includes(b)) : undefined;
      for (const bucket of publicOnes)
        list.push({
          key: bucket.arn,
          grant: { ...shared.grant, bucket },
          others: 0,
          publicBucket: true,
          impact: impactOf(shared.grant.access, true),
        });
      if (firstRest)
        list.push({
          key: `all-of-s3:${arn}`,
          grant: { ...shared.grant, bucket: firstRest },
          others: restCount - 1,
          publicBucket: false,
          impact: impactOf(shared.grant.access, false),
        });
    }
    this.candidates.set(arn, list);
    return list;
  }

  /** Per bucket, the most damaging access reachable from a principal, over the shortest path to it (worst first, at most TOP). */
  from(start: string): DataPath[] {
    let out = this.reach.get(start);
    if (!out) {
      out = this.search(start).map(({ key: _key, ...d }) => ({ ...d, path: collapse(d.path) }));
      this.reach.set(start, out);
    }
    return out;
  }

  /**
   * Breadth-first from a node. A fan-out node (every instance, every role a service trusts) is
   * searched once, and its best results are joined to each path that reaches it, so thousands of
   * principals with the same broad grant do not each walk every role behind it.
   */
  private search(start: string): Keyed[] {
    const memo = this.fanOut.get(start);
    if (memo) return memo;
    if (isFanOut(start)) this.fanOut.set(start, []); // a cycle back here adds nothing
    const edges = this.iam.graphEdges() ?? new Map<string, Hop[]>();
    const best = new Map<string, Keyed>();
    const consider = (c: Keyed) => {
      const current = best.get(c.key);
      if (!current || c.impact > current.impact || (c.impact === current.impact && c.grant.access.length > current.grant.access.length))
        best.set(c.key, c);
    };
    const paths = new Map<string, Hop[]>([[start, []]]);
    let frontier = [start];
    while (frontier.length) {
      const next: string[] = [];
      for (const node of frontier)
        for (const hop of edges.get(node) ?? []) {
          if (paths.has(hop.to)) continue;
          const path = [...paths.get(node)!, hop];
          paths.set(hop.to, path);
          if (!isFanOut(hop.to)) next.push(hop.to);
          else for (const d of this.search(hop.to)) consider({ ...d, path: [...path, ...d.path] });
        }
      frontier = next;
    }
    for (const [node, path] of paths) if (!isFanOut(node)) for (const c of this.candidatesOf(node)) consider({ ...c, path });
    const out = [...best.values()]
      .sort(
        (a, b) =>
          b.impact - a.impact ||
          b.grant.access.length - a.grant.access.length ||
          a.path.length - b.path.length ||
          a.grant.bucket.name.localeCompare(b.grant.bucket.name),
      )
      .slice(0, TOP);
    if (isFanOut(start)) this.fanOut.set(start, out);
    return out;
  }
}
