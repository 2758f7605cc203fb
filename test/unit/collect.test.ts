import {
  DescribeInstancesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeFlowLogsCommand,
  DescribeVpcEndpointsCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  GenerateCredentialReportCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetAccountAuthorizationDetailsCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  ListServerCertificatesCommand,
  ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketReplicationCommand,
  ListBucketsCommand,
  ListDirectoryBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetAccessPointCommand,
  GetPublicAccessBlockCommand as GetAccountPab,
  ListAccessPointsCommand,
  ListMultiRegionAccessPointsCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { AwsClients } from '../../src/collect/clients.js';
import { collectEc2Region, stoppedAt } from '../../src/collect/ec2.js';
import { classify, ErrorLog } from '../../src/collect/errors.js';
import { collectIam, decodePolicyDocument, parseCredentialReport } from '../../src/collect/iam.js';
import { collectS3, locationToRegion } from '../../src/collect/s3.js';
import { collectDirectoryBuckets, directoryBucketRegions } from '../../src/collect/s3-directory.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { emptySnapshot } from '../helpers/builder.js';

const sdkError = (name: string, status = 400) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });
const clients = () => new AwsClients({ homeRegion: 'us-east-1', maxAttempts: 1 });

const ec2Mock = mockClient(EC2Client);
const s3Mock = mockClient(S3Client);
const s3cMock = mockClient(S3ControlClient);
const iamMock = mockClient(IAMClient);
afterEach(() => {
  ec2Mock.reset();
  s3Mock.reset();
  s3cMock.reset();
  iamMock.reset();
});

