// Prints how long evaluation and rendering take for synthetic accounts of growing size, with
// realistic IAM: AWS-managed policies (ReadOnlyAccess, SecurityAudit, ...) attached as real
// accounts attach them, since their thousands of action patterns dominate IAM analysis.
// Figures only: nothing here passes or fails. Run: npm run bench [-- 1,5,20]

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from '../checks/index.js';
import { renderHtml } from '../reports/html.js';
import { renderJson } from '../reports/json.js';
import { evaluate } from '../src/engine/evaluate.js';
import type {
  Bucket,
  Ec2Region,
  IamGroup,
  IamRole,
  IamUser,
  Instance,
  ManagedPolicy,
  NetworkInterface,
  SecurityGroup,
  Snapshot,
} from '../src/model/snapshot.js';
import { PACKAGE_ROOT } from '../src/version.js';

const ok = <T>(value: T) => ({ state: 'ok' as const, value });
const ACCT = '111122223333';
const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];

export const AWS_MANAGED: Record<string, unknown> = JSON.parse(
  readFileSync(join(PACKAGE_ROOT, 'bench', 'fixtures', 'aws-managed-policies.json'), 'utf8'),
);

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const world = (from: number, to = from) => ({
  protocol: 'tcp',
  fromPort: from,
  toPort: to,
  ipv4: [{ cidr: '0.0.0.0/0' }],
  ipv6: [],
  prefixListIds: [],
  groups: [],
});

