// Seeds moto_server with a large account for the scan benchmark: about 1,000 resources per
// unit in the proportions of a real account (security groups 20 %, instances 10 %, buckets
// 10 %, roles 20 %, users 10 %, customer policies 10 %) over three regions, with AWS-managed
// policies attached as real accounts attach them. Writes to the emulator only.

import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeVpcsCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
} from '@aws-sdk/client-s3';
import pLimit from 'p-limit';
import { clients } from './seed.js';

export const LARGE_REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];
const MANAGED = [
  'ReadOnlyAccess',
  'SecurityAudit',
  'AmazonS3ReadOnlyAccess',
  'AmazonSSMManagedInstanceCore',
  'CloudWatchAgentServerPolicy',
  'PowerUserAccess',
].map((n) => `arn:aws:iam::aws:policy/${n}`);
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

export interface LargeAccount {
  unit: number;
  securityGroups: number;
  instances: number;
  buckets: number;
  roles: number;
  users: number;
  policies: number;
}

export async function seedLarge(endpoint: string, unit: number, concurrency = 16): Promise<LargeAccount> {
  const limit = pLimit(concurrency);
  const home = clients({ endpoint });
  const n = { sg: 200 * unit, inst: 100 * unit, bucket: 100 * unit, role: 200 * unit, user: 100 * unit, policy: 100 * unit };

  const policyArns = await Promise.all(
    Array.from({ length: n.policy }, (_, i) =>
      limit(async () => {
        const d =
          i % 4 === 0
            ? doc({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' })
            : i % 4 === 1
              ? doc({ Effect: 'Allow', Action: 's3:*', Resource: [`arn:aws:s3:::bench-${i}`, `arn:aws:s3:::bench-${i}/*`] })
              : doc({ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' });
        return (await home.iam.send(new CreatePolicyCommand({ PolicyName: `team-${i}`, PolicyDocument: d }))).Policy!.Arn!;
      }),
    ),
  );

  await Promise.all(
    Array.from({ length: n.role }, (_, i) =>
      limit(async () => {
        const RoleName = `role-${i}`;
        const trust = i % 7 === 0 ? { AWS: 'arn:aws:iam::444455556666:root' } : { Service: 'ec2.amazonaws.com' };
        await home.iam.send(
          new CreateRoleCommand({
            RoleName,
            AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: trust, Action: 'sts:AssumeRole' }),
          }),
        );
        await home.iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: MANAGED[i % MANAGED.length] }));
        await home.iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: policyArns[i % policyArns.length] }));
        if (i < n.inst) {
          await home.iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: RoleName }));
          await home.iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: RoleName, RoleName }));
        }
      }),
    ),
  );

  await Promise.all(
    Array.from({ length: n.user }, (_, i) =>
      limit(async () => {
        const UserName = `user-${i}`;
        await home.iam.send(new CreateUserCommand({ UserName }));
        await home.iam.send(
          new AttachUserPolicyCommand({ UserName, PolicyArn: i % 10 === 0 ? MANAGED[0] : policyArns[i % policyArns.length] }),
        );
        if (i % 3 === 0) await home.iam.send(new CreateAccessKeyCommand({ UserName }));
        if (i % 4 === 0) await home.iam.send(new CreateLoginProfileCommand({ UserName, Password: 'Bench-Password-1!' }));
      }),
    ),
  );

  const perRegion = (total: number, r: number) => Math.floor(total / LARGE_REGIONS.length) + (r < total % LARGE_REGIONS.length ? 1 : 0);
  await Promise.all(
    LARGE_REGIONS.map(async (region, r) => {
      const c = clients({ endpoint, region });
      const vpc = (await c.ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
      const sgs = await Promise.all(
        Array.from({ length: perRegion(n.sg, r) }, (_, i) =>
          limit(async () => {
            const id = (await c.ec2.send(new CreateSecurityGroupCommand({ GroupName: `sg-${i}`, Description: 'bench', VpcId: vpc })))
              .GroupId!;
            const from = i % 4 === 0 ? 22 : i % 4 === 1 ? 443 : 5432;
            const cidr = i % 4 === 2 ? '10.0.0.0/8' : '0.0.0.0/0';
            await c.ec2.send(
              new AuthorizeSecurityGroupIngressCommand({
                GroupId: id,
                IpPermissions: [{ IpProtocol: 'tcp', FromPort: from, ToPort: from, IpRanges: [{ CidrIp: cidr }] }],
              }),
            );
            return id;
          }),
        ),
      );
      const inst = perRegion(n.inst, r);
      const batch = 10;
      await Promise.all(
        Array.from({ length: Math.ceil(inst / batch) }, (_, b) =>
          limit(() =>
            c.ec2.send(
              new RunInstancesCommand({
                ImageId: 'ami-12c6146b',
                InstanceType: 't3.micro',
                MinCount: Math.min(batch, inst - b * batch),
                MaxCount: Math.min(batch, inst - b * batch),
                SecurityGroupIds: [sgs[(b * 2) % sgs.length]!],
                IamInstanceProfile: { Name: `role-${(r * 1000 + b) % Math.max(1, n.inst)}` },
                MetadataOptions: { HttpTokens: b % 2 ? 'required' : 'optional', HttpEndpoint: 'enabled' },
              }),
            ),
          ),
        ),
      );
      c.ec2.destroy();
      c.s3.destroy();
      c.iam.destroy();
    }),
  );

  const regional = new Map(LARGE_REGIONS.map((region) => [region, region === 'us-east-1' ? home : clients({ endpoint, region })]));
  await Promise.all(
    Array.from({ length: n.bucket }, (_, i) =>
      limit(async () => {
        const region = LARGE_REGIONS[i % LARGE_REGIONS.length]!;
        const c = regional.get(region)!;
        const Bucket = `bench-${i}`;
        await c.s3.send(
          new CreateBucketCommand({
            Bucket,
            ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
          }),
        );
        if (i % 5 === 0)
          await c.s3.send(
            new PutBucketPolicyCommand({
              Bucket,
              Policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${Bucket}/*` }),
            }),
          );
        if (i % 3 === 0) await c.s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
        if (i % 2 === 0)
          await c.s3.send(
            new PutPublicAccessBlockCommand({
              Bucket,
              PublicAccessBlockConfiguration: {
                BlockPublicAcls: true,
                IgnorePublicAcls: true,
                BlockPublicPolicy: true,
                RestrictPublicBuckets: true,
              },
            }),
          );
      }),
    ),
  );
  for (const c of regional.values()) {
    c.ec2.destroy();
    c.s3.destroy();
    c.iam.destroy();
  }
  return { unit, securityGroups: n.sg, instances: n.inst, buckets: n.bucket, roles: n.role, users: n.user, policies: n.policy };
}