describe('EC2 collector', () => {
  it('follows pagination and normalises security groups', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({
        SecurityGroups: [
          {
            GroupId: 'sg-1',
            GroupName: 'a',
            IpPermissions: [{ IpProtocol: 'TCP', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
          },
        ],
        NextToken: 't',
      })
      .resolvesOnce({
        SecurityGroups: [
          { GroupId: 'sg-2', GroupName: 'b', IpPermissionsEgress: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] },
          { GroupName: 'no-id' },
        ],
      });
    for (const c of [
      DescribeNetworkInterfacesCommand,
      DescribeInstancesCommand,
      DescribeVpcsCommand,
      DescribeSubnetsCommand,
      DescribeRouteTablesCommand,
      DescribeNetworkAclsCommand,
      DescribeManagedPrefixListsCommand,
      DescribeFlowLogsCommand,
      DescribeVpcEndpointsCommand,
      DescribeLaunchTemplateVersionsCommand,
      DescribeVpcBlockPublicAccessOptionsCommand,
    ])
      ec2Mock.on(c as never).resolves({});
    const log = new ErrorLog();
    const r = await collectEc2Region(clients(), 'eu-west-1', log);
    expect(ec2Mock.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(2);
    expect(r.securityGroups.state === 'ok' && r.securityGroups.value.map((g) => g.id)).toEqual(['sg-1', 'sg-2']);
    expect(r.securityGroups.state === 'ok' && r.securityGroups.value[0]!.ingress[0]!.protocol).toBe('tcp');
    expect(log.errors).toEqual([expect.objectContaining({ kind: 'invalid-data' })]);
  });

  it('reads the VPC settings the compliance checks need: default launch template versions, flow logs, endpoints, VPC BPA, stop times', async () => {
    ec2Mock.onAnyCommand().resolves({});
    ec2Mock.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [
        {
          LaunchTemplateId: 'lt-1',
          LaunchTemplateName: 'web',
          VersionNumber: 3,
          LaunchTemplateData: {
            NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true }],
            MetadataOptions: { HttpTokens: 'optional' },
          },
        },
      ],
    });
    ec2Mock
      .on(DescribeVpcBlockPublicAccessOptionsCommand)
      .resolves({ VpcBlockPublicAccessOptions: { InternetGatewayBlockMode: 'block-ingress' } });
    ec2Mock.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'vpc-1', FlowLogStatus: 'ACTIVE' }, {}] });
    ec2Mock.on(DescribeInstancesCommand).resolves({
      Reservations: [
        {
          Instances: [
            {
              InstanceId: 'i-1',
              State: { Name: 'stopped' },
              StateTransitionReason: 'User initiated (2026-10-01 08:30:00 GMT)',
              VirtualizationType: 'paravirtual',
            },
          ],
        },
      ],
    });
    const log = new ErrorLog();
    const r = await collectEc2Region(clients(), 'eu-west-1', log);
    expect(ec2Mock.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]!.args[0].input).toMatchObject({ Versions: ['$Default'] });
    expect(r.launchTemplates).toEqual({
      state: 'ok',
      value: [
        { id: 'lt-1', name: 'web', version: 3, interfaces: [{ deviceIndex: 0, associatePublicIp: true }], metadataHttpTokens: 'optional' },
      ],
    });
    expect(r.vpcBlockPublicAccess).toEqual({ state: 'ok', value: { internetGatewayBlockMode: 'block-ingress' } });
    expect(r.flowLogs).toMatchObject({ state: 'ok', value: [{ id: 'fl-1', resourceId: 'vpc-1', status: 'ACTIVE' }] });
    expect(r.instances).toMatchObject({
      state: 'ok',
      value: [{ id: 'i-1', stoppedAt: '2026-10-01T08:30:00.000Z', virtualizationType: 'paravirtual' }],
    });
    expect(stoppedAt('Server.ScheduledStop')).toBeUndefined();
    expect(log.errors).toEqual([]);
  });

  it('records a denied call and turns dependent checks into "not assessed"', async () => {
    ec2Mock.onAnyCommand().resolves({});
    ec2Mock.on(DescribeSecurityGroupsCommand).rejects(sdkError('UnauthorizedOperation', 403));
    const log = new ErrorLog();
    const region = await collectEc2Region(clients(), 'eu-west-1', log);
    expect(region.securityGroups).toMatchObject({
      state: 'error',
      error: { kind: 'denied', code: 'UnauthorizedOperation', operation: 'DescribeSecurityGroups' },
    });
    const s = emptySnapshot();
    s.ec2 = { 'eu-west-1': region };
    s.errors = log.errors;
    const report = evaluate(s, CHECKS);
    const na = report.notAssessed.filter((n) => n.checkId === 'ec2.sg-ssh-open-internet');
    expect(na).toEqual([expect.objectContaining({ reason: expect.stringMatching(/DescribeSecurityGroups was denied/) })]);
    expect(report.findings.filter((f) => f.checkId === 'ec2.sg-ssh-open-internet')).toEqual([]);
    expect(report.scan.complete).toBe(false);
    expect(report.duties.find((d) => d.id === 'network')!.status).not.toBe('passing');
  });
});

