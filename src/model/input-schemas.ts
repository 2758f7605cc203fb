// JSON Schemas (draft 2020-12) of the files incloud reads: config, suppressions and snapshots.
// Built here so the snapshot's many "fetched" sections share one definition; `npm run docs`
// writes them to schema/ for users, and a test keeps those copies current.

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const nonEmpty: Schema = { type: 'string', minLength: 1 };
const num: Schema = { type: 'number' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const any: Schema = {};
const arr = (items: Schema): Schema => ({ type: 'array', items });
const obj = (properties: Record<string, Schema>, required: string[] = [], closed = false): Schema => ({
  type: 'object',
  properties,
  required,
  ...(closed ? { additionalProperties: false } : {}),
});
const stringMap: Schema = { type: 'object', additionalProperties: str };
const port: Schema = { type: 'integer', minimum: 0, maximum: 65535 };
const portRange = obj({ from: port, to: port, protocol: { enum: ['tcp', 'udp', 'both'] } }, ['from', 'to', 'protocol'], true);

// ------------------------------------------------------------------------------ config

const slaDays: Schema = { type: ['integer', 'null'], minimum: 1, maximum: 3650 };

const checkSettings: Record<string, Schema> = {
  highRiskPorts: arr(port),
  datastorePorts: arr(portRange),
  fileSharePorts: arr(portRange),
  remoteMgmtPorts: arr(portRange),
  authorizedTcpPorts: arr(port),
  authorizedUdpPorts: arr(port),
  trustedAccounts: arr({ type: 'string', pattern: '^[0-9]{12}$' }),
  intentionallyPublicBuckets: arr(nonEmpty),
  unusedCredentialDays: { type: 'number', minimum: 0 },
  stoppedInstanceDays: { type: 'number', minimum: 1 },
  keyRotationDays: { type: 'number', minimum: 0 },
  rootRecentUseDays: { type: 'number', minimum: 0 },
  unusedRoleDays: { type: 'number', minimum: 0 },
  minPasswordLength: { type: 'integer', minimum: 0, maximum: 128 },
  passwordReuse: { type: 'integer', minimum: 0, maximum: 24 },
};

export const CONFIG_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:incloud:schema:config:1',
  title: 'incloud config',
  description:
    'Check settings {"checks": {...}} and the remediation deadlines of scan history {"sla": {"critical": 7, ...}} (days per severity, null for none). Every key is optional; unknown keys are errors.',
  ...obj(
    {
      $schema: str,
      checks: obj(checkSettings, [], true),
      sla: obj(Object.fromEntries(['critical', 'high', 'medium', 'low', 'info'].map((k) => [k, slaDays])), [], true),
    },
    [],
    true,
  ),
  // An empty file, or settings without their key, is a mistake worth an error.
  anyOf: [{ required: ['checks'] }, { required: ['sla'] }],
};

// ------------------------------------------------------------------------------ suppressions

export const SUPPRESSIONS_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:incloud:schema:suppressions:1',
  title: 'incloud suppressions',
  description:
    'Accepted risks. Each entry needs a reason and an expiry date (YYYY-MM-DD), and names a fingerprint or a check id with a resource ARN pattern.',
  ...obj(
    {
      $schema: str,
      suppressions: arr({
        ...obj(
          {
            fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
            checkId: nonEmpty,
            resource: nonEmpty,
            reason: { type: 'string', minLength: 1, pattern: '\\S' },
            expires: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', format: 'date' },
            by: str,
          },
          ['reason', 'expires'],
          true,
        ),
        anyOf: [{ required: ['fingerprint'] }, { required: ['checkId', 'resource'] }],
      }),
    },
    ['suppressions'],
    true,
  ),
};

// ------------------------------------------------------------------------------ snapshot

const fetched = (value: Schema): Schema => ({
  type: 'object',
  discriminator: { propertyName: 'state' },
  oneOf: [
    obj({ state: { const: 'ok' }, value }, ['state', 'value']),
    obj({ state: { const: 'absent' }, code: str }, ['state', 'code']),
    obj({ state: { const: 'error' }, error: { $ref: '#/$defs/error' } }, ['state', 'error']),
  ],
});

