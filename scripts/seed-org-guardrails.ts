// Seeds an emulated Organization with guardrails and paths across accounts (moto_server), for
// the organization-wide effective-access tests. Root > Workloads (tooling, prod), Root > Sandbox
// (sandbox), and legacy directly under the root:
// - root: FullAWSAccess and a region lock that exempts the global services through NotAction;
// - Workloads: an SCP that denies IAM writes to all but the BreakGlass role, one that denies
//   assuming any legacy-admin role, and an RCP data perimeter (S3 only from inside the
//   organization; vendor-admin only from the vendor's account);
// - Sandbox: FullAWSAccess detached, an allow-list SCP (EC2, S3, STS) in its place;
// - tooling: an instance open to SSH from the Internet whose role may assume prod's deploy
//   (admin), users who may (alice → ops) or seem to (bob, carol, auditor) reach prod's admins;
// - the same escalating user and public bucket in prod (governed) and legacy (not).
// Writes to the emulator only.

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
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { doc } from './seed-iam.js';
import { base, memberCredentials, MEMBER_ROLE } from './seed-org.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** An account outside the organization (a vendor). */
export const OUTSIDE_ACCOUNT = '999999999999';

export type GuardedAccount = 'tooling' | 'prod' | 'sandbox' | 'legacy';

export interface GuardedOrg {
  organizationId: string;
  managementAccountId: string;
  rootId: string;
  ous: { workloads: string; sandbox: string };
  accounts: Record<GuardedAccount, string>;
  policies: Record<'regionLock' | 'noIamWrites' | 'noLegacyAdmin' | 'allowList' | 'perimeter', string>;
}

const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: 'Allow', Action, Resource });
const trust = (...principals: string[]) =>
  doc(
    principals.map((p) => ({
      Effect: 'Allow',
      Principal: p.includes('.amazonaws.com') ? { Service: p } : { AWS: p },
      Action: 'sts:AssumeRole',
    })),
  );

interface MemberClients {
  iam: IAMClient;
  ec2: EC2Client;
  s3: S3Client;
}

async function asMember<T>(endpoint: string, accountId: string, work: (c: MemberClients) => Promise<T>): Promise<T> {
  const creds = await memberCredentials(endpoint, accountId);
  const c = {
    iam: new IAMClient(base(endpoint, creds)),
    ec2: new EC2Client(base(endpoint, creds)),
    s3: new S3Client({ ...base(endpoint, creds), forcePathStyle: true }),
  };
  try {
    await c.iam.send(new AttachRolePolicyCommand({ RoleName: MEMBER_ROLE, PolicyArn: ADMIN }));
    return await work(c);
  } finally {
    c.iam.destroy();
    c.ec2.destroy();
    c.s3.destroy();
  }
}

async function role(iam: IAMClient, name: string, trustDoc: string, statements: unknown[] | 'admin'): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustDoc }));
  if (statements === 'admin') await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: ADMIN }));
  else await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `${name}-policy`, PolicyDocument: doc(statements) }));
}

async function user(iam: IAMClient, name: string, statements: unknown[]): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (statements.length)
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: `${name}-policy`, PolicyDocument: doc(statements) }));
  await iam.send(new CreateAccessKeyCommand({ UserName: name }));
}

async function bucket(s3: S3Client, name: string, statements: unknown[]): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: name }));
  await s3.send(new PutBucketPolicyCommand({ Bucket: name, Policy: doc(statements) }));
}

const readBy = (bucketName: string, principal: unknown) => ({
  Effect: 'Allow',
  Principal: principal,
  Action: 's3:GetObject',
  Resource: `arn:aws:s3:::${bucketName}/*`,
});

