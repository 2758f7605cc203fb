// Builds small, valid snapshots for fixture tests. Every section starts "ok" and empty;
// helpers add resources with sensible defaults that individual tests override.

import type {
  Bucket,
  CredentialReportRow,
  Ec2Region,
  Fetch,
  IamRole,
  IamUser,
  Instance,
  ManagedPolicy,
  NetworkInterface,
  SecurityGroup,
  SgPermission,
  Snapshot,
} from '../../src/model/snapshot.js';

export const ACCT = '111122223333';
export const REGION = 'eu-west-1';
export const NOW = '2026-11-01T00:00:00.000Z';
export const ok = <T>(value: T): Fetch<T> => ({ state: 'ok', value });
export const absent = <T>(code: string): Fetch<T> => ({ state: 'absent', code });
export const denied = <T>(service: 'ec2' | 's3' | 'iam' | 's3control', operation: string): Fetch<T> => ({
  state: 'error',
  error: { service, operation, kind: 'denied', code: 'AccessDenied', message: 'denied by SCP' },
});
export const daysAgo = (n: number) => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();

export function emptyRegion(): Ec2Region {
  return {
    securityGroups: ok([]),
    networkInterfaces: ok([]),
    instances: ok([]),
    vpcs: ok([{ id: 'vpc-1', isDefault: false }]),
    subnets: ok([
      { id: 'subnet-pub', vpcId: 'vpc-1', mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: false, defaultForAz: false },
    ]),
    routeTables: ok([
      {
        id: 'rtb-pub',
        vpcId: 'vpc-1',
        main: false,
        subnetIds: ['subnet-pub'],
        routes: [{ destinationCidr: '0.0.0.0/0', gatewayId: 'igw-1', state: 'active' }],
      },
      { id: 'rtb-main', vpcId: 'vpc-1', main: true, subnetIds: [], routes: [{ destinationCidr: '10.0.0.0/16', gatewayId: 'local' }] },
    ]),
    networkAcls: ok([]),
    prefixLists: ok([]),
    flowLogs: ok([{ id: 'fl-1', resourceId: 'vpc-1', status: 'ACTIVE', deliverStatus: 'SUCCESS', trafficType: 'ALL' }]),
    vpcEndpoints: ok(
      ['ec2', 'ecr.api', 'ecr.dkr', 'ssm', 'ssm-contacts', 'ssm-incidents'].map((svc, i) => ({
        id: `vpce-${i}`,
        vpcId: 'vpc-1',
        serviceName: `com.amazonaws.${REGION}.${svc}`,
        type: 'Interface',
        state: 'available',
      })),
    ),
    launchTemplates: ok([]),
    vpcBlockPublicAccess: ok({ internetGatewayBlockMode: 'block-ingress', state: 'update-complete' }),
  };
}

