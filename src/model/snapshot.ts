// The inventory a scan collects. Plain JSON, saved next to the reports, and the
// only input of the check engine. Collectors (src/collect) are the only code that
// knows the AWS SDK; everything downstream reads these types.

export const SNAPSHOT_FORMAT = 'incloud-snapshot';
export const SNAPSHOT_VERSION = 1;

/** credentials: expired, unknown or mis-signed keys; clock-skew: the local clock is too far from AWS's. */
export type ErrorKind = 'denied' | 'throttled' | 'credentials' | 'clock-skew' | 'invalid-data' | 'not-found' | 'error';

/** A call that failed. Recorded, never thrown past the collector. */
export interface CollectError {
  service: 'ec2' | 's3' | 's3control' | 'iam' | 'sts' | 'organizations';
  operation: string;
  region?: string;
  resource?: string;
  kind: ErrorKind;
  code: string;
  message: string;
  /** For a denied call: the IAM action the scanner lacks. */
  permission?: string;
}

/**
 * The outcome of fetching one piece of data.
 * - ok: the call succeeded (value may be an empty list).
 * - absent: AWS answered "not configured" (e.g. NoSuchBucketPolicy): a fact, not an error.
 * - error: the call failed; checks that need it report "not assessed".
 */
export type Fetch<T> = { state: 'ok'; value: T } | { state: 'absent'; code: string } | { state: 'error'; error: CollectError };

export type Tags = Record<string, string>;

// ---------------------------------------------------------------- EC2

export interface SgSourceCidr {
  cidr: string;
  description?: string;
}
export interface SgGroupRef {
  groupId: string;
  userId?: string;
  vpcId?: string;
  vpcPeeringConnectionId?: string;
}

/** One IpPermission. protocol is '-1', 'tcp', 'udp', 'icmp', 'icmpv6' or a protocol number. */
export interface SgPermission {
  protocol: string;
  fromPort?: number;
  toPort?: number;
  ipv4: SgSourceCidr[];
  ipv6: SgSourceCidr[];
  prefixListIds: string[];
  groups: SgGroupRef[];
}

export interface SecurityGroup {
  id: string;
  name: string;
  description?: string;
  vpcId?: string;
  ownerId?: string;
  tags: Tags;
  ingress: SgPermission[];
  egress: SgPermission[];
}

export interface NetworkInterface {
  id: string;
  status?: string;
  interfaceType?: string;
  description?: string;
  subnetId?: string;
  vpcId?: string;
  groupIds: string[];
  publicIp?: string;
  ipv6Addresses: string[];
  privateIp?: string;
  instanceId?: string;
  instanceOwnerId?: string;
  requesterId?: string;
  requesterManaged?: boolean;
  ownerId?: string;
}

export interface Instance {
  id: string;
  state?: string;
  subnetId?: string;
  vpcId?: string;
  publicIp?: string;
  privateIp?: string;
  ipv6Addresses: string[];
  instanceProfileArn?: string;
  metadataHttpEndpoint?: string;
  metadataHttpTokens?: string;
  networkInterfaceIds: string[];
  securityGroupIds: string[];
  launchTime?: string;
  tags: Tags;
}

export interface Vpc {
  id: string;
  isDefault: boolean;
  cidr?: string;
  ownerId?: string;
}
export interface Subnet {
  id: string;
  vpcId?: string;
  mapPublicIpOnLaunch: boolean;
  assignIpv6AddressOnCreation: boolean;
  defaultForAz: boolean;
}
export interface Route {
  destinationCidr?: string;
  destinationIpv6Cidr?: string;
  destinationPrefixListId?: string;
  gatewayId?: string;
  egressOnlyGatewayId?: string;
  natGatewayId?: string;
  state?: string;
}
export interface RouteTable {
  id: string;
  vpcId?: string;
  main: boolean;
  subnetIds: string[];
  routes: Route[];
}
export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  action: 'allow' | 'deny';
  protocol: string;
  cidr?: string;
  ipv6Cidr?: string;
  fromPort?: number;
  toPort?: number;
}
export interface NetworkAcl {
  id: string;
  vpcId?: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntry[];
}
export interface PrefixList {
  id: string;
  name?: string;
  ownerId?: string;
  entries: Fetch<string[]>;
}

