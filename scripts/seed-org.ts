// Seeds an emulated AWS Organization (moto_server): an organization with nested OUs and member
// accounts, each with its own planted findings, written through the member's
// OrganizationAccountAccessRole as an administrator would. Used by the organization tests and
// by the organization benchmark. This writes to the *emulator* only.

import { AuthorizeSecurityGroupIngressCommand, CreateSecurityGroupCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { CreateBucketCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

export const MEMBER_ROLE = 'OrganizationAccountAccessRole';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const ROOT_KEYS: Credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };

/** What each member account gets planted: one finding family per kind. */
/** closed: the account is closed right after it is created (Organizations then lists it SUSPENDED). */
export type Plant = 'open-ssh' | 'public-bucket' | 'admin-user' | 'none' | 'closed';

export interface SeededMember {
  id: string;
  name: string;
  ouId: string;
  plant: Plant;
}

export interface SeededOrg {
  organizationId: string;
  managementAccountId: string;
  rootId: string;
  ous: Record<string, string>;
  members: SeededMember[];
}

export const base = (endpoint: string, credentials: Credentials = ROOT_KEYS) => ({ region: 'us-east-1', endpoint, credentials });

export async function memberCredentials(endpoint: string, accountId: string): Promise<Credentials> {
  const sts = new STSClient(base(endpoint));
  try {
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${MEMBER_ROLE}`, RoleSessionName: 'seed' }),
    );
    const c = out.Credentials!;
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** Plants one kind of finding in a member account, with names that carry the account name. */
export async function plantIn(endpoint: string, member: SeededMember): Promise<void> {
  const creds = await memberCredentials(endpoint, member.id);
  const iam = new IAMClient(base(endpoint, creds));
  const ec2 = new EC2Client(base(endpoint, creds));
  const s3 = new S3Client({ ...base(endpoint, creds), forcePathStyle: true });
  try {
    // The role an administrator reaches the member with, as AWS creates it.
    await iam.send(new AttachRolePolicyCommand({ RoleName: MEMBER_ROLE, PolicyArn: ADMIN }));
    if (member.plant === 'open-ssh') {
      const sg = await ec2.send(new CreateSecurityGroupCommand({ GroupName: `${member.name}-bastion`, Description: 'bastion' }));
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: sg.GroupId,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        }),
      );
    } else if (member.plant === 'public-bucket') {
      const Bucket = `${member.name}-${member.id}-exports`;
      await s3.send(new CreateBucketCommand({ Bucket }));
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${Bucket}/*` }],
          }),
        }),
      );
    } else if (member.plant === 'admin-user') {
      await iam.send(new CreateUserCommand({ UserName: `${member.name}-ops` }));
      await iam.send(new AttachUserPolicyCommand({ UserName: `${member.name}-ops`, PolicyArn: ADMIN }));
      await iam.send(new CreateAccessKeyCommand({ UserName: `${member.name}-ops` }));
    }
  } finally {
    iam.destroy();
    ec2.destroy();
    s3.destroy();
  }
}

/**
 * An organization: Root > Prod > Payments, Root > Dev, and one member per plant (names in
 * `members`), placed in turn under Payments, Dev and the root.
 */
export async function seedOrganization(endpoint: string, members: { name: string; plant: Plant }[]): Promise<SeededOrg> {
  const org = new OrganizationsClient(base(endpoint));
  try {
    const created = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!;
    const rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
    const ou = async (parent: string, name: string) =>
      (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name }))).OrganizationalUnit!.Id!;
    const prod = await ou(rootId, 'Prod');
    const payments = await ou(prod, 'Payments');
    const dev = await ou(rootId, 'Dev');
    const places = [payments, dev, rootId];
    const seeded: SeededMember[] = [];
    for (const [i, m] of members.entries()) {
      const id = (await org.send(new CreateAccountCommand({ AccountName: m.name, Email: `${m.name}@example.com` }))).CreateAccountStatus!
        .AccountId!;
      const ouId = places[i % places.length]!;
      if (ouId !== rootId) await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ouId }));
      seeded.push({ id, name: m.name, ouId, plant: m.plant });
    }
    for (const m of seeded) {
      if (m.plant === 'closed') await org.send(new CloseAccountCommand({ AccountId: m.id }));
      else await plantIn(endpoint, m);
    }
    return {
      organizationId: created.Id!,
      managementAccountId: created.MasterAccountId!,
      rootId,
      ous: { prod, payments, dev },
      members: seeded,
    };
  } finally {
    org.destroy();
  }
}

/**
 * A scanner user in the management account that may do everything except assume the member
 * role of `deniedAccounts` (the way a member without a trusting role answers), with its keys.
 */
export async function scannerUser(endpoint: string, deniedAccounts: string[]): Promise<Credentials> {
  const iam = new IAMClient(base(endpoint));
  try {
    await iam.send(new CreateUserCommand({ UserName: 'incloud-scanner' }));
    const statements: unknown[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
    if (deniedAccounts.length)
      statements.push({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: deniedAccounts.map((a) => `arn:aws:iam::${a}:role/*`) });
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'incloud-scanner',
        PolicyName: 'scan',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
      }),
    );
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'incloud-scanner' }))).AccessKey!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  } finally {
    iam.destroy();
  }
}