describe('S3 collector', () => {
  it('maps "not configured" errors to absent, denials to errors, and goes to the bucket region', async () => {
    s3cMock.on(GetAccountPab).rejects(sdkError('NoSuchPublicAccessBlockConfiguration', 404));
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'b1', BucketRegion: 'eu-central-1' }] });
    s3Mock.on(GetBucketPolicyCommand).rejects(sdkError('NoSuchBucketPolicy', 404));
    s3Mock.on(GetBucketPolicyStatusCommand).rejects(sdkError('NoSuchBucketPolicy', 404));
    s3Mock.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true } });
    s3Mock.on(GetBucketAclCommand).rejects(sdkError('AccessDenied', 403));
    s3Mock.on(GetBucketOwnershipControlsCommand).rejects(sdkError('OwnershipControlsNotFoundError', 404));
    s3Mock.on(GetBucketEncryptionCommand).resolves({
      ServerSideEncryptionConfiguration: {
        Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BlockedEncryptionTypes: { EncryptionType: ['SSE-C'] } }],
      },
    });
    s3Mock.on(GetBucketVersioningCommand).resolves({});
    s3Mock.on(GetBucketLoggingCommand).resolves({});
    s3Mock.on(GetObjectLockConfigurationCommand).rejects(sdkError('ObjectLockConfigurationNotFoundError', 404));
    s3Mock
      .on(GetBucketLifecycleConfigurationCommand)
      .resolves({ Rules: [{ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] });
    s3Mock.on(GetBucketReplicationCommand).rejects(sdkError('ReplicationConfigurationNotFoundError', 404));
    s3cMock.on(ListAccessPointsCommand).resolves({ AccessPointList: [{ Name: 'ap1', Bucket: 'b1', NetworkOrigin: 'Internet' }] });
    s3cMock.on(GetAccessPointCommand).resolves({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: true,
      },
    });
    s3cMock
      .on(ListMultiRegionAccessPointsCommand)
      .resolvesOnce({
        AccessPoints: [{ Name: 'm1', Regions: [{ Bucket: 'b1' }], PublicAccessBlock: { BlockPublicAcls: true } }],
        NextToken: 'n',
      })
      .resolvesOnce({ AccessPoints: [{ Name: 'm2' }] });
    const log = new ErrorLog();
    const c = clients();
    const inv = await collectS3(c, '111122223333', 'aws', log);
    expect(inv.accountPublicAccessBlock).toEqual({ state: 'absent', code: 'NoSuchPublicAccessBlockConfiguration' });
    const b = inv.buckets.state === 'ok' ? inv.buckets.value[0]! : undefined;
    expect(b?.policy.state).toBe('absent');
    expect(b?.ownership.state).toBe('absent');
    expect(b?.acl).toMatchObject({ state: 'error', error: { kind: 'denied', resource: 'b1' } });
    expect(b?.encryption).toEqual({
      state: 'ok',
      value: [{ algorithm: 'AES256', kmsKeyId: undefined, bucketKeyEnabled: undefined, blockedEncryptionTypes: ['SSE-C'] }],
    });
    expect(b?.lifecycle).toEqual({
      state: 'ok',
      value: [
        { id: undefined, status: 'Enabled', expiration: false, transition: false, noncurrentExpiration: true, noncurrentTransition: false },
      ],
    });
    expect(b?.replication?.state).toBe('absent');
    expect(inv.accessPoints).toEqual({
      state: 'ok',
      value: [
        expect.objectContaining({
          name: 'ap1',
          region: 'eu-central-1',
          publicAccessBlock: { state: 'ok', value: expect.objectContaining({ blockPublicPolicy: false }) },
        }),
      ],
    });
    expect(s3cMock.commandCalls(ListAccessPointsCommand)[0]!.args[0].input).toEqual({ AccountId: '111122223333' });
    expect(inv.multiRegionAccessPoints).toEqual({
      state: 'ok',
      value: [
        {
          name: 'm1',
          alias: undefined,
          status: undefined,
          buckets: ['b1'],
          publicAccessBlock: { blockPublicAcls: true, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false },
        },
        { name: 'm2', alias: undefined, status: undefined, buckets: [] },
      ],
    });
    expect(log.errors.map((e) => e.operation)).toEqual(['GetBucketAcl']);
    expect(locationToRegion(undefined)).toBe('us-east-1');
    expect(locationToRegion('EU')).toBe('eu-west-1');
  });

  it('skips the calls an earlier answer decides, and counts them', async () => {
    s3cMock.onAnyCommand().resolves({});
    s3Mock.onAnyCommand().resolves({});
    s3Mock.on(ListBucketsCommand).resolves({
      Buckets: [
        { Name: 'plain', BucketRegion: 'us-east-1' },
        { Name: 'versioned', BucketRegion: 'us-east-1' },
      ],
    });
    s3Mock.on(GetBucketPolicyCommand).rejects(sdkError('NoSuchBucketPolicy', 404));
    s3Mock.on(GetBucketOwnershipControlsCommand).resolves({ OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } });
    s3Mock.on(GetBucketVersioningCommand, { Bucket: 'versioned' }).resolves({ Status: 'Suspended' });
    s3Mock.on(GetObjectLockConfigurationCommand).rejects(sdkError('ObjectLockConfigurationNotFoundError', 404));
    const log = new ErrorLog();
    const inv = await collectS3(clients(), '111122223333', 'aws', log);
    const [plain, versioned] = inv.buckets.state === 'ok' ? inv.buckets.value : [];
    const called = (cmd: { name: string }) =>
      s3Mock
        .calls()
        .filter((c) => c.args[0].constructor.name === cmd.name)
        .map((c) => (c.args[0].input as { Bucket?: string }).Bucket);
    expect(called(GetBucketPolicyStatusCommand)).toEqual([]);
    expect(called(GetBucketAclCommand)).toEqual([]);
    expect(called(GetObjectLockConfigurationCommand)).toEqual(['versioned']);
    expect(called(GetBucketReplicationCommand)).toEqual(['versioned']);
    expect(plain?.objectLock).toEqual({ state: 'absent', code: 'VersioningNeverEnabled' });
    expect(versioned?.objectLock.state).toBe('absent');
    expect(plain?.acl).toMatchObject({ state: 'ok', value: { grants: [], implied: expect.stringMatching(/BucketOwnerEnforced/) } });
    expect(log.skipped).toEqual([
      { operation: 's3:GetBucketAcl', reason: 'ACLs disabled (BucketOwnerEnforced)', count: 2 },
      { operation: 's3:GetBucketPolicyStatus', reason: 'bucket has no policy', count: 2 },
      { operation: 's3:GetBucketReplication', reason: 'versioning never enabled', count: 1 },
      { operation: 's3:GetObjectLockConfiguration', reason: 'versioning never enabled', count: 1 },
    ]);
    // At most 11 calls for any bucket; 7 for a new-style bucket.
    const perBucket = s3Mock.calls().filter((c) => (c.args[0].input as { Bucket?: string }).Bucket === 'plain').length;
    expect(perBucket).toBe(7);
  });

  it('refuses a bucket listing that stops at the cap without a continuation token', async () => {
    s3cMock.onAnyCommand().resolves({});
    s3Mock.onAnyCommand().resolves({});
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: Array.from({ length: 10_000 }, (_, i) => ({ Name: `b${i}` })) });
    const log = new ErrorLog();
    const inv = await collectS3(clients(), '111122223333', 'aws', log);
    expect(inv.buckets).toMatchObject({ state: 'error', error: { operation: 'ListBuckets', code: 'IncompleteListing' } });
  });

  it('records a malformed bucket policy as an error, not a pass', async () => {
    s3cMock.onAnyCommand().resolves({});
    s3Mock.onAnyCommand().resolves({});
    s3Mock.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'b1', BucketRegion: 'us-east-1' }] });
    s3Mock.on(GetBucketPolicyCommand).resolves({ Policy: '{"Statement": [' });
    const log = new ErrorLog();
    const inv = await collectS3(clients(), '111122223333', 'aws', log);
    const b = inv.buckets.state === 'ok' ? inv.buckets.value[0]! : undefined;
    expect(b?.policy).toMatchObject({ state: 'error', error: { code: 'InvalidPolicyDocument' } });
  });
});

