// What runs as a role in one account (instances through their instance profile, Lambda
// functions, CloudFormation stacks and CodeBuild projects through their roles), as targets of
// the access graph, and whether each kind's inventory was read at all: without it, a hijack is
// "not assessed", not absent.

import type { Snapshot } from '../model/snapshot.js';
import type { ComputeTarget } from '../policy/graph.js';

export type TargetInventory = { state: 'ok' } | { state: 'missing'; why: string };

/** Which snapshot section holds each kind that runs as a role. */
const RUNS_AS: [Exclude<ComputeTarget['kind'], 'instance'>, 'functions' | 'stacks' | 'buildProjects'][] = [
  ['function', 'functions'],
  ['stack', 'stacks'],
  ['build-project', 'buildProjects'],
];
const WORDS: Record<ComputeTarget['kind'], string> = {
  instance: 'instances',
  function: 'Lambda functions',
  stack: 'CloudFormation stacks',
  'build-project': 'CodeBuild projects',
};

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
  for (const [kind, inventory] of RUNS_AS)
    for (const [region, f] of Object.entries(snapshot[inventory] ?? {}))
      for (const x of f.state === 'ok' ? f.value : [])
        if (x.roleArn) out.push({ kind, arn: x.arn, name: x.name, region, roleArn: x.roleArn, ...(x.tags ? { tags: x.tags } : {}) });
  return out;
}

/** Whether each kind's inventory was read in every scanned region. */
export function targetInventory(snapshot: Snapshot): Record<ComputeTarget['kind'], TargetInventory> {
  const gaps = (entries: [string, { state: string }][]) => entries.filter(([, f]) => f.state === 'error').map(([r]) => r);
  const verdict = (kind: ComputeTarget['kind'], regions: string[] | undefined): TargetInventory =>
    regions === undefined
      ? { state: 'missing', why: `this snapshot has no inventory of ${WORDS[kind]}` }
      : regions.length
        ? { state: 'missing', why: `${WORDS[kind]} could not be read in ${regions.join(', ')}` }
        : { state: 'ok' };
  const out = { instance: verdict('instance', gaps(Object.entries(snapshot.ec2).map(([r, x]) => [r, x.instances]))) } as Record<
    ComputeTarget['kind'],
    TargetInventory
  >;
  for (const [kind, inventory] of RUNS_AS) {
    const section = snapshot[inventory];
    out[kind] = verdict(kind, section ? gaps(Object.entries(section)) : undefined);
  }
  return out;
}
