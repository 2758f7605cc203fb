// An emulated account built like the vulnerable-by-design labs: planted multi-hop attack
// chains (Internet -> instance -> role -> data or admin, user -> role -> role -> admin,
// hijacked functions and instances, tag-gated and policy-version escalations), one look-alike
// for each kind that a single missing hop makes safe, and enough ordinary findings around
// them (staff without MFA, plain buckets) that ranking matters. Writes to the emulator only.
// The chains and look-alikes are listed in LAB_CHAINS and LAB_LOOKALIKES for the tests.

import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateNetworkAclCommand,
  CreateNetworkAclEntryCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeNetworkAclsCommand,
  ReplaceNetworkAclAssociationCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketPolicyCommand, type S3Client } from '@aws-sdk/client-s3';
import { ACCOUNT, clientConfig, clients, type SeedOptions } from './seed.js';
import { doc } from './seed-iam.js';
import { seedLabIam } from './seed-lab-iam.js';

/** Each planted chain: its entry (the finding's resource name) and every hop a finding must name. */
export const LAB_CHAINS: { check: string; entry: string; hops: string[] }[] = [
  { check: 'ec2.attack-path-internet-to-role', entry: 'lab-web-1', hops: ['lab-app-reader', 'lab-customer-data'] },
  { check: 'ec2.attack-path-internet-to-role', entry: 'lab-api-1', hops: ['lab-api-writer', 'lab-public-site'] },
  { check: 'ec2.attack-path-internet-to-role', entry: 'lab-jump-1', hops: ['lab-jump', 'lab-ops'] },
  { check: 'ec2.attack-path-internet-to-role', entry: 'lab-ci-1', hops: ['lab-ci', 'lab-deploy-admin'] },
  { check: 'ec2.attack-path-internet-to-role', entry: 'lab-legacy-1', hops: ['lab-legacy', 'lab-backups'] },
  { check: 'iam.principal-reaches-admin', entry: 'lab-dev-alice', hops: ['lab-hop-a', 'lab-hop-b', 'lab-admin'] },
  { check: 'iam.principal-reaches-data', entry: 'lab-contractor-bob', hops: ['lab-data-role', 'lab-finance'] },
  { check: 'iam.principal-reaches-admin', entry: 'lab-deployer-carol', hops: ['lab-nightly-report', 'lab-fn-admin'] },
  { check: 'iam.principal-reaches-admin', entry: 'lab-ops-erin', hops: ['ssm:SendCommand', 'lab-batch-'] },
  { check: 'iam.principal-reaches-admin', entry: 'lab-tagger-frank', hops: ['ec2:CreateTags', 'lab-batch-2', 'lab-batch2-admin'] },
  { check: 'iam.principal-reaches-admin', entry: 'lab-heidi', hops: ['iam:PutRolePolicy', 'lab-worker'] },
  { check: 'iam.principal-reaches-admin', entry: 'lab-kim', hops: ['iam:PassRole', 'lab-deploy-admin'] },
  { check: 'iam.principal-reaches-admin', entry: 'lab-ivan', hops: ['iam:SetDefaultPolicyVersion', 'lab-ivan-managed'] },
];

/** Resources one missing hop keeps safe: no finding on them may be medium or worse. */
export const LAB_LOOKALIKES = [
  'lab-closed-1',
  'lab-island-1',
  'lab-guarded-1',
  'lab-deployer-dave',
  'lab-tagger-grace',
  'lab-lonely-leo',
  'lab-nemo',
  'lab-judy',
  'lab-vpce-guarded',
];

const BUCKETS = ['lab-customer-data', 'lab-public-site', 'lab-finance', 'lab-backups', 'lab-spoofed', 'lab-vpce-guarded'];
const NOISE_BUCKETS = 30;

