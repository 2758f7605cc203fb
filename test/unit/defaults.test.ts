// Untouched defaults: findings on default VPC resources in regions without workloads fold into
// one account-level finding per check; in regions in use they stay per resource.

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { addInstance, emptyRegion, emptySnapshot, ok, region } from '../helpers/builder.js';

const selfRef = { protocol: '-1', ipv4: [], ipv6: [], prefixListIds: [], groups: [{ groupId: 'sg-def' }] };
const allEgress = { protocol: '-1', ipv4: [{ cidr: '0.0.0.0/0' }], ipv6: [], prefixListIds: [], groups: [] };

/** A region as AWS creates it: a default VPC with its default security group and subnet. */
function withDefaultVpc(s: Snapshot, name: string) {
  const r = emptyRegion();
  r.vpcs = ok([{ id: `vpc-def-${name}`, isDefault: true }]);
  r.securityGroups = ok([
    { id: `sg-def-${name}`, name: 'default', vpcId: `vpc-def-${name}`, tags: {}, ingress: [selfRef], egress: [allEgress] },
  ]);
  r.subnets = ok([
    {
      id: `subnet-def-${name}`,
      vpcId: `vpc-def-${name}`,
      mapPublicIpOnLaunch: true,
      assignIpv6AddressOnCreation: false,
      defaultForAz: true,
    },
  ]);
  s.ec2[name] = r;
}

const findings = (s: Snapshot, id: string) => evaluate(s, CHECKS, { only: [id] }).findings;

describe('untouched default VPCs', () => {
  it('fold into one account-level finding per check that lists the idle regions', () => {
    const s = emptySnapshot();
    for (const r of ['ap-south-1', 'sa-east-1', 'ca-central-1']) withDefaultVpc(s, r);
    for (const id of ['ec2.sg-default-has-rules', 'ec2.subnet-auto-assign-public-ip']) {
      const f = findings(s, id);
      expect(f).toHaveLength(1);
      expect(f[0]!.resource.type).toBe('AWS::::Account');
      expect(Object.keys(f[0]!.evidence.regions as object)).toEqual(['ap-south-1', 'ca-central-1', 'sa-east-1']);
    }
  });

  it('stay per resource in a region with workloads', () => {
    const s = emptySnapshot();
    withDefaultVpc(s, 'ap-south-1');
    withDefaultVpc(s, 'sa-east-1');
    // The builder's instance lands in the builder's region; move that region's data to sa-east-1.
    addInstance(s, 'i-1', []);
    const busy = region(s).networkInterfaces;
    s.ec2['sa-east-1']!.networkInterfaces = busy;
    const f = findings(s, 'ec2.sg-default-has-rules');
    expect(f.map((x) => x.resource.type).sort()).toEqual(['AWS::::Account', 'AWS::EC2::SecurityGroup']);
    expect(f.find((x) => x.resource.type === 'AWS::EC2::SecurityGroup')!.resource.region).toBe('sa-east-1');
  });
});