/** A password policy that passes every password check (CIS length, reuse, complexity, 90-day expiry). */
export const STRONG_PASSWORD_POLICY = {
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  expirePasswords: true,
  maxPasswordAge: 90,
} as const;
export function emptySnapshot(): Snapshot {
  return {
    format: 'incloud-snapshot',
    version: 1,
    tool: { name: 'incloud', version: 'test' },
    collectedAt: NOW,
    source: 'demo',
    account: { id: ACCT, partition: 'aws' },
    regions: ok([REGION]),
    ec2: { [REGION]: emptyRegion() },
    s3: {
      accountPublicAccessBlock: ok({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
      buckets: ok([]),
      accessPoints: ok([]),
      multiRegionAccessPoints: ok([]),
      directoryBuckets: { [REGION]: ok([]) },
    },
    iam: {
      authorizationDetails: ok({ users: [], groups: [], roles: [], policies: [] }),
      credentialReport: ok({ rows: [rootRow()] }),
      passwordPolicy: ok({ ...STRONG_PASSWORD_POLICY }),
      accountSummary: ok({ AccountMFAEnabled: 1, AccountAccessKeysPresent: 0 }),
      virtualMfaDevices: ok([]),
      accessKeys: ok([]),
      mfaDevices: ok([]),
      serverCertificates: ok([]),
      samlProviders: ok([]),
      oidcProviders: ok([]),
    },
    errors: [],
  };
}

export function rootRow(over: Partial<CredentialReportRow> = {}): CredentialReportRow {
  return {
    user: '<root_account>',
    arn: `arn:aws:iam::${ACCT}:root`,
    userCreationTime: daysAgo(900),
    passwordEnabled: null,
    passwordLastUsed: daysAgo(200),
    passwordLastChanged: null,
    mfaActive: true,
    accessKeys: [key(false), key(false)],
    certs: [
      { active: false, lastRotated: null },
      { active: false, lastRotated: null },
    ],
    ...over,
  };
}

export function key(active: boolean, lastRotated: string | null = null, lastUsedDate: string | null = null) {
  return { active, lastRotated, lastUsedDate, lastUsedService: null };
}

export function userRow(user: string, over: Partial<CredentialReportRow> = {}): CredentialReportRow {
  return {
    user,
    arn: `arn:aws:iam::${ACCT}:user/${user}`,
    userCreationTime: daysAgo(10),
    passwordEnabled: false,
    passwordLastUsed: null,
    passwordLastChanged: null,
    mfaActive: true,
    accessKeys: [key(false), key(false)],
    certs: [
      { active: false, lastRotated: null },
      { active: false, lastRotated: null },
    ],
    ...over,
  };
}

export const world = (from: number, to = from, protocol = 'tcp'): SgPermission => ({
  protocol,
  fromPort: from,
  toPort: to,
  ipv4: [{ cidr: '0.0.0.0/0' }],
  ipv6: [],
  prefixListIds: [],
  groups: [],
});
export const perm = (over: Partial<SgPermission>): SgPermission => ({
  protocol: 'tcp',
  fromPort: 0,
  toPort: 0,
  ipv4: [],
  ipv6: [],
  prefixListIds: [],
  groups: [],
  ...over,
});

export function region(s: Snapshot): Ec2Region {
  return s.ec2[REGION]!;
}
export function push<T>(f: Fetch<T[]>, item: T): void {
  if (f.state === 'ok') f.value.push(item);
}

export function addSg(s: Snapshot, id: string, ingress: SgPermission[], over: Partial<SecurityGroup> = {}): SecurityGroup {
  const sg: SecurityGroup = { id, name: id, vpcId: 'vpc-1', ownerId: ACCT, tags: {}, ingress, egress: [], ...over };
  push(region(s).securityGroups, sg);
  return sg;
}

/** A running instance with one ENI in the public subnet (public IP) carrying the given groups. */
export function addInstance(
  s: Snapshot,
  id: string,
  groups: string[],
  over: Partial<Instance> = {},
  eniOver: Partial<NetworkInterface> = {},
): Instance {
  const eni: NetworkInterface = {
    id: `eni-${id}`,
    status: 'in-use',
    interfaceType: 'interface',
    subnetId: 'subnet-pub',
    vpcId: 'vpc-1',
    groupIds: groups,
    publicIp: '203.0.113.10',
    ipv6Addresses: [],
    instanceId: id,
    sourceDestCheck: true,
    ...eniOver,
  };
  const inst: Instance = {
    id,
    state: 'running',
    subnetId: eni.subnetId,
    vpcId: 'vpc-1',
    publicIp: eni.publicIp,
    ipv6Addresses: [],
    metadataHttpEndpoint: 'enabled',
    metadataHttpTokens: 'required',
    networkInterfaceIds: [eni.id],
    securityGroupIds: groups,
    tags: { Name: id },
    ...over,
  };
  push(region(s).networkInterfaces, eni);
  push(region(s).instances, inst);
  return inst;
}

export function bucket(name: string, over: Partial<Bucket> = {}): Bucket {
  return {
    name,
    arn: `arn:aws:s3:::${name}`,
    region: ok(REGION),
    policy: absent('NoSuchBucketPolicy'),
    policyStatus: absent('NoSuchBucketPolicy'),
    publicAccessBlock: ok({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
    acl: ok({ ownerId: 'owner', grants: [{ granteeType: 'CanonicalUser', id: 'owner', permission: 'FULL_CONTROL' }] }),
    ownership: ok('BucketOwnerEnforced'),
    encryption: ok([{ algorithm: 'aws:kms', kmsKeyId: `arn:aws:kms:${REGION}:${ACCT}:key/k`, blockedEncryptionTypes: ['SSE-C'] }]),
    versioning: ok({ status: 'Enabled', mfaDelete: 'Enabled' }),
    logging: ok({ targetBucket: 'logs' }),
    objectLock: ok({ enabled: true, mode: 'GOVERNANCE', days: 30 }),
    tags: ok({}),
    lifecycle: ok([{ status: 'Enabled', expiration: false, transition: true, noncurrentExpiration: true, noncurrentTransition: false }]),
    replication: ok([{ status: 'Enabled', destinationBucket: `arn:aws:s3:::${name}-replica` }]),
    ...over,
  };
}

export function addBucket(s: Snapshot, b: Bucket): Bucket {
  push(s.s3.buckets, b);
  return b;
}

export const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
export const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function aad(s: Snapshot) {
  if (s.iam.authorizationDetails.state !== 'ok') throw new Error('no aad');
  return s.iam.authorizationDetails.value;
}

export function addUser(s: Snapshot, name: string, over: Partial<IamUser> = {}, row: Partial<CredentialReportRow> | null = {}): IamUser {
  const u: IamUser = {
    name,
    arn: `arn:aws:iam::${ACCT}:user/${name}`,
    groups: [],
    inline: [],
    attached: [],
    tags: {},
    createDate: daysAgo(100),
    ...over,
  };
  aad(s).users.push(u);
  if (row && s.iam.credentialReport.state === 'ok') s.iam.credentialReport.value.rows.push(userRow(name, row));
  return u;
}

export function addRole(s: Snapshot, name: string, over: Partial<IamRole> = {}): IamRole {
  const r: IamRole = {
    name,
    arn: `arn:aws:iam::${ACCT}:role/${name}`,
    path: '/',
    trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
    inline: [],
    attached: [],
    instanceProfiles: [],
    tags: {},
    createDate: daysAgo(30),
    lastUsedDate: daysAgo(1),
    ...over,
  };
  aad(s).roles.push(r);
  return r;
}

export function addPolicy(s: Snapshot, name: string, document: unknown, over: Partial<ManagedPolicy> = {}): ManagedPolicy {
  const p: ManagedPolicy = {
    name,
    arn: `arn:aws:iam::${ACCT}:policy/${name}`,
    awsManaged: false,
    attachmentCount: 1,
    boundaryUsageCount: 0,
    document,
    ...over,
  };
  aad(s).policies.push(p);
  return p;
}

export function addGroup(s: Snapshot, name: string, attached: string[] = [], inline: { name: string; document: unknown }[] = []) {
  const g = {
    name,
    arn: `arn:aws:iam::${ACCT}:group/${name}`,
    inline,
    attached: attached.map((arn) => ({ name: arn.split('/').pop()!, arn })),
  };
  aad(s).groups.push(g);
  return g;
}