async function seedLabS3(s3: S3Client): Promise<void> {
  for (const b of BUCKETS) await s3.send(new CreateBucketCommand({ Bucket: b }));
  for (let i = 0; i < NOISE_BUCKETS; i++) await s3.send(new CreateBucketCommand({ Bucket: `lab-noise-${String(i).padStart(2, '0')}` }));
  const publicRead = (bucket: string) => ({
    Sid: 'PublicRead',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${bucket}/*`,
  });
  const denyAllBut = (bucket: string, condition: unknown) => ({
    Sid: 'DenyOthers',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${bucket}/*`,
    Condition: condition,
  });
  const put = (Bucket: string, statements: unknown[]) => s3.send(new PutBucketPolicyCommand({ Bucket, Policy: doc(statements) }));
  await put('lab-public-site', [publicRead('lab-public-site')]);
  // The Deny exempts anonymous callers: it guarantees the exposure rather than limiting it.
  await put('lab-spoofed', [publicRead('lab-spoofed'), denyAllBut('lab-spoofed', { StringNotEquals: { 'aws:userid': 'anonymous' } })]);
  await put('lab-vpce-guarded', [
    publicRead('lab-vpce-guarded'),
    denyAllBut('lab-vpce-guarded', { StringNotEquals: { 'aws:SourceVpce': 'vpce-0lab1234' } }),
  ]);
}

async function seedLabNetwork(ec2: EC2Client): Promise<void> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.30.0.0/16' }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const subnet = async (cidr: string) =>
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: cidr, AvailabilityZone: 'us-east-1a' }))).Subnet!.SubnetId!;
  const pub = await subnet('10.30.1.0/24');
  const island = await subnet('10.30.2.0/24');
  const guarded = await subnet('10.30.3.0/24');
  const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  for (const s of [pub, guarded]) await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: s }));
  // The guarded subnet's network ACL refuses SSH from anywhere before it allows the rest.
  const acl = (await ec2.send(new CreateNetworkAclCommand({ VpcId: vpc }))).NetworkAcl!.NetworkAclId!;
  const entry = (RuleNumber: number, RuleAction: 'allow' | 'deny', Protocol: string, from?: number, to?: number) =>
    ec2.send(
      new CreateNetworkAclEntryCommand({
        NetworkAclId: acl,
        RuleNumber,
        RuleAction,
        Protocol,
        Egress: false,
        CidrBlock: '0.0.0.0/0',
        ...(from !== undefined ? { PortRange: { From: from, To: to ?? from } } : {}),
      }),
    );
  await entry(50, 'deny', '6', 22);
  await entry(100, 'allow', '-1');
  const acls = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [guarded] }] }));
  const association = acls.NetworkAcls?.[0]?.Associations?.find((a) => a.SubnetId === guarded)?.NetworkAclAssociationId;
  if (association) await ec2.send(new ReplaceNetworkAclAssociationCommand({ AssociationId: association, NetworkAclId: acl }));

  const sg = async (name: string, port?: number) => {
    const id = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpc }))).GroupId!;
    if (port !== undefined)
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: id,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        }),
      );
    return id;
  };
  const ssh = await sg('lab-ssh-world', 22);
  const https = await sg('lab-https-world', 443);
  const rdp = await sg('lab-rdp-world', 3389);
  const closed = await sg('lab-no-inbound');
  const run = (name: string, subnetId: string, groups: string[], profile: string, tags: Record<string, string> = {}, imdsV1 = false) =>
    ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 't3.micro',
        NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: groups, AssociatePublicIpAddress: true }],
        IamInstanceProfile: { Name: profile },
        MetadataOptions: { HttpTokens: imdsV1 ? 'optional' : 'required', HttpEndpoint: 'enabled' },
        TagSpecifications: [
          { ResourceType: 'instance', Tags: Object.entries({ Name: name, ...tags }).map(([Key, Value]) => ({ Key, Value })) },
        ],
      }),
    );
  await run('lab-web-1', pub, [ssh], 'lab-app-reader');
  await run('lab-api-1', pub, [https], 'lab-api-writer');
  await run('lab-jump-1', pub, [ssh], 'lab-jump');
  await run('lab-ci-1', pub, [https], 'lab-ci');
  await run('lab-legacy-1', pub, [rdp], 'lab-legacy', {}, true);
  await run('lab-closed-1', pub, [closed], 'lab-closed-admin');
  await run('lab-island-1', island, [ssh], 'lab-island-admin');
  await run('lab-guarded-1', guarded, [ssh], 'lab-guarded-admin');
  await run('lab-batch-1', island, [closed], 'lab-batch-admin', { env: 'prod' });
  await run('lab-batch-2', island, [closed], 'lab-batch2-admin', { env: 'prod' });
}

async function seedLabLambda(lambda: LambdaClient): Promise<void> {
  // An empty zip archive: the emulator stores the function without running it.
  const ZipFile = Buffer.from('504b0506000000000000000000000000000000000000', 'hex');
  for (const [name, role] of [
    ['lab-nightly-report', 'lab-fn-admin'],
    ['lab-thumbnailer', 'lab-fn-basic'],
  ])
    await lambda.send(
      new CreateFunctionCommand({
        FunctionName: name,
        Runtime: 'python3.12',
        Handler: 'main.handler',
        Role: `arn:aws:iam::${ACCOUNT}:role/${role}`,
        Code: { ZipFile },
      }),
    );
}

export async function seedLab(o: SeedOptions): Promise<void> {
  const c = clients(o);
  const lambda = new LambdaClient(clientConfig(o));
  try {
    await seedLabIam(c.iam);
    await seedLabNetwork(c.ec2);
    await seedLabS3(c.s3);
    await seedLabLambda(lambda);
  } finally {
    for (const client of [c.ec2, c.s3, c.iam, lambda]) client.destroy();
  }
}
