// The compute of one account that runs as a role (instances through their instance profile,
// Lambda functions through their execution role), as targets of the access graph, and whether
// each kind's inventory was read at all: without it, a hijack is "not assessed", not absent.

import type { Snapshot } from '../model/snapshot.js';
import type { ComputeTarget } from '../policy/graph.js';

export type TargetInventory = { state: 'ok' } | { state: 'missing'; why: string };

export function computeTargets(snapshot: Snapshot, roleOfProfile: (profileArn: string) => string | undefined): ComputeTarget[] {
  const { id: account, partition } = snapshot.account;
  const out: ComputeTarget[] = [];
  for (const [region, r] of Object.entries(snapshot.ec2))
    for (const i of r.instances.state === 'ok' ? r.instances.value : []) {
      const roleArn = i.instanceProfileArn ? roleOfProfile(i.instanceProfileArn) : undefined;
      if (!roleArn || i.state === 'terminated') continue;
      const name = i.tags.Name ? `${i.tags.Name} (${i.id})` : i.id;
      out.push({
        kind: 'instance',
        arn: `arn:${partition}:ec2:${region}:${account}:instance/${i.id}`,
        name,
        region,
        roleArn,
        tags: i.tags,
      });
    }
  for (const [region, f] of Object.entries(snapshot.functions ?? {}))
    for (const fn of f.state === 'ok' ? f.value : [])
      if (fn.roleArn)
        out.push({ kind: 'function', arn: fn.arn, name: fn.name, region, roleArn: fn.roleArn, ...(fn.tags ? { tags: fn.tags } : {}) });
  return out;
}

/** Whether the instances and the functions of every scanned region were read. */
export function targetInventory(snapshot: Snapshot): Record<ComputeTarget['kind'], TargetInventory> {
  const failed = (entries: [string, { state: string }][]) => entries.filter(([, f]) => f.state === 'error').map(([r]) => r);
  const instanceGaps = failed(Object.entries(snapshot.ec2).map(([r, x]) => [r, x.instances]));
  const functionGaps = snapshot.functions ? failed(Object.entries(snapshot.functions)) : undefined;
  return {
    instance: instanceGaps.length
      ? { state: 'missing', why: `instances could not be read in ${instanceGaps.join(', ')}` }
      : { state: 'ok' },
    function:
      functionGaps === undefined
        ? { state: 'missing', why: 'this snapshot has no Lambda inventory' }
        : functionGaps.length
          ? { state: 'missing', why: `Lambda functions could not be read in ${functionGaps.join(', ')}` }
          : { state: 'ok' },
  };
}