/** A subnet routed to an Internet gateway, an SSH-open security group, and an instance in it with `profile`. */
async function exposedInstance(ec2: EC2Client, name: string, profile: string): Promise<void> {
  const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.40.0.0/16' }))).Vpc!.VpcId!;
  const igw = (await ec2.send(new CreateInternetGatewayCommand({}))).InternetGateway!.InternetGatewayId!;
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: igw, VpcId: vpc }));
  const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.40.1.0/24', AvailabilityZone: 'us-east-1a' })))
    .Subnet!.SubnetId!;
  const rt = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpc }))).RouteTable!.RouteTableId!;
  await ec2.send(new CreateRouteCommand({ RouteTableId: rt, DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw }));
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: rt, SubnetId: subnet }));
  const sg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: `${name}-ssh`, Description: 'ssh', VpcId: vpc }))).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: sg,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );
  await ec2.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet, Groups: [sg], AssociatePublicIpAddress: true }],
      IamInstanceProfile: { Name: profile },
      MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled' },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'Name', Value: name }] }],
    }),
  );
}

async function seedTooling({ iam, ec2 }: MemberClients, prod: string): Promise<void> {
  const prodRole = (name: string) => `arn:aws:iam::${prod}:role/${name}`;
  await role(iam, 'web', trust('ec2.amazonaws.com'), [allow('sts:AssumeRole', prodRole('deploy'))]);
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web', RoleName: 'web' }));
  await exposedInstance(ec2, 'tooling-web', 'web');
  await user(iam, 'alice', [allow('sts:AssumeRole', prodRole('ops'))]);
  // Trusted by prod's audit-admin, but without any sts:AssumeRole permission of her own.
  await user(iam, 'auditor', []);
  await user(iam, 'bob', [allow('sts:AssumeRole', prodRole('legacy-admin'))]);
  await user(iam, 'carol', [allow('sts:AssumeRole', prodRole('vendor-admin'))]);
}

async function seedProd({ iam, s3 }: MemberClients, id: string, tooling: string): Promise<void> {
  const toolingRoot = `arn:aws:iam::${tooling}:root`;
  await role(iam, 'deploy', trust(toolingRoot), 'admin');
  await role(iam, 'ops', trust(`arn:aws:iam::${tooling}:user/alice`), 'admin');
  await role(iam, 'audit-admin', trust(`arn:aws:iam::${tooling}:user/auditor`), 'admin');
  await role(iam, 'legacy-admin', trust(toolingRoot), 'admin');
  await role(iam, 'vendor-admin', trust(toolingRoot, `arn:aws:iam::${OUTSIDE_ACCOUNT}:root`), 'admin');
  await role(iam, 'tooling-reader', trust(toolingRoot), [allow('s3:GetObject', `arn:aws:s3:::prod-share-${id}/*`)]);
  await role(iam, 'BreakGlass', trust(`arn:aws:iam::${id}:root`), [allow('iam:AttachRolePolicy', '*')]);
  await user(iam, 'prod-escalator', [allow('iam:AttachUserPolicy', '*')]);
  await bucket(s3, `prod-exports-${id}`, [readBy(`prod-exports-${id}`, '*')]);
  await bucket(s3, `prod-share-${id}`, [readBy(`prod-share-${id}`, { AWS: toolingRoot })]);
}

async function seedSandbox({ iam }: MemberClients): Promise<void> {
  await user(iam, 'sandbox-escalator', [allow('iam:AttachUserPolicy', '*')]);
}

async function seedLegacy({ iam, s3 }: MemberClients, id: string): Promise<void> {
  await user(iam, 'legacy-escalator', [allow('iam:AttachUserPolicy', '*')]);
  await bucket(s3, `legacy-exports-${id}`, [readBy(`legacy-exports-${id}`, '*')]);
  await bucket(s3, `legacy-vendor-share-${id}`, [readBy(`legacy-vendor-share-${id}`, { AWS: `arn:aws:iam::${OUTSIDE_ACCOUNT}:root` })]);
}

const GLOBAL_SERVICES = ['iam:*', 'sts:*', 'organizations:*', 'route53:*', 'cloudfront:*', 'support:*', 'budgets:*'];

