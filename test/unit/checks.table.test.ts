// Every check: one inventory that must fail it (with the expected severity) and one
// look-alike that must pass it. The last test fails if a check has no entry here.

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Severity } from '../../src/model/findings.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  absent,
  ACCT,
  addBucket,
  addGroup,
  addInstance,
  addPolicy,
  addRole,
  addSg,
  addUser,
  ADMIN_ARN,
  bucket,
  daysAgo,
  doc,
  emptySnapshot,
  key,
  ok,
  perm,
  region,
  rootRow,
  world,
} from '../helpers/builder.js';

/** A clean account: no check may fail on it. */
export function clean(): Snapshot {
  const s = emptySnapshot();
  addRole(s, 'support', {
    attached: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }],
    trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }),
  });
  addPolicy(s, 'AWSSupportAccess', doc({ Effect: 'Allow', Action: ['support:*'], Resource: '*' }), {
    arn: 'arn:aws:iam::aws:policy/AWSSupportAccess',
    awsManaged: true,
  });
  return s;
}

interface Case {
  id: string;
  fail: (s: Snapshot) => void;
  severity: Severity;
  pass: (s: Snapshot) => void;
  failCount?: number;
}

const adminRole = (s: Snapshot) =>
  addRole(s, 'web-admin', {
    attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
    instanceProfiles: [{ name: 'web-admin', arn: `arn:aws:iam::${ACCT}:instance-profile/web-admin` }],
  });