describe('directory-bucket collector', () => {
  it('asks only regions that offer directory buckets, reads each lifecycle, and keeps a denied region as an error', async () => {
    const asked: string[] = [];
    s3Mock.on(ListDirectoryBucketsCommand).callsFake(async (_input, getClient) => {
      const region = await (getClient() as S3Client).config.region();
      asked.push(region);
      if (region === 'eu-north-1') throw sdkError('AccessDenied', 403);
      return { Buckets: [{ Name: 'scratch--use1-az4--x-s3' }, { Name: 'kept--use1-az5--x-s3' }] };
    });
    s3Mock
      .on(GetBucketLifecycleConfigurationCommand, { Bucket: 'scratch--use1-az4--x-s3' })
      .rejects(sdkError('NoSuchLifecycleConfiguration', 404));
    s3Mock.on(GetBucketLifecycleConfigurationCommand, { Bucket: 'kept--use1-az5--x-s3' }).resolves({
      Rules: [{ ID: 'expire', Status: 'Enabled', Expiration: { Days: 7 } }],
    });
    const log = new ErrorLog();
    const regions = directoryBucketRegions(['eu-north-1', 'eu-west-3', 'us-east-1'], false);
    expect(regions).toEqual(['eu-north-1', 'us-east-1']);
    const got = await collectDirectoryBuckets(clients(), regions, '111122223333', 'aws', log);
    expect(asked.sort()).toEqual(['eu-north-1', 'us-east-1']);
    expect(got['eu-north-1']).toMatchObject({
      state: 'error',
      error: { service: 's3express', operation: 'ListDirectoryBuckets', kind: 'denied' },
    });
    const buckets = got['us-east-1']!.state === 'ok' ? got['us-east-1']!.value : [];
    expect(buckets).toEqual([
      {
        name: 'scratch--use1-az4--x-s3',
        arn: 'arn:aws:s3express:us-east-1:111122223333:bucket/scratch--use1-az4--x-s3',
        region: 'us-east-1',
        zoneId: 'use1-az4',
        lifecycle: { state: 'absent', code: 'NoSuchLifecycleConfiguration' },
      },
      expect.objectContaining({
        zoneId: 'use1-az5',
        lifecycle: { state: 'ok', value: [expect.objectContaining({ id: 'expire', expiration: true })] },
      }),
    ]);
    expect(directoryBucketRegions(['eu-west-3'], true)).toEqual(['eu-west-3']);
  });
});

