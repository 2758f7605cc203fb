// Seeds an emulated AWS account (moto_server) with planted misconfigurations and
// look-alike safe resources. Used by the end-to-end tests and by scripts/make-demo.ts.
// This file writes to the *emulator* only; incloud itself never calls these APIs.

import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
  RunInstancesCommand,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketLoggingCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';

export const ACCOUNT = '123456789012';

export interface SeedOptions {
  endpoint: string;
  region?: string;
}

import { doc, seedIam } from './seed-iam.js';

export { seedIam };

const world = (from: number, to = from, proto = 'tcp'): IpPermission => ({
  IpProtocol: proto,
  FromPort: from,
  ToPort: to,
  IpRanges: [{ CidrIp: '0.0.0.0/0' }],
});

/** Where and as whom every seeding client talks to the emulator. */
export const clientConfig = (o: SeedOptions) => ({
  region: o.region ?? 'us-east-1',
  endpoint: o.endpoint,
  credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
});

export function clients(o: SeedOptions) {
  const base = clientConfig(o);
  return {
    ec2: new EC2Client(base),
    s3: new S3Client({ ...base, forcePathStyle: true, disableS3ExpressSessionAuth: true }),
    iam: new IAMClient(base),
  };
}

export async function seedEc2(ec2: EC2Client): Promise<Record<string, string>> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const pub = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.1.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!
    .SubnetId!;
  const priv = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.20.2.0/24', AvailabilityZone: 'us-east-1a' }))).Subnet!
    .SubnetId!;
  await ec2.send(new ModifySubnetAttributeCommand({ SubnetId: pub, MapPublicIpOnLaunch: { Value: true } }));
  const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: pub }));

  const sg = async (name: string, perms: IpPermission[]) => {
    const id = (
      await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: `${name} <script>alert('sg')</script>`, VpcId: vpc }))
    ).GroupId!;
    if (perms.length) await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: id, IpPermissions: perms }));
    return id;
  };
  const ids: Record<string, string> = { vpc, publicSubnet: pub, privateSubnet: priv };
  ids.sshWorld = await sg('ssh-world', [world(22)]);
  ids.rdpSplit = await sg('rdp-split', [
    { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/1' }, { CidrIp: '128.0.0.0/1' }] },
  ]);
  ids.pgIpv6 = await sg('postgres-ipv6', [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }]);
  ids.allTraffic = await sg('all-traffic', [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
  ids.web = await sg('web-443-80', [world(443), world(80)]);
  ids.internal = await sg('ssh-internal', [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }]);
  ids.privateRange = await sg('private-wide', [
    { IpProtocol: 'tcp', FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: '192.168.0.0/16' }, { CidrIp: '172.16.0.0/12' }] },
  ]);
  ids.sgRef = await sg('db-from-web', [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: ids.web }] }]);

  // Public, running instance with SSH open to the world and an admin instance role, IMDSv1 allowed.
  const web = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
      SubnetId: pub,
      SecurityGroupIds: [ids.sshWorld, ids.web],
      IamInstanceProfile: { Name: 'ec2-admin' },
      MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'bastion' }] }],
    }),
  );
  ids.bastion = web.Instances![0]!.InstanceId!;
  // Private app instance (look-alike): internal SSH only, limited role, IMDSv2 required.
  const app = await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
      SubnetId: priv,
      SecurityGroupIds: [ids.internal, ids.sgRef],
      IamInstanceProfile: { Name: 'app-reader' },
      MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: 'app' }] }],
    }),
  );
  ids.app = app.Instances![0]!.InstanceId!;
  return ids;
}

const BPA_ON = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

