// The inventory a scan collects. Plain JSON, saved next to the reports, and the
// only input of the check engine. Collectors (src/collect) are the only code that
// knows the AWS SDK; everything downstream reads these types.

import type { CollectError, Fetch } from './fetch.js';
import type { Ec2Region } from './snapshot-ec2.js';
import type { IamInventory } from './snapshot-iam.js';
import type { OrgContext } from './organization.js';
import type { S3Inventory } from './snapshot-s3.js';

export type * from './fetch.js';
export type * from './snapshot-ec2.js';
export type * from './snapshot-iam.js';
export type * from './snapshot-s3.js';

export const SNAPSHOT_FORMAT = 'incloud-snapshot';
export const SNAPSHOT_VERSION = 1;

/**
 * Something that already runs as a role (a Lambda function, a CloudFormation stack's service
 * role, a CodeBuild project's service role): taking it over acts as that role.
 */
export interface RoleBound {
  name: string;
  arn: string;
  roleArn?: string;
  /** Absent: not read, so resource-tag conditions on it stay undecided. */
  tags?: Record<string, string>;
}

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
  /** Lambda functions, CloudFormation stacks and CodeBuild projects per region (absent from snapshots taken before incloud read them). */
  functions?: Record<string, Fetch<RoleBound[]>>;
  stacks?: Record<string, Fetch<RoleBound[]>>;
  buildProjects?: Record<string, Fetch<RoleBound[]>>;
  s3: S3Inventory;
  iam: IamInventory;
  errors: CollectError[];
  skippedCalls?: SkippedCalls[];
  /** Regions not scanned, and why (opt-in regions not enabled). */
  regionsSkipped?: { region: string; reason: string }[];
  /** How the collection went: absent from demo and older snapshots. */
  collection?: CollectionStats;
  /** The organization's guardrails and accounts, as an organization scan read them (absent: not evaluated). */
  organization?: OrgContext;
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