export interface Ec2Region {
  securityGroups: Fetch<SecurityGroup[]>;
  networkInterfaces: Fetch<NetworkInterface[]>;
  instances: Fetch<Instance[]>;
  vpcs: Fetch<Vpc[]>;
  subnets: Fetch<Subnet[]>;
  routeTables: Fetch<RouteTable[]>;
  networkAcls: Fetch<NetworkAcl[]>;
  prefixLists: Fetch<PrefixList[]>;
}

// ---------------------------------------------------------------- S3

export interface PublicAccessBlock {
  blockPublicAcls: boolean;
  ignorePublicAcls: boolean;
  blockPublicPolicy: boolean;
  restrictPublicBuckets: boolean;
}

export interface AclGrant {
  granteeType: string;
  id?: string;
  uri?: string;
  displayName?: string;
  permission: string;
}
export interface BucketAcl {
  ownerId?: string;
  grants: AclGrant[];
  /** Set when the ACL was not read because an earlier answer decides it (ACLs disabled). */
  implied?: string;
}
export interface EncryptionRule {
  algorithm?: string;
  kmsKeyId?: string;
  bucketKeyEnabled?: boolean;
  blockedEncryptionTypes?: string[];
}

export interface Bucket {
  name: string;
  arn: string;
  region: Fetch<string>;
  createdAt?: string;
  /** Parsed bucket policy document; absent = no policy. */
  policy: Fetch<unknown>;
  policyStatus: Fetch<{ isPublic: boolean }>;
  publicAccessBlock: Fetch<PublicAccessBlock>;
  acl: Fetch<BucketAcl>;
  ownership: Fetch<string>;
  encryption: Fetch<EncryptionRule[]>;
  versioning: Fetch<{ status?: string; mfaDelete?: string }>;
  logging: Fetch<{ targetBucket?: string; targetPrefix?: string }>;
  objectLock: Fetch<{ enabled: boolean; mode?: string; days?: number; years?: number }>;
  /** No longer collected (no check reads bucket tags); older snapshots may still have it. */
  tags?: Fetch<Tags>;
  /** Absent from snapshots made before these were collected: checks then report "not assessed". */
  lifecycle?: Fetch<LifecycleRule[]>;
  replication?: Fetch<ReplicationRule[]>;
}

export interface LifecycleRule {
  id?: string;
  status: string;
  expiration: boolean;
  noncurrentExpiration: boolean;
  noncurrentTransition: boolean;
  transition: boolean;
}
export interface ReplicationRule {
  id?: string;
  status: string;
  destinationBucket?: string;
  destinationAccount?: string;
}
export interface AccessPoint {
  name: string;
  arn?: string;
  bucket?: string;
  region: string;
  networkOrigin?: string;
  publicAccessBlock: Fetch<PublicAccessBlock>;
}

export interface S3Inventory {
  accountPublicAccessBlock: Fetch<PublicAccessBlock>;
  buckets: Fetch<Bucket[]>;
  /** Access points in the regions that hold buckets. */
  accessPoints?: Fetch<AccessPoint[]>;
  multiRegionAccessPoints?: Fetch<MultiRegionAccessPoint[]>;
}

export interface MultiRegionAccessPoint {
  name: string;
  alias?: string;
  status?: string;
  buckets: string[];
  publicAccessBlock?: PublicAccessBlock;
}

// ---------------------------------------------------------------- IAM

/** A policy document as AWS stores it, URL-decoded and parsed. */
export type PolicyDocument = unknown;

export interface InlinePolicy {
  name: string;
  document: PolicyDocument;
}
export interface AttachedPolicy {
  name: string;
  arn: string;
}