export async function seedS3(s3: S3Client): Promise<void> {
  const make = async (Bucket: string) => {
    await s3.send(new CreateBucketCommand({ Bucket }));
  };
  const policy = (Bucket: string, statements: unknown[]) => s3.send(new PutBucketPolicyCommand({ Bucket, Policy: doc(statements) }));

  await make('acme-public-assets');
  await policy('acme-public-assets', [
    { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::acme-public-assets/*' },
  ]);

  await make('acme-legacy-uploads');
  await s3.send(
    new PutBucketOwnershipControlsCommand({
      Bucket: 'acme-legacy-uploads',
      OwnershipControls: { Rules: [{ ObjectOwnership: 'ObjectWriter' }] },
    }),
  );
  await s3.send(
    new PutBucketAclCommand({
      Bucket: 'acme-legacy-uploads',
      GrantRead: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
      GrantWrite: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
      GrantFullControl: `id="75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"`,
    }),
  );

  await make('acme-partner-exchange');
  await policy('acme-partner-exchange', [
    {
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::999999999999:root' },
      Action: ['s3:GetObject', 's3:PutBucketPolicy'],
      Resource: ['arn:aws:s3:::acme-partner-exchange', 'arn:aws:s3:::acme-partner-exchange/*'],
    },
  ]);

  // Look-alikes: Principal "*" pinned to a VPC endpoint or to the organisation is not public.
  await make('acme-vpce-only');
  await policy('acme-vpce-only', [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: 's3:GetObject',
      Resource: 'arn:aws:s3:::acme-vpce-only/*',
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-0abc1234' } },
    },
  ]);
  await make('acme-org-shared');
  await policy('acme-org-shared', [
    {
      Effect: 'Allow',
      Principal: '*',
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: ['arn:aws:s3:::acme-org-shared', 'arn:aws:s3:::acme-org-shared/*'],
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    },
  ]);

  // Hardened bucket and its log target.
  await make('acme-logs');
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'acme-logs', PublicAccessBlockConfiguration: BPA_ON }));
  await policy('acme-logs', [
    {
      Sid: 'S3ServerAccessLogs',
      Effect: 'Allow',
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::acme-logs/*',
      Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } },
    },
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::acme-logs', 'arn:aws:s3:::acme-logs/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ]);
  await make('acme-hardened');
  await s3.send(new PutPublicAccessBlockCommand({ Bucket: 'acme-hardened', PublicAccessBlockConfiguration: BPA_ON }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: 'acme-hardened', VersioningConfiguration: { Status: 'Enabled' } }));
  await s3.send(
    new PutBucketEncryptionCommand({
      Bucket: 'acme-hardened',
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1111-2222`,
            },
            BucketKeyEnabled: true,
          },
        ],
      },
    }),
  );
  await s3.send(
    new PutBucketLoggingCommand({
      Bucket: 'acme-hardened',
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'acme-logs', TargetPrefix: 'hardened/' } },
    }),
  );
  await policy('acme-hardened', [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::acme-hardened', 'arn:aws:s3:::acme-hardened/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ]);

  // Directory buckets (S3 Express One Zone; answered by the moto front): one without a lifecycle
  // configuration, and a look-alike whose only enabled rule expires objects.
  const directory = (Bucket: string) =>
    s3.send(
      new CreateBucketCommand({
        Bucket,
        CreateBucketConfiguration: {
          Location: { Type: 'AvailabilityZone', Name: 'use1-az4' },
          Bucket: { Type: 'Directory', DataRedundancy: 'SingleAvailabilityZone' },
        },
      }),
    );
  await directory('acme-scratch--use1-az4--x-s3');
  await directory('acme-cache--use1-az4--x-s3');
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: 'acme-cache--use1-az4--x-s3',
      LifecycleConfiguration: { Rules: [{ ID: 'expire', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: 7 } }] },
    }),
  );
}

export async function seedAll(o: SeedOptions): Promise<Record<string, string>> {
  const c = clients(o);
  try {
    await seedIam(c.iam);
    const ids = await seedEc2(c.ec2);
    await seedS3(c.s3);
    return ids;
  } finally {
    c.ec2.destroy();
    c.s3.destroy();
    c.iam.destroy();
  }
}