const cidr = obj({ cidr: str, description: str }, ['cidr']);
const permission = obj(
  {
    protocol: str,
    fromPort: num,
    toPort: num,
    ipv4: arr(cidr),
    ipv6: arr(cidr),
    prefixListIds: arr(str),
    groups: arr(obj({ groupId: str }, ['groupId'])),
  },
  ['protocol', 'ipv4', 'ipv6', 'prefixListIds', 'groups'],
);

const ec2Region = obj(
  {
    securityGroups: fetched(
      arr(
        obj({ id: str, name: str, vpcId: str, tags: stringMap, ingress: arr(permission), egress: arr(permission) }, [
          'id',
          'name',
          'ingress',
          'egress',
        ]),
      ),
    ),
    networkInterfaces: fetched(
      arr(
        obj({ id: str, status: str, groupIds: arr(str), ipv6Addresses: arr(str), publicIp: str, instanceId: str }, [
          'id',
          'groupIds',
          'ipv6Addresses',
        ]),
      ),
    ),
    instances: fetched(
      arr(
        obj({ id: str, state: str, ipv6Addresses: arr(str), networkInterfaceIds: arr(str), securityGroupIds: arr(str), tags: stringMap }, [
          'id',
          'ipv6Addresses',
          'networkInterfaceIds',
          'securityGroupIds',
          'tags',
        ]),
      ),
    ),
    vpcs: fetched(arr(obj({ id: str, isDefault: bool }, ['id', 'isDefault']))),
    subnets: fetched(
      arr(
        obj({ id: str, mapPublicIpOnLaunch: bool, assignIpv6AddressOnCreation: bool, defaultForAz: bool }, ['id', 'mapPublicIpOnLaunch']),
      ),
    ),
    routeTables: fetched(
      arr(
        obj({ id: str, main: bool, subnetIds: arr(str), routes: arr(obj({ destinationCidr: str, gatewayId: str })) }, [
          'id',
          'main',
          'subnetIds',
          'routes',
        ]),
      ),
    ),
    networkAcls: fetched(
      arr(
        obj(
          {
            id: str,
            isDefault: bool,
            subnetIds: arr(str),
            entries: arr(
              obj({ ruleNumber: num, egress: bool, action: { enum: ['allow', 'deny'] }, protocol: str }, [
                'ruleNumber',
                'egress',
                'action',
                'protocol',
              ]),
            ),
          },
          ['id', 'isDefault', 'subnetIds', 'entries'],
        ),
      ),
    ),
    prefixLists: fetched(arr(obj({ id: str, entries: fetched(arr(str)) }, ['id', 'entries']))),
    flowLogs: fetched(arr(obj({ id: str, resourceId: str, status: str, deliverStatus: str, trafficType: str }, ['id']))),
    vpcEndpoints: fetched(arr(obj({ id: str, vpcId: str, serviceName: str, type: str, state: str }, ['id']))),
    launchTemplates: fetched(
      arr(
        obj(
          {
            id: str,
            name: str,
            version: num,
            interfaces: arr(obj({ deviceIndex: num, associatePublicIp: bool })),
            metadataHttpTokens: str,
            metadataHttpEndpoint: str,
          },
          ['id', 'interfaces'],
        ),
      ),
    ),
    vpcBlockPublicAccess: fetched(obj({ internetGatewayBlockMode: str, state: str }, ['internetGatewayBlockMode'])),
  },
  ['securityGroups', 'networkInterfaces', 'instances', 'vpcs', 'subnets', 'routeTables', 'networkAcls', 'prefixLists'],
);

