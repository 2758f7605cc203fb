// The IAM action that authorises each operation incloud calls. For most services the action
// has the operation's name; S3 and S3 Control name several actions differently. The scanner
// policy in deploy/ and docs/permissions.md are generated from this table, and a test keeps
// it equal to the read-only allow-list, so the documented policy always covers every call.

import { READ_ONLY_OPERATIONS, SECURITY_HUB_SYNC_OPERATIONS } from './readonly.js';

const RENAMED: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetObjectLockConfiguration': 's3:GetBucketObjectLockConfiguration',
  's3:GetBucketLifecycleConfiguration': 's3:GetLifecycleConfiguration',
  's3:GetBucketReplication': 's3:GetReplicationConfiguration',
  's3express:ListDirectoryBuckets': 's3express:ListAllMyDirectoryBuckets',
  's3express:GetBucketLifecycleConfiguration': 's3express:GetLifecycleConfiguration',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
  's3control:ListAccessPoints': 's3:ListAccessPoints',
  's3control:GetAccessPoint': 's3:GetAccessPoint',
  's3control:ListMultiRegionAccessPoints': 's3:ListMultiRegionAccessPoints',
};

/**
 * Scanner actions that AWS's SecurityAudit managed policy does not grant (a test checks the list
 * against a copy of that policy): with SecurityAudit alone, the checks that need them are
 * reported as not assessed.
 */
export const BEYOND_SECURITY_AUDIT: readonly string[] = ['s3express:GetLifecycleConfiguration'];

/** Calls that need no IAM permission of the caller. */
const UNAUTHORISED_CALLS = new Set(['sts:GetCallerIdentity']);

/** IAM action for "service:Operation"; undefined when the call needs no permission. */
export function iamActionFor(service: string, operation: string): string | undefined {
  const key = `${service}:${operation}`;
  if (UNAUTHORISED_CALLS.has(key)) return undefined;
  return RENAMED[key] ?? key;
}

/** Services whose calls are made in the scanning account only, never inside a scanned account. */
const COORDINATOR_SERVICES = new Set(['organizations']);

/**
 * Every IAM action the scanner needs inside a scanned account, sorted; sts:AssumeRole only
 * matters with --role-arn, and Organizations calls only in the scanning account.
 */
export function scannerActions(): string[] {
  const out = new Set<string>();
  for (const [service, ops] of Object.entries(READ_ONLY_OPERATIONS)) {
    if (COORDINATOR_SERVICES.has(service)) continue;
    for (const op of ops) {
      const action = iamActionFor(service, op);
      if (action && action !== 'sts:AssumeRole') out.add(action);
    }
  }
  return [...out].sort();
}

/** The scanner's identity policy as a JSON document. */
export function scannerPolicy(): { Version: string; Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[] } {
  return { Version: '2012-10-17', Statement: [{ Sid: 'IncloudReadOnlyScan', Effect: 'Allow', Action: scannerActions(), Resource: '*' }] };
}

/** Actions the organization scan needs in the scanning account: list the organization. */
export function organizationActions(): string[] {
  return READ_ONLY_OPERATIONS.organizations!.map((op) => `organizations:${op}`).sort();
}

/**
 * The policy of the identity that runs `scan --org`: list the organization and assume the
 * member role (by name, in any account) that deploy/ creates in each member.
 */
export function coordinatorPolicy(memberRoleName: string): {
  Version: string;
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[];
} {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'IncloudListOrganization', Effect: 'Allow', Action: organizationActions(), Resource: '*' },
      { Sid: 'IncloudAssumeMemberRole', Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: `arn:aws:iam::*:role/${memberRoleName}` },
    ],
  };
}

/**
 * The identity policy of `incloud securityhub sync`: importing into the account's own product
 * (custom integration), reading and updating findings in its hub, nothing else.
 * sts:GetCallerIdentity needs no permission.
 */
export function securityHubSyncPolicy(): {
  Version: string;
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: string }[];
} {
  const ops = SECURITY_HUB_SYNC_OPERATIONS.securityhub!;
  const actions = (keep: (op: string) => boolean) =>
    ops
      .filter(keep)
      .map((op) => `securityhub:${op}`)
      .sort();
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'IncloudImportOwnFindings',
        Effect: 'Allow',
        Action: actions((op) => op === 'BatchImportFindings'),
        Resource: 'arn:aws:securityhub:*:*:product/*/default',
      },
      {
        Sid: 'IncloudReadAndMarkFindings',
        Effect: 'Allow',
        Action: actions((op) => op !== 'BatchImportFindings'),
        Resource: 'arn:aws:securityhub:*:*:hub/default',
      },
    ],
  };
}
