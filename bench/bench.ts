// Prints how long evaluation and rendering take for synthetic accounts of growing size.
// Figures only: nothing here passes or fails. Run: npm run bench

import { CHECKS } from '../checks/index.js';
import { renderHtml } from '../reports/html.js';
import { renderJson } from '../reports/json.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { Bucket, Instance, NetworkInterface, SecurityGroup, Snapshot } from '../src/model/snapshot.js';

const ok = <T>(value: T) => ({ state: 'ok' as const, value });
const ACCT = '111122223333';

export function synthetic(scale: number): Snapshot {
  const sgs: SecurityGroup[] = [];
  const enis: NetworkInterface[] = [];
  const instances: Instance[] = [];
  for (let i = 0; i < scale; i++) {
    const world = (from: number, to = from) => ({ protocol: 'tcp', fromPort: from, toPort: to, ipv4: [{ cidr: '0.0.0.0/0' }], ipv6: [], prefixListIds: [], groups: [] });
    sgs.push({ id: `sg-${i}`, name: `sg-${i}`, vpcId: 'vpc-1', tags: {}, egress: [],
      ingress: i % 3 === 0 ? [world(22), world(1024, 65535)] : i % 3 === 1 ? [world(443)] : [{ ...world(5432), ipv4: [{ cidr: '10.0.0.0/8' }] }] });
    enis.push({ id: `eni-${i}`, status: 'in-use', subnetId: 'subnet-1', vpcId: 'vpc-1', groupIds: [`sg-${i}`], publicIp: i % 2 ? `198.51.100.${i % 250}` : undefined, ipv6Addresses: [], instanceId: `i-${i}` });
    instances.push({ id: `i-${i}`, state: 'running', subnetId: 'subnet-1', vpcId: 'vpc-1', publicIp: enis[i]!.publicIp, ipv6Addresses: [], networkInterfaceIds: [`eni-${i}`],
      securityGroupIds: [`sg-${i}`], metadataHttpTokens: i % 4 ? 'required' : 'optional', tags: {} });
  }
  const buckets: Bucket[] = [];
  for (let i = 0; i < scale / 2; i++) {
    buckets.push({ name: `b-${i}`, arn: `arn:aws:s3:::b-${i}`, region: ok('us-east-1'), policy: i % 5 ? { state: 'absent', code: 'NoSuchBucketPolicy' } : ok({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::b-${i}/*` }] }),
      policyStatus: { state: 'absent', code: 'NoSuchBucketPolicy' }, publicAccessBlock: { state: 'absent', code: 'NoSuchPublicAccessBlockConfiguration' }, acl: ok({ ownerId: 'o', grants: [] }),
      ownership: ok('BucketOwnerEnforced'), encryption: ok([{ algorithm: 'AES256' }]), versioning: ok({}), logging: ok({}), objectLock: { state: 'absent', code: 'ObjectLockConfigurationNotFoundError' }, tags: ok({}) });
  }
  const users = Array.from({ length: scale / 2 }, (_, i) => ({ name: `u${i}`, arn: `arn:aws:iam::${ACCT}:user/u${i}`, groups: ['g'], inline: [], attached: [], tags: {} }));
  const doc = (Action: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });
  return {
    format: 'incloud-snapshot', version: 1, tool: { name: 'incloud', version: 'bench' }, collectedAt: '2026-11-01T00:00:00Z', source: 'demo',
    account: { id: ACCT, partition: 'aws' }, regions: ok(['us-east-1']),
    ec2: { 'us-east-1': { securityGroups: ok(sgs), networkInterfaces: ok(enis), instances: ok(instances), vpcs: ok([{ id: 'vpc-1', isDefault: false }]),
      subnets: ok([{ id: 'subnet-1', vpcId: 'vpc-1', mapPublicIpOnLaunch: true, assignIpv6AddressOnCreation: false, defaultForAz: false }]),
      routeTables: ok([{ id: 'rtb-1', vpcId: 'vpc-1', main: true, subnetIds: ['subnet-1'], routes: [{ destinationCidr: '0.0.0.0/0', gatewayId: 'igw-1' }] }]), networkAcls: ok([]), prefixLists: ok([]) } },
    s3: { accountPublicAccessBlock: { state: 'absent', code: 'NoSuchPublicAccessBlockConfiguration' }, buckets: ok(buckets) },
    iam: {
      authorizationDetails: ok({ users, groups: [{ name: 'g', arn: `arn:aws:iam::${ACCT}:group/g`, inline: [{ name: 'p', document: doc(['s3:Get*', 'iam:PassRole', 'ec2:RunInstances']) }], attached: [] }], roles: [], policies: [] }),
      credentialReport: ok({ rows: users.map((u) => ({ user: u.name, arn: u.arn, userCreationTime: null, passwordEnabled: true, passwordLastUsed: null, passwordLastChanged: null, mfaActive: false,
        accessKeys: [{ active: true, lastRotated: '2025-01-01T00:00:00Z', lastUsedDate: null, lastUsedService: null }, { active: false, lastRotated: null, lastUsedDate: null, lastUsedService: null }],
        certs: [{ active: false, lastRotated: null }, { active: false, lastRotated: null }] })) }),
      passwordPolicy: { state: 'absent', code: 'NoSuchEntity' }, accountSummary: ok({ AccountMFAEnabled: 1 }), virtualMfaDevices: ok([]), accessKeys: ok([]), mfaDevices: ok([]),
    },
    errors: [],
  };
}

const time = <T>(fn: () => T): [T, number] => { const t = performance.now(); const r = fn(); return [r, performance.now() - t]; };

if (process.argv[1]?.endsWith('bench.js')) {
console.log('resources  findings  evaluate_ms  json_ms  html_ms  html_kb');
for (const scale of [100, 500, 1000, 2000, 4000]) {
  const s = synthetic(scale);
  const [report, evalMs] = time(() => evaluate(s, CHECKS));
  const [json, jsonMs] = time(() => renderJson(report));
  const [html, htmlMs] = time(() => renderHtml(report));
  void json;
  console.log(`${String(scale * 2).padStart(9)}  ${String(report.findings.length).padStart(8)}  ${evalMs.toFixed(0).padStart(11)}  ${jsonMs.toFixed(0).padStart(7)}  ${htmlMs.toFixed(0).padStart(7)}  ${(html.length / 1024).toFixed(0).padStart(7)}`);
}
}
