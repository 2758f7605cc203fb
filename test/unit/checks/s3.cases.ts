// Fixture cases of the S3 checks: bucket and account settings, policies, ACLs and access points.
// Each: an inventory that must fail the check, and a look-alike that must pass it.

import { absent, ACCT, addBucket, bucket, doc, ok } from '../../helpers/builder.js';
import type { DirectoryBucket, Fetch, LifecycleRule } from '../../../src/model/snapshot.js';
import { publicPolicy, openBpa, acctBpaOff, type CheckCase } from '../../helpers/check-tester.js';

export const S3_CASES: CheckCase[] = [
  // ------------------------------------------------------------------ S3
  {
    id: 's3.bucket-replication-disabled',
    severity: 'info',
    fail: (s) => {
      addBucket(s, bucket('b', { replication: absent('ReplicationConfigurationNotFoundError') }));
    },
    pass: (s) => {
      addBucket(s, bucket('b', { logging: ok({ targetBucket: 'logs' }) }));
      addBucket(s, bucket('logs', { replication: absent('ReplicationConfigurationNotFoundError') }));
    },
  },
  {
    id: 's3.bucket-lifecycle-missing',
    severity: 'info',
    fail: (s) => {
      addBucket(
        s,
        bucket('b', {
          lifecycle: ok([
            { status: 'Enabled', expiration: true, transition: false, noncurrentExpiration: false, noncurrentTransition: false },
          ]),
        }),
      );
    },
    pass: (s) => {
      addBucket(
        s,
        bucket('b', {
          versioning: ok({}),
          lifecycle: ok([
            { status: 'Enabled', expiration: true, transition: false, noncurrentExpiration: false, noncurrentTransition: false },
          ]),
        }),
      );
    },
  },
  {
    id: 's3.access-point-bpa-disabled',
    severity: 'high',
    fail: (s) => {
      acctBpaOff(s);
      addBucket(s, bucket('b', { publicAccessBlock: openBpa }));
      s.s3.accessPoints = ok([
        {
          name: 'ap',
          bucket: 'b',
          region: 'eu-west-1',
          networkOrigin: 'Internet',
          publicAccessBlock: ok({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: true }),
        },
      ]);
    },
    pass: (s) => {
      s.s3.accessPoints = ok([
        {
          name: 'ap',
          bucket: 'b',
          region: 'eu-west-1',
          networkOrigin: 'VPC',
          publicAccessBlock: ok({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }),
        },
      ]);
    },
  },
  {
    id: 's3.account-bpa-incomplete',
    severity: 'high',
    fail: acctBpaOff,
    pass: (s) => {
      s.s3.accountPublicAccessBlock = ok({
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      });
    },
  },
  {
    id: 's3.bucket-bpa-incomplete',
    severity: 'medium',
    fail: (s) => {
      acctBpaOff(s);
      addBucket(
        s,
        bucket('b', {
          publicAccessBlock: ok({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: true }),
        }),
      );
    },
    pass: (s) => {
      addBucket(s, bucket('b', { publicAccessBlock: absent('NoSuchPublicAccessBlockConfiguration') }));
    },
  }, // inherited from account
  {
    id: 's3.bucket-policy-public-read',
    severity: 'critical',
    fail: (s) => {
      acctBpaOff(s);
      addBucket(s, bucket('b', { publicAccessBlock: openBpa, policy: publicPolicy('b') }));
    },
    pass: (s) => {
      acctBpaOff(s);
      addBucket(
        s,
        bucket('b', {
          publicAccessBlock: openBpa,
          policy: publicPolicy('b', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }),
        }),
      );
    },
  },
  {
    id: 's3.bucket-policy-public-write',
    severity: 'critical',
    fail: (s) => {
      acctBpaOff(s);
      addBucket(
        s,
        bucket('b', {
          publicAccessBlock: openBpa,
          policy: ok(
            doc({
              Effect: 'Allow',
              NotPrincipal: { AWS: `arn:aws:iam::${ACCT}:root` },
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::b/*',
            }),
          ),
        }),
      );
    },
    pass: (s) => {
      acctBpaOff(s);
      addBucket(
        s,
        bucket('b', {
          publicAccessBlock: openBpa,
          policy: ok(
            doc({
              Effect: 'Allow',
              Principal: '*',
              Action: 's3:PutObject',
              Resource: 'arn:aws:s3:::b/*',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } },
            }),
          ),
        }),
      );
    },
  },
  {
    id: 's3.bucket-acl-public-read',
    severity: 'critical',
    fail: (s) => {
      acctBpaOff(s);
      addBucket(
        s,
        bucket('b', {
          publicAccessBlock: openBpa,
          ownership: ok('ObjectWriter'),
          acl: ok({
            ownerId: 'o',
            grants: [{ granteeType: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers', permission: 'READ' }],
          }),
        }),
      );
    },
    pass: (s) => {
      acctBpaOff(s);
      addBucket(
        s,
        bucket('b', {
          publicAccessBlock: openBpa,
          ownership: ok('ObjectWriter'),
          acl: ok({
            ownerId: 'o',
            grants: [{ granteeType: 'Group', uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE' }],
          }),
        }),
      );
    },
  },
  {
    id: 's3.bucket-acl-public-write',
    severity: 'low', // neutralised by BucketOwnerEnforced
    fail: (s) => {
      acctBpaOff(s);
      addBucket(
        s,
        bucket('b', {
          publicAccessBlock: openBpa,
          acl: ok({
            ownerId: 'o',
            grants: [{ granteeType: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'WRITE' }],
          }),
        }),
      );
    },
    pass: (s) => {
      addBucket(
        s,
        bucket('b', {
          acl: ok({
            ownerId: 'o',
            grants: [{ granteeType: 'Group', uri: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ_ACP' }],
          }),
        }),
      );
    },
  },
  {
    id: 's3.bucket-acl-cross-account-grant',
    severity: 'medium',
    fail: (s) => {
      addBucket(
        s,
        bucket('b', {
          ownership: ok('BucketOwnerPreferred'),
          acl: ok({ ownerId: 'o', grants: [{ granteeType: 'CanonicalUser', id: 'other', permission: 'READ' }] }),
        }),
      );
    },
    pass: (s) => {
      addBucket(
        s,
        bucket('logs', {
          ownership: ok('BucketOwnerPreferred'),
          acl: ok({
            ownerId: 'o',
            grants: [{ granteeType: 'Group', uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery', permission: 'WRITE' }],
          }),
        }),
      );
    },
  },
  {
    id: 's3.bucket-acls-enabled',
    severity: 'low',
    fail: (s) => {
      addBucket(s, bucket('b', { ownership: absent('OwnershipControlsNotFoundError') }));
    },
    pass: (s) => {
      addBucket(s, bucket('b'));
    },
  },
  {
    id: 's3.bucket-policy-cross-account',
    severity: 'high',
    fail: (s) => {
      addBucket(
        s,
        bucket('b', {
          policy: ok(doc({ Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' })),
        }),
      );
    },
    pass: (s) => {
      addBucket(
        s,
        bucket('b', {
          policy: ok(
            doc({
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::444455556666:root' },
              Action: 's3:GetObject',
              Resource: 'arn:aws:s3:::b/*',
              Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } },
            }),
          ),
        }),
      );
    },
  },
  {
    id: 's3.bucket-tls-not-enforced',
    severity: 'medium',
    fail: (s) => {
      addBucket(
        s,
        bucket('b', {
          policy: ok(
            doc({
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCT}:root` },
              Action: 's3:*',
              Resource: 'arn:aws:s3:::b/*',
              Condition: { Bool: { 'aws:SecureTransport': 'true' } },
            }),
          ),
        }),
      );
    },
    pass: (s) => {
      addBucket(
        s,
        bucket('b', {
          policy: ok(
            doc({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: '*',
              Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
              Condition: { Bool: { 'aws:SecureTransport': false } },
            }),
          ),
        }),
      );
    },
  },
  {
    id: 's3.bucket-default-encryption',
    severity: 'high',
    fail: (s) => {
      addBucket(s, bucket('b', { encryption: absent('ServerSideEncryptionConfigurationNotFoundError') }));
    },
    pass: (s) => {
      addBucket(
        s,
        bucket('b', { encryption: ok([{ algorithm: 'AES256', blockedEncryptionTypes: ['SSE-C'] }]), logging: ok({ targetBucket: 'b2' }) }),
      );
      addBucket(s, bucket('b2', { encryption: ok([{ algorithm: 'AES256', blockedEncryptionTypes: ['SSE-C'] }]) }));
    },
  },
  {
    id: 's3.bucket-default-encryption-not-kms',
    severity: 'low',
    fail: (s) => {
      addBucket(s, bucket('b', { encryption: ok([{ algorithm: 'AES256', blockedEncryptionTypes: ['SSE-C'] }]) }));
    },
    pass: (s) => {
      addBucket(s, bucket('b', { encryption: ok([{ algorithm: 'aws:kms:dsse', blockedEncryptionTypes: ['SSE-C'] }]) }));
    },
  },
  {
    id: 's3.bucket-sse-c-allowed',
    severity: 'low',
    fail: (s) => {
      addBucket(s, bucket('b', { encryption: ok([{ algorithm: 'aws:kms' }]) }));
    },
    pass: (s) => {
      addBucket(s, bucket('b'));
    },
  },
  {
    id: 's3.bucket-versioning-disabled',
    severity: 'medium',
    fail: (s) => {
      addBucket(s, bucket('b', { versioning: ok({ status: 'Suspended' }) }));
    },
    pass: (s) => {
      addBucket(s, bucket('b'));
    },
  },
  {
    id: 's3.bucket-mfa-delete-disabled',
    severity: 'low',
    fail: (s) => {
      addBucket(s, bucket('b', { versioning: ok({ status: 'Enabled', mfaDelete: 'Disabled' }) }));
    },
    pass: (s) => {
      addBucket(s, bucket('b'));
    },
  },
  {
    id: 's3.bucket-object-lock-disabled',
    severity: 'medium', // backup bucket -> medium
    fail: (s) => {
      addBucket(s, bucket('nightly-backups', { objectLock: absent('ObjectLockConfigurationNotFoundError') }));
    },
    pass: (s) => {
      addBucket(s, bucket('b'));
    },
  },
  {
    id: 's3.bucket-logs-into-itself',
    severity: 'low',
    fail: (s) => {
      addBucket(s, bucket('loop', { logging: ok({ targetBucket: 'loop' }) }));
    },
    pass: (s) => {
      addBucket(s, bucket('loop', { logging: ok({ targetBucket: 'logs' }) }));
    },
  },
  {
    id: 's3.bucket-access-logging-disabled',
    severity: 'low',
    fail: (s) => {
      addBucket(s, bucket('b', { logging: ok({}) }));
    },
    pass: (s) => {
      addBucket(s, bucket('b', { logging: ok({ targetBucket: 'logs' }) }));
      addBucket(s, bucket('logs', { logging: ok({}) }));
    },
  },
  {
    id: 's3.mrap-bpa-disabled',
    severity: 'medium',
    fail: (s) => {
      s.s3.multiRegionAccessPoints = ok([
        {
          name: 'global',
          buckets: ['a', 'b'],
          publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: false },
        },
      ]);
    },
    pass: (s) => {
      s.s3.multiRegionAccessPoints = ok([
        {
          name: 'global',
          buckets: ['a'],
          publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true },
        },
      ]);
    },
  },
  {
    id: 's3.directory-bucket-lifecycle-missing',
    severity: 'low',
    // Fails: a bucket with no configuration, and one whose only rule is disabled.
    failCount: 2,
    fail: (s) => {
      s.s3.directoryBuckets = {
        'us-east-1': ok([
          directoryBucket('scratch--use1-az4--x-s3', absent('NoSuchLifecycleConfiguration')),
          directoryBucket('paused--use1-az4--x-s3', ok([{ ...EXPIRE, status: 'Disabled' }])),
        ]),
      };
    },
    // Look-alike: a disabled rule beside an enabled one still gives the bucket a lifecycle.
    pass: (s) => {
      s.s3.directoryBuckets = {
        'us-east-1': ok([directoryBucket('scratch--use1-az4--x-s3', ok([{ ...EXPIRE, status: 'Disabled' }, EXPIRE]))]),
      };
    },
  },
];

const EXPIRE = {
  id: 'expire',
  status: 'Enabled',
  expiration: true,
  transition: false,
  noncurrentExpiration: false,
  noncurrentTransition: false,
};
function directoryBucket(name: string, lifecycle: Fetch<LifecycleRule[]>): DirectoryBucket {
  return { name, arn: `arn:aws:s3express:us-east-1:${ACCT}:bucket/${name}`, region: 'us-east-1', zoneId: 'use1-az4', lifecycle };
}
