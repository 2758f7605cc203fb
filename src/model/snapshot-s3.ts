// S3 in the inventory: buckets and their settings, access points, account-level blocks.

import type { Fetch, Tags } from './fetch.js';

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
  /**
   * S3 Express One Zone directory buckets per region, listed in the regions that offer them
   * (S3_EXPRESS_REGIONS). Absent from snapshots made before they were collected.
   */
  directoryBuckets?: Record<string, Fetch<DirectoryBucket[]>>;
}

export interface DirectoryBucket {
  name: string;
  arn: string;
  region: string;
  /** The Availability Zone or Local Zone id in the bucket's name (e.g. "use1-az4"). */
  zoneId?: string;
  lifecycle: Fetch<LifecycleRule[]>;
}

export interface MultiRegionAccessPoint {
  name: string;
  alias?: string;
  status?: string;
  buckets: string[];
  publicAccessBlock?: PublicAccessBlock;
}