const bpa = obj({ blockPublicAcls: bool, ignorePublicAcls: bool, blockPublicPolicy: bool, restrictPublicBuckets: bool }, [
  'blockPublicAcls',
  'ignorePublicAcls',
  'blockPublicPolicy',
  'restrictPublicBuckets',
]);
const lifecycleRules = fetched(arr(obj({ status: str }, ['status'])));
const directoryBucket = obj({ name: str, arn: str, region: str, zoneId: str, lifecycle: lifecycleRules }, [
  'name',
  'arn',
  'region',
  'lifecycle',
]);
const bucket = obj(
  {
    name: str,
    arn: str,
    region: fetched(str),
    policy: fetched(any),
    policyStatus: fetched(obj({ isPublic: bool }, ['isPublic'])),
    publicAccessBlock: fetched(bpa),
    acl: fetched(obj({ ownerId: str, grants: arr(obj({ granteeType: str, permission: str }, ['granteeType', 'permission'])) }, ['grants'])),
    ownership: fetched(str),
    encryption: fetched(arr(obj({ algorithm: str }))),
    versioning: fetched(obj({ status: str, mfaDelete: str })),
    logging: fetched(obj({ targetBucket: str })),
    objectLock: fetched(obj({ enabled: bool }, ['enabled'])),
    tags: fetched(stringMap),
    lifecycle: lifecycleRules,
    replication: fetched(arr(obj({ status: str }, ['status']))),
  },
  [
    'name',
    'arn',
    'region',
    'policy',
    'policyStatus',
    'publicAccessBlock',
    'acl',
    'ownership',
    'encryption',
    'versioning',
    'logging',
    'objectLock',
  ],
);

const inline = arr(obj({ name: str, document: any }, ['name', 'document']));
const versions = arr(obj({ versionId: str, document: any }, ['versionId', 'document']));
const roleBound = obj({ name: str, arn: str, roleArn: str, tags: stringMap }, ['name', 'arn']);
const perRegion = (items: Schema): Schema => ({ type: 'object', additionalProperties: fetched(arr(items)) });
const attached = arr(obj({ name: str, arn: str }, ['arn']));
const authorizationDetails = obj(
  {
    users: arr(
      obj({ name: str, arn: str, groups: arr(str), inline, attached, tags: stringMap }, ['name', 'arn', 'groups', 'inline', 'attached']),
    ),
    groups: arr(obj({ name: str, arn: str, inline, attached }, ['name', 'arn', 'inline', 'attached'])),
    roles: arr(
      obj({ name: str, arn: str, trustPolicy: any, inline, attached, instanceProfiles: arr(obj({ arn: str }, ['arn'])) }, [
        'name',
        'arn',
        'inline',
        'attached',
        'instanceProfiles',
      ]),
    ),
    policies: arr(
      obj({ name: str, arn: str, awsManaged: bool, attachmentCount: num, boundaryUsageCount: num, document: any, versions }, [
        'name',
        'arn',
        'awsManaged',
        'document',
      ]),
    ),
  },
  ['users', 'groups', 'roles', 'policies'],
);
const nullableDate: Schema = { type: ['string', 'null'] };
const reportRow = obj(
  {
    user: str,
    arn: str,
    passwordEnabled: { type: ['boolean', 'null'] },
    passwordLastUsed: nullableDate,
    mfaActive: bool,
    accessKeys: arr(obj({ active: bool, lastRotated: nullableDate, lastUsedDate: nullableDate }, ['active'])),
    certs: arr(obj({ active: bool }, ['active'])),
  },
  ['user', 'arn', 'mfaActive', 'accessKeys', 'certs'],
);

// ------------------------------------------------------------------------------ organization

const accountId: Schema = { type: 'string', pattern: '^[0-9]{12}$' };
const guardrailLevel = obj(
  {
    targetId: nonEmpty,
    targetName: str,
    targetType: { enum: ['ROOT', 'ORGANIZATIONAL_UNIT', 'ACCOUNT'] },
    policies: arr(obj({ id: nonEmpty, name: str, content: str }, ['id', 'name', 'content'])),
  },
  ['targetId', 'targetName', 'targetType', 'policies'],
);
const orgContext = obj(
  {
    organizationId: nonEmpty,
    managementAccountId: accountId,
    isManagementAccount: bool,
    orgPath: str,
    members: { type: 'object', additionalProperties: str },
    scp: arr(guardrailLevel),
    rcp: arr(guardrailLevel),
    problem: str,
  },
  ['organizationId', 'managementAccountId', 'isManagementAccount', 'orgPath', 'members'],
);
const policyRecords = arr(obj({ id: nonEmpty, name: str, content: str, targets: arr(str) }, ['id', 'name', 'content', 'targets']));