describe('IAM collector', () => {
  const csv = [
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    '<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-10-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    'alice,arn:aws:iam::111122223333:user/alice,2024-01-01T00:00:00+00:00,true,no_information,2024-01-01T00:00:00+00:00,N/A,false,true,2024-01-02T00:00:00+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
  ].join('\n');

  it('parses the credential report; sentinels are null, never dates', () => {
    const rows = parseCredentialReport(csv);
    expect(rows[0]).toMatchObject({ user: '<root_account>', passwordEnabled: null, mfaActive: true, passwordLastChanged: null });
    expect(rows[1]).toMatchObject({ user: 'alice', passwordEnabled: true, passwordLastUsed: null, mfaActive: false });
    expect(rows[1]!.accessKeys[0]).toEqual({
      active: true,
      lastRotated: '2024-01-02T00:00:00.000Z',
      lastUsedDate: null,
      lastUsedService: null,
    });
    expect(() => parseCredentialReport('garbage\n1,2')).toThrow(/header/);
  });

  it('URL-decodes policy documents', () => {
    expect(decodePolicyDocument('%7B%22Statement%22%3A%5B%5D%7D')).toEqual({ Statement: [] });
    expect(decodePolicyDocument('{"Statement":[]}')).toEqual({ Statement: [] });
  });

  it('collects authorization details, polls the credential report and treats a missing password policy as absent', async () => {
    iamMock
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({
        UserDetailList: [
          {
            UserName: 'alice',
            Arn: 'arn:aws:iam::111122223333:user/alice',
            AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
            UserPolicyList: [
              { PolicyName: 'p', PolicyDocument: encodeURIComponent('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}') },
            ],
          },
        ],
        IsTruncated: true,
        Marker: 'm',
      })
      .resolvesOnce({
        RoleDetailList: [
          { RoleName: 'r', Arn: 'arn:aws:iam::111122223333:role/r', AssumeRolePolicyDocument: '%7Bbroken', RoleLastUsed: {} },
        ],
        Policies: [
          {
            Arn: 'arn:aws:iam::111122223333:policy/x',
            DefaultVersionId: 'v2',
            PolicyVersionList: [
              { VersionId: 'v1', IsDefaultVersion: false, Document: '%7B%7D' },
              { VersionId: 'v2', IsDefaultVersion: true, Document: '%7B%22Statement%22%3A%5B%5D%7D' },
            ],
          },
          { Arn: 'arn:aws:iam::aws:policy/Unused', AttachmentCount: 0 },
        ],
        IsTruncated: false,
      });
    iamMock.on(GetPolicyCommand).resolves({ Policy: { PolicyName: 'ReadOnlyAccess', DefaultVersionId: 'v9', AttachmentCount: 3 } });
    iamMock.on(GetPolicyVersionCommand, { VersionId: 'v9' }).resolves({
      PolicyVersion: { Document: encodeURIComponent('{"Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}') },
    });
    iamMock.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolves({ State: 'COMPLETE' });
    iamMock.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(csv) });
    iamMock.on(GetAccountPasswordPolicyCommand).rejects(sdkError('NoSuchEntity', 404));
    iamMock.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1 } });
    iamMock.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [] });
    iamMock.on(ListAccessKeysCommand).rejects(sdkError('Throttling', 400));
    iamMock.on(ListMFADevicesCommand).resolves({ MFADevices: [] });
    iamMock.on(ListServerCertificatesCommand).resolves({
      ServerCertificateMetadataList: [
        {
          ServerCertificateName: 'www',
          Arn: 'arn:aws:iam::111122223333:server-certificate/www',
          Path: '/',
          ServerCertificateId: 'x',
          Expiration: new Date('2020-01-01'),
        },
      ],
    });
    iamMock.on(ListSAMLProvidersCommand).resolves({ SAMLProviderList: [{ Arn: 'arn:aws:iam::111122223333:saml-provider/okta' }] });
    iamMock.on(ListOpenIDConnectProvidersCommand).rejects(sdkError('AccessDenied', 403));
    const log = new ErrorLog();
    const inv = await collectIam(clients(), log);
    const aad = inv.authorizationDetails.state === 'ok' ? inv.authorizationDetails.value : undefined;
    expect(aad?.users[0]!.inline[0]!.document).toEqual({ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(aad?.roles[0]!.trustPolicy).toBeNull(); // unparseable: recorded, not guessed
    // Only customer-managed policies come from the listing; AWS-managed ones in use are read one by one.
    expect(iamMock.commandCalls(GetAccountAuthorizationDetailsCommand)[0]!.args[0].input.Filter).toEqual([
      'User',
      'Group',
      'Role',
      'LocalManagedPolicy',
    ]);
    expect(aad?.policies.map((p) => [p.name, p.awsManaged, p.document])).toEqual([
      ['x', false, { Statement: [] }],
      ['ReadOnlyAccess', true, { Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] }],
    ]);
    expect(iamMock.commandCalls(GenerateCredentialReportCommand).length).toBe(2);
    expect(inv.credentialReport.state === 'ok' && inv.credentialReport.value.rows).toHaveLength(2);
    expect(inv.passwordPolicy).toEqual({ state: 'absent', code: 'NoSuchEntity' });
    expect(inv.accessKeys).toMatchObject({ state: 'error', error: { kind: 'throttled' } });
    expect(inv.serverCertificates).toEqual({
      state: 'ok',
      value: [
        {
          name: 'www',
          arn: 'arn:aws:iam::111122223333:server-certificate/www',
          expiration: '2020-01-01T00:00:00.000Z',
          uploadDate: undefined,
        },
      ],
    });
    expect(inv.samlProviders).toEqual({ state: 'ok', value: ['arn:aws:iam::111122223333:saml-provider/okta'] });
    expect(log.errors.map((e) => e.kind).sort()).toEqual(['denied', 'invalid-data', 'throttled']);
  }, 20_000);
});

describe('error classification', () => {
  it.each([
    ['AccessDenied', 403, 'denied'],
    ['UnauthorizedOperation', 403, 'denied'],
    ['ThrottlingException', 400, 'throttled'],
    ['SlowDown', 503, 'throttled'],
    ['NoSuchBucket', 404, 'not-found'],
    ['InternalError', 500, 'error'],
  ])('%s -> %s', (name, status, kind) => {
    expect(classify(sdkError(name, status))).toBe(kind);
  });
});