function ec2Region(r: number, unit: number): Ec2Region {
  const sgs: SecurityGroup[] = [];
  const enis: NetworkInterface[] = [];
  const instances: Instance[] = [];
  const sgCount = Math.round((200 * unit) / REGIONS.length);
  const instCount = Math.round((100 * unit) / REGIONS.length);
  for (let i = 0; i < sgCount; i++) {
    const ingress =
      i % 4 === 0
        ? [world(22), world(1024, 65535)]
        : i % 4 === 1
          ? [world(443)]
          : i % 4 === 2
            ? [{ ...world(5432), ipv4: [{ cidr: '10.0.0.0/8' }] }]
            : [{ ...world(80), ipv4: [], groups: [{ groupId: `sg-${r}-${i - 1}` }] }];
    sgs.push({ id: `sg-${r}-${i}`, name: `sg-${r}-${i}`, vpcId: 'vpc-1', tags: {}, egress: [], ingress });
  }
  for (let i = 0; i < instCount; i++) {
    const sg = `sg-${r}-${(i * 2) % sgCount}`;
    const publicIp = i % 2 ? `198.51.100.${i % 250}` : undefined;
    enis.push({
      id: `eni-${r}-${i}`,
      status: 'in-use',
      subnetId: `subnet-${i % 4}`,
      vpcId: 'vpc-1',
      groupIds: [sg],
      publicIp,
      ipv6Addresses: [],
      instanceId: `i-${r}-${i}`,
    });
    instances.push({
      id: `i-${r}-${i}`,
      state: 'running',
      subnetId: `subnet-${i % 4}`,
      vpcId: 'vpc-1',
      publicIp,
      ipv6Addresses: [],
      networkInterfaceIds: [`eni-${r}-${i}`],
      securityGroupIds: [sg],
      metadataHttpTokens: i % 4 ? 'required' : 'optional',
      tags: { Name: `app-${i}` },
      instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/role-${(r * instCount + i) % (200 * unit)}`,
    });
  }
  const subnets = [0, 1, 2, 3].map((k) => ({
    id: `subnet-${k}`,
    vpcId: 'vpc-1',
    mapPublicIpOnLaunch: k < 2,
    assignIpv6AddressOnCreation: false,
    defaultForAz: false,
  }));
  return {
    securityGroups: ok(sgs),
    networkInterfaces: ok(enis),
    instances: ok(instances),
    vpcs: ok([{ id: 'vpc-1', isDefault: false }]),
    subnets: ok(subnets),
    routeTables: ok([
      {
        id: `rtb-${r}`,
        vpcId: 'vpc-1',
        main: true,
        subnetIds: ['subnet-0', 'subnet-1'],
        routes: [{ destinationCidr: '0.0.0.0/0', gatewayId: 'igw-1' }],
      },
      { id: `rtb-${r}-p`, vpcId: 'vpc-1', main: false, subnetIds: ['subnet-2', 'subnet-3'], routes: [] },
    ]),
    networkAcls: ok([]),
    prefixLists: ok([]),
  };
}

/** About 1,000 resources per unit, in the proportions of a real account (issue of scan cost). */
export function synthetic(unit: number): Snapshot {
  const managed = Object.keys(AWS_MANAGED);
  const policies: ManagedPolicy[] = managed.map((arn) => ({
    name: arn.split('/').pop()!,
    arn,
    awsManaged: true,
    attachmentCount: 1,
    boundaryUsageCount: 0,
    document: AWS_MANAGED[arn],
  }));
  const customer = 100 * unit;
  for (let i = 0; i < customer; i++) {
    const d =
      i % 5 === 0
        ? doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' })
        : i % 5 === 1
          ? doc({ Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::b-${i}`, `arn:aws:s3:::b-${i}/*`] })
          : i % 5 === 2
            ? doc(
                { Effect: 'Allow', Action: ['dynamodb:*', 'sqs:SendMessage'], Resource: '*' },
                { Effect: 'Deny', Action: 'dynamodb:DeleteTable', Resource: '*' },
              )
            : doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'cloudwatch:PutMetricData'], Resource: '*' });
    policies.push({
      name: `team-${i}`,
      arn: `arn:aws:iam::${ACCT}:policy/team-${i}`,
      awsManaged: false,
      attachmentCount: 1,
      boundaryUsageCount: 0,
      document: d,
    });
  }
  const attach = (arn: string) => ({ name: arn.split('/').pop()!, arn });
  const groups: IamGroup[] = managed
    .slice(0, 6)
    .map((arn, g) => ({ name: `g${g}`, arn: `arn:aws:iam::${ACCT}:group/g${g}`, inline: [], attached: [attach(arn)] }));
  const users: IamUser[] = Array.from({ length: 100 * unit }, (_, i) => ({
    name: `u${i}`,
    arn: `arn:aws:iam::${ACCT}:user/u${i}`,
    groups: [`g${i % groups.length}`],
    tags: {},
    inline: i % 10 === 0 ? [{ name: 'p', document: doc({ Effect: 'Allow', Action: ['iam:CreateAccessKey'], Resource: '*' }) }] : [],
    attached: [attach(`arn:aws:iam::${ACCT}:policy/team-${i % customer}`)],
  }));
  const roles: IamRole[] = Array.from({ length: 200 * unit }, (_, i) => ({
    name: `role-${i}`,
    arn: `arn:aws:iam::${ACCT}:role/role-${i}`,
    path: '/',
    tags: {},
    inline: [],
    trustPolicy: doc({
      Effect: 'Allow',
      Principal: i % 7 === 0 ? { AWS: 'arn:aws:iam::444455556666:root' } : { Service: 'ec2.amazonaws.com' },
      Action: 'sts:AssumeRole',
    }),
    attached: [attach(managed[i % managed.length]!), attach(`arn:aws:iam::${ACCT}:policy/team-${(i * 3) % customer}`)],
    instanceProfiles: [{ name: `role-${i}`, arn: `arn:aws:iam::${ACCT}:instance-profile/role-${i}` }],
    lastUsedDate: '2026-10-01T00:00:00Z',
  }));
  const buckets: Bucket[] = Array.from({ length: 100 * unit }, (_, i) => ({
    name: `b-${i}`,
    arn: `arn:aws:s3:::b-${i}`,
    region: ok(REGIONS[i % REGIONS.length]!),
    policy:
      i % 5
        ? { state: 'absent', code: 'NoSuchBucketPolicy' }
        : ok(doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::b-${i}/*` })),
    policyStatus: { state: 'absent', code: 'NoSuchBucketPolicy' },
    publicAccessBlock: { state: 'absent', code: 'NoSuchPublicAccessBlockConfiguration' },
    acl: ok({ ownerId: 'o', grants: [] }),
    ownership: ok('BucketOwnerEnforced'),
    encryption: ok([{ algorithm: 'AES256' }]),
    versioning: ok({}),
    logging: ok({}),
    objectLock: { state: 'absent', code: 'VersioningNeverEnabled' },
    lifecycle: ok([]),
    replication: { state: 'absent', code: 'VersioningNeverEnabled' },
  }));
  const row = (u: IamUser, i: number) => ({
    user: u.name,
    arn: u.arn,
    userCreationTime: null,
    passwordEnabled: i % 3 === 0,
    passwordLastUsed: null,
    passwordLastChanged: null,
    mfaActive: i % 2 === 0,
    accessKeys: [
      { active: true, lastRotated: '2025-01-01T00:00:00Z', lastUsedDate: null, lastUsedService: null },
      { active: false, lastRotated: null, lastUsedDate: null, lastUsedService: null },
    ],
    certs: [
      { active: false, lastRotated: null },
      { active: false, lastRotated: null },
    ],
  });
  return {
    format: 'incloud-snapshot',
    version: 1,
    tool: { name: 'incloud', version: 'bench' },
    collectedAt: '2026-11-01T00:00:00Z',
    source: 'demo',
    account: { id: ACCT, partition: 'aws' },
    regions: ok(REGIONS),
    ec2: Object.fromEntries(REGIONS.map((r, k) => [r, ec2Region(k, unit)])),
    s3: { accountPublicAccessBlock: { state: 'absent', code: 'NoSuchPublicAccessBlockConfiguration' }, buckets: ok(buckets) },
    iam: {
      authorizationDetails: ok({ users, groups, roles, policies }),
      credentialReport: ok({ rows: users.map(row) }),
      passwordPolicy: { state: 'absent', code: 'NoSuchEntity' },
      accountSummary: ok({ AccountMFAEnabled: 1 }),
      virtualMfaDevices: ok([]),
      accessKeys: ok([]),
      mfaDevices: ok([]),
    },
    errors: [],
  };
}

export function resourceCount(s: Snapshot): number {
  const aad =
    s.iam.authorizationDetails.state === 'ok' ? s.iam.authorizationDetails.value : { users: [], roles: [], groups: [], policies: [] };
  const ec2 = Object.values(s.ec2).reduce(
    (n, r) =>
      n +
      (r.securityGroups.state === 'ok' ? r.securityGroups.value.length : 0) +
      (r.instances.state === 'ok' ? r.instances.value.length : 0),
    0,
  );
  return (
    ec2 +
    (s.s3.buckets.state === 'ok' ? s.s3.buckets.value.length : 0) +
    aad.users.length +
    aad.roles.length +
    aad.policies.filter((p) => !p.awsManaged).length
  );
}

const time = <T>(fn: () => T): [T, number] => {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
};

if (process.argv[1]?.endsWith('bench.js')) {
  const units = (process.argv[2] ?? '1,5,20').split(',').map(Number);
  console.log('resources  findings  evaluate_ms  json_ms  html_ms  json_kb  html_kb  heap_mb');
  for (const unit of units) {
    const s = synthetic(unit);
    const [report, evalMs] = time(() => evaluate(s, CHECKS));
    const [json, jsonMs] = time(() => renderJson(report));
    const [html, htmlMs] = time(() => renderHtml(report));
    const heap = process.memoryUsage().rss / 2 ** 20;
    console.log(
      [
        resourceCount(s),
        report.findings.length,
        evalMs.toFixed(0),
        jsonMs.toFixed(0),
        htmlMs.toFixed(0),
        (json.length / 1024).toFixed(0),
        (html.length / 1024).toFixed(0),
        heap.toFixed(0),
      ]
        .map((v, i) => String(v).padStart(i === 0 ? 9 : i === 1 ? 8 : 11))
        .join('  '),
    );
  }
}