export interface IamUser {
  name: string;
  arn: string;
  id?: string;
  path?: string;
  createDate?: string;
  groups: string[];
  inline: InlinePolicy[];
  attached: AttachedPolicy[];
  permissionsBoundaryArn?: string;
  tags: Tags;
}
export interface IamGroup {
  name: string;
  arn: string;
  path?: string;
  inline: InlinePolicy[];
  attached: AttachedPolicy[];
}
export interface IamRole {
  name: string;
  arn: string;
  id?: string;
  path?: string;
  createDate?: string;
  trustPolicy: PolicyDocument;
  inline: InlinePolicy[];
  attached: AttachedPolicy[];
  permissionsBoundaryArn?: string;
  lastUsedDate?: string;
  lastUsedRegion?: string;
  instanceProfiles: { name: string; arn: string }[];
  tags: Tags;
}
export interface ManagedPolicy {
  name: string;
  arn: string;
  path?: string;
  awsManaged: boolean;
  attachmentCount: number;
  boundaryUsageCount: number;
  defaultVersionId?: string;
  document: PolicyDocument;
}
export interface AuthorizationDetails {
  users: IamUser[];
  groups: IamGroup[];
  roles: IamRole[];
  policies: ManagedPolicy[];
}

export interface CredentialReportRow {
  user: string;
  arn: string;
  userCreationTime: string | null;
  /** null = not_supported / not_applicable (root). */
  passwordEnabled: boolean | null;
  passwordLastUsed: string | null;
  passwordLastChanged: string | null;
  mfaActive: boolean;
  accessKeys: { active: boolean; lastRotated: string | null; lastUsedDate: string | null; lastUsedService: string | null }[];
  certs: { active: boolean; lastRotated: string | null }[];
}

export interface PasswordPolicy {
  minimumPasswordLength?: number;
  requireSymbols?: boolean;
  requireNumbers?: boolean;
  requireUppercaseCharacters?: boolean;
  requireLowercaseCharacters?: boolean;
  allowUsersToChangePassword?: boolean;
  expirePasswords?: boolean;
  maxPasswordAge?: number;
  passwordReusePrevention?: number;
  hardExpiry?: boolean;
}

export interface AccessKeyMeta {
  userName: string;
  accessKeyId: string;
  status: string;
  createDate?: string;
}
export interface MfaDevice {
  userName: string;
  serialNumber: string;
  enableDate?: string;
}

export interface IamInventory {
  authorizationDetails: Fetch<AuthorizationDetails>;
  credentialReport: Fetch<{ generatedAt?: string; rows: CredentialReportRow[] }>;
  passwordPolicy: Fetch<PasswordPolicy>;
  accountSummary: Fetch<Record<string, number>>;
  virtualMfaDevices: Fetch<{ serialNumber: string; userArn?: string }[]>;
  accessKeys: Fetch<AccessKeyMeta[]>;
  mfaDevices: Fetch<MfaDevice[]>;
  serverCertificates?: Fetch<{ name: string; arn?: string; expiration?: string; uploadDate?: string }[]>;
  samlProviders?: Fetch<string[]>;
  oidcProviders?: Fetch<string[]>;
}

// ---------------------------------------------------------------- whole snapshot

/** Calls not made because an earlier answer made them moot, counted per operation. */
export interface SkippedCalls {
  operation: string;
  reason: string;
  count: number;
}

export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  tool: { name: string; version: string };
  collectedAt: string;
  /** 'aws' for a live scan, 'endpoint' for an emulator, 'demo' for the bundled example. */
  source: 'aws' | 'endpoint' | 'demo';
  account: { id: string; partition: string; principalArn?: string };
  regions: Fetch<string[]>;
  ec2: Record<string, Ec2Region>;
  s3: S3Inventory;
  iam: IamInventory;
  errors: CollectError[];
  skippedCalls?: SkippedCalls[];
  /** Regions not scanned, and why (opt-in regions not enabled). */
  regionsSkipped?: { region: string; reason: string }[];
  /** How the collection went: absent from demo and older snapshots. */
  collection?: CollectionStats;
}

export interface CollectionStats {
  durationMs: number;
  concurrency: number;
  /** HTTP requests sent, retries included. */
  requests: number;
  throttled: number;
  maxInFlight: number;
  /** Calls per "service:Operation", retries not counted. */
  callsByOperation: Record<string, number>;
  /** Why the scan stopped sending early (dead endpoint, deadline), if it did. */
  stopped?: string;
}