const rootCr = (s: Snapshot, over: Parameters<typeof rootRow>[0]) => {
  if (s.iam.credentialReport.state === 'ok') s.iam.credentialReport.value.rows[0] = rootRow(over);
};
const publicPolicy = (name: string, extra: Record<string, unknown> = {}) =>
  ok(doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*`, ...extra }));
const openBpa = ok({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false });
const acctBpaOff = (s: Snapshot) => {
  s.s3.accountPublicAccessBlock = absent('NoSuchPublicAccessBlockConfiguration');
};

const CASES: Case[] = [
  // ------------------------------------------------------------------ EC2
  {
    id: 'ec2.sg-ingress-all-traffic-internet',
    severity: 'critical',
    fail: (s) => {
      addSg(s, 'sg-a', [perm({ protocol: '-1', ipv4: [{ cidr: '0.0.0.0/0' }] })]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [perm({ protocol: '-1', ipv4: [{ cidr: '10.0.0.0/8' }] })]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-ssh-open-internet',
    severity: 'critical',
    fail: (s) => {
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(443), world(80), perm({ fromPort: 22, toPort: 22, ipv4: [{ cidr: '198.51.100.0/24' }] })]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-rdp-open-internet',
    severity: 'medium', // split halves add up to the Internet; unattached -> downgraded
    fail: (s) => {
      addSg(s, 'sg-a', [
        perm({ fromPort: 3389, toPort: 3389, ipv4: [{ cidr: '0.0.0.0/1' }] }),
        perm({ fromPort: 3000, toPort: 4000, ipv4: [{ cidr: '128.0.0.0/1' }] }),
      ]);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 3389, toPort: 3389, ipv4: [{ cidr: '0.0.0.0/1' }] })]);
    },
  },
  {
    id: 'ec2.sg-high-risk-port-open-internet',
    severity: 'high',
    fail: (s) => {
      addSg(s, 'sg-a', [world(8080)]);
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(8443)]);
    },
  },
  {
    id: 'ec2.sg-datastore-port-open-internet',
    severity: 'high',
    fail: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 5432, toPort: 5432, ipv6: [{ cidr: '::/0' }] })]);
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-a', [
        perm({ fromPort: 5432, toPort: 5432, groups: [{ groupId: 'sg-web' }] }),
        perm({ fromPort: 5432, toPort: 5432, ipv6: [{ cidr: 'fd00::/8' }] }),
      ]);
    },
  },
  {
    id: 'ec2.sg-file-share-port-open-internet',
    severity: 'critical',
    fail: (s) => {
      addSg(s, 'sg-a', [world(440, 450)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(443)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-remote-mgmt-port-open-internet',
    severity: 'medium',
    fail: (s) => {
      addSg(s, 'sg-a', [world(53, 53, 'udp')]);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(123, 123, 'udp')]);
    },
  },
  {
    id: 'ec2.sg-unauthorized-port-open-internet',
    severity: 'high',
    fail: (s) => {
      addSg(s, 'sg-a', [world(9000, 9010)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(443), world(80)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-default-has-rules',
    severity: 'medium',
    fail: (s) => {
      addSg(s, 'sg-d', [perm({ protocol: '-1', groups: [{ groupId: 'sg-d' }] })], { name: 'default' });
    },
    pass: (s) => {
      addSg(s, 'sg-d', [], { name: 'default' });
      addSg(s, 'sg-x', [perm({ protocol: '-1', groups: [{ groupId: 'sg-x' }] })], { name: 'not-default' });
      addInstance(s, 'i-x', ['sg-x'], {}, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.sg-default-in-use',
    severity: 'low',
    fail: (s) => {
      addSg(s, 'sg-d', [], { name: 'default' });
      addInstance(s, 'i-a', ['sg-d'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-d', [], { name: 'default' });
    },
  },
  {
    id: 'ec2.sg-unused',
    severity: 'info',
    fail: (s) => {
      addSg(s, 'sg-a', []);
    },
    pass: (s) => {
      addSg(s, 'sg-a', []);
      addSg(s, 'sg-b', [perm({ fromPort: 1, toPort: 1, groups: [{ groupId: 'sg-a' }] })]);
      addInstance(s, 'i-b', ['sg-b'], {}, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.sg-launch-wizard',
    severity: 'low',
    fail: (s) => {
      addSg(s, 'sg-a', [], { name: 'launch-wizard-3' });
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-a', [], { name: 'my-launch-wizard-notes' });
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.eni-internet-exposed',
    severity: 'critical',
    fail: (s) => {
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a'], { subnetId: 'subnet-priv' }, { subnetId: 'subnet-priv' });
    },
  }, // no IGW route
  {
    id: 'ec2.instance-public-ip',
    severity: 'medium',
    fail: (s) => {
      addInstance(s, 'i-a', []);
    },
    pass: (s) => {
      addInstance(s, 'i-a', [], { publicIp: undefined }, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.instance-imdsv1-allowed',
    severity: 'critical',
    fail: (s) => {
      adminRole(s);
      addSg(s, 'sg-a', [world(443)]);
      addInstance(s, 'i-a', ['sg-a'], {
        metadataHttpTokens: 'optional',
        instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web-admin`,
      });
    },
    pass: (s) => {
      addInstance(
        s,
        'i-a',
        [],
        { metadataHttpTokens: 'optional', metadataHttpEndpoint: 'disabled', publicIp: undefined },
        { publicIp: undefined },
      );
    },
  },
  {
    id: 'ec2.instance-no-instance-profile',
    severity: 'low',
    fail: (s) => {
      addInstance(s, 'i-a', [], { publicIp: undefined }, { publicIp: undefined });
    },
    pass: (s) => {
      addInstance(s, 'i-a', [], { publicIp: undefined, state: 'terminated' }, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.attack-path-internet-to-role',
    severity: 'critical',
    fail: (s) => {
      adminRole(s);
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a'], { instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web-admin` });
    },
    pass: (s) => {
      // Same exposure, but the role only reads one bucket.
      addRole(s, 'web', {
        inline: [{ name: 'read', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::web/*' }) }],
        instanceProfiles: [{ name: 'web', arn: `arn:aws:iam::${ACCT}:instance-profile/web` }],
      });
      addSg(s, 'sg-a', [world(22)]);
      addInstance(s, 'i-a', ['sg-a'], { instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web` });
    },
  },
  {
    id: 'ec2.instance-profile-privileged',
    severity: 'critical',
    fail: (s) => {
      adminRole(s);
      addSg(s, 'sg-a', [world(443)]);
      addInstance(s, 'i-a', ['sg-a'], { instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web-admin` });
    },
    pass: (s) => {
      addRole(s, 'web', {
        inline: [{ name: 'read', document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::web/*' }) }],
        instanceProfiles: [{ name: 'web', arn: `arn:aws:iam::${ACCT}:instance-profile/web` }],
      });
      addInstance(s, 'i-a', [], { instanceProfileArn: `arn:aws:iam::${ACCT}:instance-profile/web` });
    },
  },
  {
    id: 'ec2.sg-broad-public-cidr',
    severity: 'high',
    fail: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 22, toPort: 22, ipv4: [{ cidr: '52.0.0.0/6' }] })]);
    },
    pass: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 22, toPort: 22, ipv4: [{ cidr: '203.0.113.0/24' }, { cidr: '10.0.0.0/8' }] }), world(443)]);
      addInstance(s, 'i-a', ['sg-a']);
    },
  },
  {
    id: 'ec2.sg-cross-account-reference',
    severity: 'info',
    fail: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 5432, toPort: 5432, groups: [{ groupId: 'sg-theirs', userId: '444455556666' }] })]);
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
    pass: (s) => {
      addSg(s, 'sg-a', [perm({ fromPort: 5432, toPort: 5432, groups: [{ groupId: 'sg-ours', userId: ACCT }] })]);
      addInstance(s, 'i-a', ['sg-a'], {}, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.subnet-auto-assign-public-ip',
    severity: 'low',
    fail: (s) => {
      region(s).subnets = ok([
        { id: 'subnet-x', vpcId: 'vpc-1', mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: true, defaultForAz: false },
      ]);
    },
    pass: (s) => {
      region(s).subnets = ok([
        { id: 'subnet-x', vpcId: 'vpc-1', mapPublicIpOnLaunch: false, assignIpv6AddressOnCreation: false, defaultForAz: true },
      ]);
    },
  },
  {
    id: 'ec2.vpc-default-in-use',
    severity: 'low',
    fail: (s) => {
      region(s).vpcs = ok([{ id: 'vpc-1', isDefault: true }]);
      addInstance(s, 'i-a', [], { publicIp: undefined }, { publicIp: undefined });
    },
    pass: (s) => {
      region(s).vpcs = ok([
        { id: 'vpc-1', isDefault: false },
        { id: 'vpc-default', isDefault: true },
      ]);
      addInstance(s, 'i-a', [], { publicIp: undefined }, { publicIp: undefined });
    },
  },
  {
    id: 'ec2.nacl-admin-ports-open',
    severity: 'medium',
    fail: (s) => {
      region(s).networkAcls = ok([
        {
          id: 'acl-1',
          vpcId: 'vpc-1',
          isDefault: true,
          subnetIds: ['subnet-pub'],
          entries: [
            { ruleNumber: 100, egress: false, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
            { ruleNumber: 32767, egress: false, action: 'deny', protocol: '-1', cidr: '0.0.0.0/0' },
          ],
        },
      ]);
    },
    pass: (s) => {
      region(s).networkAcls = ok([
        {
          id: 'acl-1',
          vpcId: 'vpc-1',
          isDefault: false,
          subnetIds: ['subnet-pub'],
          entries: [
            { ruleNumber: 50, egress: false, action: 'deny', protocol: '6', cidr: '0.0.0.0/0', fromPort: 0, toPort: 5000 },
            { ruleNumber: 60, egress: false, action: 'deny', protocol: '-1', ipv6Cidr: '::/0' },
            { ruleNumber: 100, egress: false, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
            { ruleNumber: 100, egress: true, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
          ],
        },
      ]);
    },
  },
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
  // ------------------------------------------------------------------ IAM: root and password policy
  {
    id: 'iam.root-access-key',
    severity: 'critical',
    fail: (s) => rootCr(s, { accessKeys: [key(true, daysAgo(400), daysAgo(2)), key(false)] }),
    pass: (s) => rootCr(s, { accessKeys: [key(false), key(false)] }),
  },
  {
    id: 'iam.root-mfa-disabled',
    severity: 'critical',
    fail: (s) => {
      s.iam.accountSummary = ok({ AccountMFAEnabled: 0 });
      rootCr(s, { mfaActive: false, passwordLastUsed: daysAgo(100) });
    },
    pass: (s) => {
      s.iam.accountSummary = ok({ AccountMFAEnabled: 0, AccountPasswordPresent: 0, AccountAccessKeysPresent: 0 });
      rootCr(s, { mfaActive: false, passwordLastUsed: null });
    },
  }, // centralised root: no credentials
  {
    id: 'iam.root-virtual-mfa-only',
    severity: 'medium',
    fail: (s) => {
      s.iam.virtualMfaDevices = ok([
        { serialNumber: `arn:aws:iam::${ACCT}:mfa/root-account-mfa-device`, userArn: `arn:aws:iam::${ACCT}:root` },
      ]);
    },
    pass: (s) => {
      s.iam.virtualMfaDevices = ok([{ serialNumber: `arn:aws:iam::${ACCT}:mfa/alice`, userArn: `arn:aws:iam::${ACCT}:user/alice` }]);
    },
  },
  {
    id: 'iam.root-recently-used',
    severity: 'medium',
    fail: (s) => rootCr(s, { passwordLastUsed: daysAgo(3) }),
    pass: (s) => rootCr(s, { passwordLastUsed: daysAgo(60) }),
  },
  {
    id: 'iam.root-signing-certificate',
    severity: 'medium',
    fail: (s) =>
      rootCr(s, {
        certs: [
          { active: true, lastRotated: null },
          { active: false, lastRotated: null },
        ],
      }),
    pass: (s) =>
      rootCr(s, {
        certs: [
          { active: false, lastRotated: daysAgo(5) },
          { active: false, lastRotated: null },
        ],
      }),
  },
  {
    id: 'iam.password-policy-missing',
    severity: 'medium',
    fail: (s) => {
      s.iam.passwordPolicy = absent('NoSuchEntity');
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
  },
  {
    id: 'iam.password-policy-min-length',
    severity: 'info', // no console users -> info
    fail: (s) => {
      s.iam.passwordPolicy = ok({
        minimumPasswordLength: 12,
        passwordReusePrevention: 24,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
      });
    },
    pass: (s) => {
      s.iam.passwordPolicy = ok({
        minimumPasswordLength: 20,
        passwordReusePrevention: 24,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
      });
    },
  },
  {
    id: 'iam.password-policy-reuse',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
      s.iam.passwordPolicy = ok({
        minimumPasswordLength: 14,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
      });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
  },
  {
    id: 'iam.password-policy-complexity',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
      s.iam.passwordPolicy = ok({
        minimumPasswordLength: 14,
        passwordReusePrevention: 24,
        requireSymbols: false,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
      });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
  },
  {
    id: 'iam.password-policy-expiry',
    severity: 'info',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
      s.iam.passwordPolicy = ok({
        minimumPasswordLength: 14,
        passwordReusePrevention: 24,
        requireSymbols: true,
        requireNumbers: true,
        requireUppercaseCharacters: true,
        requireLowercaseCharacters: true,
        expirePasswords: true,
        maxPasswordAge: 365,
      });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
  },
  {
    id: 'iam.server-certificate-expired',
    severity: 'low',
    fail: (s) => {
      s.iam.serverCertificates = ok([{ name: 'old-www', expiration: daysAgo(3) }]);
    },
    pass: (s) => {
      s.iam.serverCertificates = ok([{ name: 'www', expiration: daysAgo(-200) }]);
    },
  },
  {
    id: 'iam.federation-not-used',
    severity: 'info',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true });
    },
    pass: (s) => {
      addUser(s, 'ci', {}, { passwordEnabled: false });
      s.iam.samlProviders = ok([`arn:aws:iam::${ACCT}:saml-provider/okta`]);
    },
  },
  // ------------------------------------------------------------------ IAM: users
  {
    id: 'iam.user-console-no-mfa',
    severity: 'critical', // admin user: T13
    fail: (s) => {
      addUser(s, 'alice', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] }, { passwordEnabled: true, mfaActive: false });
    },
    pass: (s) => {
      addUser(s, 'bot', {}, { passwordEnabled: false, mfaActive: false });
    },
  },
  {
    id: 'iam.user-no-mfa',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'bot', {}, { mfaActive: false });
    },
    pass: (s) => {
      addUser(s, 'bot', {}, { mfaActive: true });
    },
  },
  {
    id: 'iam.user-key-created-at-setup',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true, accessKeys: [key(true, daysAgo(5), null), key(false)] });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true, accessKeys: [key(true, daysAgo(5), daysAgo(1)), key(false)] });
    },
  },
  {
    id: 'iam.user-password-unused',
    severity: 'medium',
    fail: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true, passwordLastUsed: daysAgo(50) });
    },
    pass: (s) => {
      addUser(s, 'u', {}, { passwordEnabled: true, passwordLastUsed: null, passwordLastChanged: daysAgo(20) });
    },
  },
  {
    id: 'iam.user-access-key-unused',
    severity: 'critical', // admin with an old unused key: T14
    fail: (s) => {
      addUser(
        s,
        'ci',
        { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] },
        { accessKeys: [key(true, daysAgo(200), daysAgo(100)), key(false)] },
      );
    },
    pass: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(200), daysAgo(1)), key(false, daysAgo(300), null)] });
    },
  },
  {
    id: 'iam.user-two-active-keys',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(2), daysAgo(1)), key(true, daysAgo(1), daysAgo(1))] });
    },
    pass: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(2), daysAgo(1)), key(false, daysAgo(1), null)] });
    },
  },
  {
    id: 'iam.user-access-key-not-rotated',
    severity: 'medium',
    fail: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(120), daysAgo(1)), key(false)] });
    },
    pass: (s) => {
      addUser(s, 'ci', {}, { accessKeys: [key(true, daysAgo(30), daysAgo(1)), key(false, daysAgo(400), null)] });
    },
  },
  {
    id: 'iam.user-direct-policies',
    severity: 'low',
    fail: (s) => {
      addUser(s, 'u', { inline: [{ name: 'x', document: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }) }] });
    },
    pass: (s) => {
      addGroup(s, 'readers', ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
      addUser(s, 'u', { groups: ['readers'] });
    },
  },
  // ------------------------------------------------------------------ IAM: policies and principals
  {
    id: 'iam.policy-admin-customer-managed',
    severity: 'high',
    fail: (s) => {
      addPolicy(s, 'everything-but', doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }));
    },
    pass: (s) => {
      addPolicy(s, 'neg', doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }));
      addPolicy(s, 'bnd', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), { attachmentCount: 0, boundaryUsageCount: 2 });
    },
  },
  {
    id: 'iam.policy-admin-inline',
    severity: 'high',
    fail: (s) => {
      addRole(s, 'r', { inline: [{ name: 'god', document: doc({ Effect: 'Allow', Action: '*:*', Resource: ['*'] }) }] });
    },
    pass: (s) => {
      addRole(s, 'r', { inline: [{ name: 'scoped', document: doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::b/*' }) }] });
    },
  },
  {
    id: 'iam.aws-admin-policy-attached',
    severity: 'high',
    fail: (s) => {
      addGroup(s, 'admins', [ADMIN_ARN]);
      addUser(s, 'alice', { groups: ['admins'] });
    },
    pass: (s) => {
      addUser(s, 'carol', {
        attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
        inline: [{ name: 'deny', document: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) }],
      });
    },
  },
  {
    id: 'iam.principal-admin',
    severity: 'high',
    fail: (s) => {
      addPolicy(s, 'team-all', doc({ Effect: 'Allow', Action: '*', Resource: '*' }));
      addGroup(s, 'team', [`arn:aws:iam::${ACCT}:policy/team-all`]);
      addUser(s, 'lead', { groups: ['team'] }, { passwordEnabled: true, mfaActive: true });
    },
    pass: (s) => {
      // Admin through AdministratorAccess is iam.aws-admin-policy-attached's; a Deny takes the rest away.
      addUser(s, 'ops', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] });
      addUser(s, 'carol', {
        inline: [
          { name: 'p', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }) },
        ],
      });
    },
  },
  {
    id: 'iam.principal-reaches-admin',
    severity: 'high', // role without outside reach
    fail: (s) => {
      // ci-deploy may pass only the admin role, and launch EC2 instances: it reaches admin.
      addRole(s, 'ops-admin', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] });
      addRole(s, 'ci-deploy', {
        trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        inline: [
          {
            name: 'p',
            document: doc(
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCT}:role/ops-admin` },
              { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
            ),
          },
        ],
      });
    },
    pass: (s) => {
      // The same grant on a harmless role reaches nothing.
      addRole(s, 'ops-admin', { attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }] });
      addRole(s, 'app', {});
      addRole(s, 'ci-deploy', {
        trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }),
        inline: [
          {
            name: 'p',
            document: doc(
              { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCT}:role/app` },
              { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
            ),
          },
        ],
      });
    },
    failCount: 1,
  },
  {
    id: 'iam.group-grants-admin',
    severity: 'medium', // no members
    fail: (s) => {
      addGroup(s, 'break-glass', [ADMIN_ARN]);
    },
    pass: (s) => {
      addGroup(s, 'readers', [], [{ name: 'r', document: doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }) }]);
    },
  },
  {
    id: 'iam.principal-privilege-escalation',
    severity: 'critical', // user with an active key
    fail: (s) => {
      addUser(
        s,
        'bob',
        { inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: ['iam:Put*'], Resource: '*' }) }] },
        { accessKeys: [key(true, daysAgo(3), daysAgo(1)), key(false)] },
      );
    },
    pass: (s) => {
      addUser(s, 'bob', {
        inline: [
          {
            name: 'p',
            document: doc({
              Effect: 'Allow',
              Action: ['iam:PassRole', 'ec2:RunInstances'],
              Resource: 'arn:aws:iam::111122223333:role/worker',
            }),
          },
        ],
      });
      addRole(s, 'bounded', {
        permissionsBoundaryArn: `arn:aws:iam::${ACCT}:policy/bnd`,
        inline: [{ name: 'p', document: doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }) }],
      });
      addPolicy(s, 'bnd', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }), { attachmentCount: 0, boundaryUsageCount: 1 });
    },
  },
  {
    id: 'iam.policy-passrole-unrestricted',
    severity: 'medium',
    fail: (s) => {
      addPolicy(s, 'p', doc({ Effect: 'Allow', Action: 'iam:Pass*', Resource: '*' }));
    },
    pass: (s) => {
      addPolicy(
        s,
        'p',
        doc({
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: '*',
          Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
        }),
      );
    },
  },
  {
    id: 'iam.policy-assumerole-unrestricted',
    severity: 'medium',
    fail: (s) => {
      addUser(s, 'u', { inline: [{ name: 'hop', document: doc({ Effect: 'Allow', Action: 'sts:*', Resource: '*' }) }] });
    },
    pass: (s) => {
      addUser(s, 'u', {
        inline: [
          { name: 'hop', document: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${ACCT}:role/deploy` }) },
        ],
      });
    },
  },
  {
    id: 'iam.inline-policy-in-use',
    severity: 'info',
    fail: (s) => {
      addGroup(s, 'g', [], [{ name: 'x', document: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }) }]);
    },
    pass: (s) => {
      addRole(s, 'AWSServiceRoleForX', { path: '/aws-service-role/x.amazonaws.com/', inline: [{ name: 'x', document: doc() }] });
    },
  },
  {
    id: 'iam.policy-data-read-unrestricted',
    severity: 'medium',
    fail: (s) => {
      addPolicy(
        s,
        'reader',
        doc(
          { Effect: 'Allow', Action: ['s3:Get*'], Resource: 'arn:aws:s3:::*/*' },
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' },
        ),
      );
    },
    pass: (s) => {
      addPolicy(
        s,
        'reader',
        doc(
          { Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'web' } } },
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:eu-west-1:${ACCT}:secret:app-*` },
        ),
      );
    },
  },
  {
    id: 'iam.policy-resource-exposure-unrestricted',
    severity: 'medium',
    fail: (s) => {
      addPolicy(s, 'netops', doc({ Effect: 'Allow', Action: 'ec2:AuthorizeSecurityGroup*', Resource: '*' }));
    },
    pass: (s) => {
      addPolicy(
        s,
        'netops',
        doc({
          Effect: 'Allow',
          Action: 'ec2:AuthorizeSecurityGroupIngress',
          Resource: `arn:aws:ec2:eu-west-1:${ACCT}:security-group/sg-1`,
        }),
      );
    },
  },
  {
    id: 'iam.policy-service-wildcard',
    severity: 'medium',
    fail: (s) => {
      addPolicy(s, 'kms-all', doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }));
    },
    pass: (s) => {
      addPolicy(s, 'kms-read', doc({ Effect: 'Allow', Action: ['kms:Describe*', 'kms:List*'], Resource: '*' }));
      // A service wildcard on one key is not full access to the service.
      addPolicy(s, 'kms-one-key', doc({ Effect: 'Allow', Action: 'kms:*', Resource: `arn:aws:kms:eu-west-1:${ACCT}:key/k` }));
    },
  },
  {
    id: 'iam.cloudshell-full-access',
    severity: 'medium',
    fail: (s) => {
      addUser(s, 'u', { attached: [{ name: 'AWSCloudShellFullAccess', arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess' }] });
      addPolicy(s, 'AWSCloudShellFullAccess', doc({ Effect: 'Allow', Action: 'cloudshell:*', Resource: '*' }), {
        arn: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess',
        awsManaged: true,
      });
    },
    pass: (s) => {
      addUser(s, 'u');
    },
  },
  {
    id: 'iam.role-trust-service-no-source-condition',
    severity: 'low',
    fail: (s) => {
      addRole(s, 'r', {
        trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      });
    },
    pass: (s) => {
      addRole(s, 'r', {
        trustPolicy: doc({
          Effect: 'Allow',
          Principal: { Service: ['cloudtrail.amazonaws.com', 'lambda.amazonaws.com'] },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': ACCT } },
        }),
      });
    },
  },
  {
    id: 'iam.role-trust-public',
    severity: 'critical',
    fail: (s) => {
      addRole(s, 'r', { trustPolicy: doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }) });
    },
    pass: (s) => {
      addRole(s, 'r', {
        trustPolicy: doc(
          { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:GetCallerIdentity' },
          { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole' },
        ),
      });
    },
  },
  {
    id: 'iam.role-trust-cross-account-unconditioned',
    severity: 'high', // role is admin
    fail: (s) => {
      addRole(s, 'r', {
        attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
        trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: ['444455556666'] }, Action: 'sts:AssumeRole' }),
      });
    },
    pass: (s) => {
      addRole(s, 'r', {
        trustPolicy: doc({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::444455556666:role/x' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'abc' } },
        }),
      });
    },
  },
  {
    id: 'iam.role-trust-oidc-unscoped',
    severity: 'critical',
    fail: (s) => {
      addRole(s, 'gh', {
        trustPolicy: doc({
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:*' } },
        }),
      });
    },
    pass: (s) => {
      addRole(s, 'gh', {
        trustPolicy: doc({
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:acme/app:*' } },
        }),
      });
    },
  },
  {
    id: 'iam.support-role-missing',
    severity: 'low',
    fail: (s) => {
      if (s.iam.authorizationDetails.state === 'ok') s.iam.authorizationDetails.value.roles = [];
      addGroup(s, 'support', ['arn:aws:iam::aws:policy/AWSSupportAccess']);
    },
    pass: () => {},
  },
  {
    id: 'iam.role-unused',
    severity: 'low',
    fail: (s) => {
      addRole(s, 'old', { createDate: daysAgo(400), lastUsedDate: undefined });
    },
    pass: (s) => {
      addRole(s, 'old', { createDate: daysAgo(400), lastUsedDate: daysAgo(10) });
      addRole(s, 'svc', { path: '/aws-service-role/x/', createDate: daysAgo(400), lastUsedDate: undefined });
    },
  },
];

function findingsFor(s: Snapshot, id: string) {
  const r = evaluate(s, CHECKS, { generatedAt: '2026-11-01T00:00:00Z' });
  return { own: r.findings.filter((f) => f.checkId === id), report: r };
}

describe('clean account', () => {
  it('yields no findings and no not-assessed results', () => {
    const r = evaluate(clean(), CHECKS);
    expect(r.findings.map((f) => `${f.checkId} ${f.resource.name}`)).toEqual([]);
    expect(r.notAssessed).toEqual([]);
  });
});

describe.each(CASES)('$id', (c) => {
  it('fails on the planted misconfiguration with the expected severity', () => {
    const s = clean();
    c.fail(s);
    const { own } = findingsFor(s, c.id);
    expect(own.length).toBe(c.failCount ?? 1);
    expect(own[0]!.severity).toBe(c.severity);
    expect(own[0]!.duties.length).toBeGreaterThan(0);
  });
  it('passes on the look-alike', () => {
    const s = clean();
    c.pass(s);
    const { own, report } = findingsFor(s, c.id);
    expect(own).toEqual([]);
    expect(report.notAssessed.filter((n) => n.checkId === c.id)).toEqual([]);
  });
});

describe('catalogue coverage', () => {
  it('every registered check has a fixture case', () => {
    expect(CHECKS.map((c) => c.id).filter((id) => !CASES.some((x) => x.id === id))).toEqual([]);
  });
});