function guardrailDocuments(organizationId: string) {
  return {
    regionLock: doc([
      {
        Sid: 'OnlyEuWest1',
        Effect: 'Deny',
        NotAction: GLOBAL_SERVICES,
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } },
      },
    ]),
    noIamWrites: doc([
      {
        Sid: 'NoIamWritesButBreakGlass',
        Effect: 'Deny',
        Action: [
          'iam:Attach*',
          'iam:Put*',
          'iam:CreatePolicyVersion',
          'iam:SetDefaultPolicyVersion',
          'iam:PassRole',
          'iam:UpdateAssumeRolePolicy',
        ],
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/BreakGlass' } },
      },
    ]),
    noLegacyAdmin: doc([{ Sid: 'NoLegacyAdmin', Effect: 'Deny', Action: 'sts:AssumeRole', Resource: 'arn:aws:iam::*:role/legacy-admin' }]),
    allowList: doc([{ Sid: 'SandboxServices', Effect: 'Allow', Action: ['ec2:*', 's3:*', 'sts:*'], Resource: '*' }]),
    perimeter: doc([
      {
        Sid: 'S3OnlyFromTheOrganization',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: {
          StringNotEqualsIfExists: { 'aws:PrincipalOrgID': organizationId },
          BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' },
        },
      },
      {
        Sid: 'VendorAdminOnlyForTheVendor',
        Effect: 'Deny',
        Principal: '*',
        Action: 'sts:AssumeRole',
        Resource: 'arn:aws:iam::*:role/vendor-admin',
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': OUTSIDE_ACCOUNT } },
      },
    ]),
  };
}

export async function seedGuardedOrganization(endpoint: string): Promise<GuardedOrg> {
  const org = new OrganizationsClient(base(endpoint));
  try {
    const created = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!;
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const ou = async (name: string) =>
      (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: name }))).OrganizationalUnit!.Id!;
    const ous = { workloads: await ou('Workloads'), sandbox: await ou('Sandbox') };
    const account = async (name: GuardedAccount, parent: string) => {
      const id = (await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))).CreateAccountStatus!
        .AccountId!;
      if (parent !== rootId) await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: parent }));
      return id;
    };
    const accounts = {
      tooling: await account('tooling', ous.workloads),
      prod: await account('prod', ous.workloads),
      sandbox: await account('sandbox', ous.sandbox),
      legacy: await account('legacy', rootId),
    };
    await asMember(endpoint, accounts.tooling, (c) => seedTooling(c, accounts.prod));
    await asMember(endpoint, accounts.prod, (c) => seedProd(c, accounts.prod, accounts.tooling));
    await asMember(endpoint, accounts.sandbox, seedSandbox);
    await asMember(endpoint, accounts.legacy, (c) => seedLegacy(c, accounts.legacy));

    // Guardrails last: the seeding above goes through the member role, as an administrator's would.
    for (const PolicyType of ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'] as PolicyType[])
      await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType }));
    const docs = guardrailDocuments(created.Id!);
    const policy = async (name: keyof typeof docs, type: PolicyType, target: string) => {
      const p = await org.send(new CreatePolicyCommand({ Name: name, Description: name, Type: type, Content: docs[name] }));
      const id = p.Policy!.PolicySummary!.Id!;
      await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: target }));
      return id;
    };
    const policies = {
      regionLock: await policy('regionLock', 'SERVICE_CONTROL_POLICY', rootId),
      noIamWrites: await policy('noIamWrites', 'SERVICE_CONTROL_POLICY', ous.workloads),
      noLegacyAdmin: await policy('noLegacyAdmin', 'SERVICE_CONTROL_POLICY', ous.workloads),
      allowList: await policy('allowList', 'SERVICE_CONTROL_POLICY', ous.sandbox),
      perimeter: await policy('perimeter', 'RESOURCE_CONTROL_POLICY', ous.workloads),
    };
    await org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: ous.sandbox }));
    return { organizationId: created.Id!, managementAccountId: created.MasterAccountId!, rootId, ous, accounts, policies };
  } finally {
    org.destroy();
  }
}
