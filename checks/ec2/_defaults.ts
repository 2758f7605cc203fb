// Untouched defaults. Every region comes with a default VPC whose default security group,
// network ACL and subnets fail some checks by design. In a region with no workloads (not one
// network interface) those findings say little one by one, so they fold into one account-level
// finding per check that lists the regions; in regions that are in use they stay as they are.

import type { CheckContext, CheckResult, FailResult } from '../../src/engine/check-api.js';
import type { Severity } from '../../src/model/findings.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { fail, shift } from '../_lib.js';

/** Regions whose network interfaces were read and are none at all. */
export function idleRegions(s: Snapshot): Set<string> {
  return new Set(
    Object.entries(s.ec2)
      .filter(([, r]) => r.networkInterfaces.state === 'ok' && r.networkInterfaces.value.length === 0)
      .map(([k]) => k),
  );
}

function inDefaultVpc(s: Snapshot, region: string, vpcId: unknown): boolean {
  const vpcs = s.ec2[region]?.vpcs;
  return vpcs?.state === 'ok' && vpcs.value.some((v) => v.isDefault && v.id === vpcId);
}

export function foldIdleDefaults(s: Snapshot, ctx: CheckContext, results: CheckResult[], what: string, base: Severity): CheckResult[] {
  const idle = idleRegions(s);
  const folded = new Map<string, string[]>();
  const kept: CheckResult[] = [];
  for (const r of results) {
    const region = (r as FailResult).evidence?.region as string | undefined;
    if (r.status === 'fail' && region && idle.has(region) && inDefaultVpc(s, region, r.evidence.vpcId)) {
      folded.set(region, [...(folded.get(region) ?? []), r.resource.name]);
    } else kept.push(r);
  }
  if (!folded.size) return kept;
  const regions = [...folded.keys()].sort();
  return [
    ...kept,
    fail(
      { ...ctx.accountRef(), region: 'global' },
      `${what} of the default VPC in ${regions.length} region(s) with no workloads: ${regions.join(', ')}. Untouched defaults, folded into one finding.`,
      {
        regions: Object.fromEntries(regions.map((r) => [r, folded.get(r)])),
        rule: 'default VPC resources in regions without network interfaces',
      },
      {
        severity: shift(base, -1),
        discriminator: 'idle-default-vpc',
        exposure: { reach: 0, blast: 0, factors: ['no workloads in these regions'] },
      },
    ),
  ];
}