/** organization.json, written by an organization scan: what `incloud evaluate --organization` reads. */
export const ORG_FACTS_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:incloud:schema:organization:1',
  title: 'incloud organization facts',
  description:
    "An organization's accounts, OU placement and guardrails (SCPs and RCPs with their targets), as an organization scan read them.",
  ...obj(
    {
      organizationId: nonEmpty,
      managementAccountId: accountId,
      accounts: arr(
        obj({ id: accountId, name: str, ouPath: arr(obj({ id: nonEmpty, name: str }, ['id', 'name'])) }, ['id', 'name', 'ouPath']),
      ),
      guardrails: obj({ scp: policyRecords, rcp: policyRecords, problem: str }),
    },
    ['organizationId', 'managementAccountId', 'accounts'],
  ),
};

export const SNAPSHOT_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:incloud:schema:snapshot:1',
  title: 'incloud snapshot',
  description:
    'The inventory one scan collected. Every section is {"state":"ok","value":...}, {"state":"absent","code":...} or {"state":"error","error":...}.',
  ...obj(
    {
      format: { const: 'incloud-snapshot' },
      version: { const: 1 },
      tool: obj({ name: str, version: str }, ['name', 'version']),
      collectedAt: { type: 'string', format: 'date-time' },
      source: { enum: ['aws', 'endpoint', 'demo'] },
      account: obj({ id: { type: 'string', pattern: '^[0-9]{12}$' }, partition: nonEmpty, principalArn: str }, ['id', 'partition']),
      regions: fetched(arr(str)),
      ec2: { type: 'object', additionalProperties: ec2Region },
      functions: perRegion(roleBound),
      stacks: perRegion(roleBound),
      buildProjects: perRegion(roleBound),
      s3: obj(
        {
          accountPublicAccessBlock: fetched(bpa),
          buckets: fetched(arr(bucket)),
          accessPoints: fetched(
            arr(obj({ name: str, region: str, publicAccessBlock: fetched(bpa) }, ['name', 'region', 'publicAccessBlock'])),
          ),
          multiRegionAccessPoints: fetched(arr(obj({ name: str, buckets: arr(str) }, ['name', 'buckets']))),
          directoryBuckets: perRegion(directoryBucket),
        },
        ['accountPublicAccessBlock', 'buckets'],
      ),
      iam: obj(
        {
          authorizationDetails: fetched(authorizationDetails),
          credentialReport: fetched(obj({ rows: arr(reportRow) }, ['rows'])),
          passwordPolicy: fetched(obj({})),
          accountSummary: fetched({ type: 'object', additionalProperties: num }),
          virtualMfaDevices: fetched(arr(obj({ serialNumber: str }, ['serialNumber']))),
          accessKeys: fetched(arr(obj({ userName: str, accessKeyId: str, status: str }, ['userName', 'accessKeyId', 'status']))),
          mfaDevices: fetched(arr(obj({ userName: str, serialNumber: str }, ['userName', 'serialNumber']))),
          serverCertificates: fetched(arr(obj({ name: str }, ['name']))),
          samlProviders: fetched(arr(str)),
          oidcProviders: fetched(arr(str)),
        },
        ['authorizationDetails', 'credentialReport', 'passwordPolicy', 'accountSummary', 'virtualMfaDevices', 'accessKeys', 'mfaDevices'],
      ),
      errors: arr({ $ref: '#/$defs/error' }),
      skippedCalls: arr(obj({ operation: str, reason: str, count: int }, ['operation', 'reason', 'count'])),
      regionsSkipped: arr(obj({ region: str, reason: str }, ['region', 'reason'])),
      collection: obj({ durationMs: num, requests: int, callsByOperation: { type: 'object', additionalProperties: int } }),
      organization: orgContext,
    },
    ['format', 'version', 'tool', 'collectedAt', 'source', 'account', 'regions', 'ec2', 's3', 'iam', 'errors'],
  ),
  $defs: {
    error: obj(
      {
        service: { enum: ['ec2', 's3', 's3control', 's3express', 'iam', 'sts', 'lambda', 'cloudformation', 'codebuild', 'organizations'] },
        operation: str,
        region: str,
        resource: str,
        kind: { enum: ['denied', 'throttled', 'credentials', 'clock-skew', 'invalid-data', 'not-found', 'error'] },
        code: str,
        message: str,
        permission: str,
      },
      ['service', 'operation', 'kind', 'code', 'message'],
    ),
  },
};
