// The IAM part of the seeded emulator account: users, groups, roles, policies and the
// password policy, with planted misconfigurations and look-alikes. Writes to the emulator only.

import {
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  type IAMClient,
  PutUserPolicyCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';

const ACCOUNT = '123456789012';
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export const doc = (statements: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });
const ec2Trust = doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);

export async function seedIam(iam: IAMClient): Promise<void> {
  await iam.send(
    new UpdateAccountPasswordPolicyCommand({
      MinimumPasswordLength: 8,
      RequireSymbols: true,
      RequireNumbers: true,
      RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: false,
    }),
  );

  // alice: console password, no MFA, AdministratorAccess -> top-priority identity finding.
  await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'Correct-Horse-9!' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: ADMIN }));

  // bob: in group "devs" whose policy allows iam:CreatePolicyVersion (escalation), has an access key.
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'bob' }));
  const escalate = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'devs-policy-editing',
      PolicyDocument: doc([
        { Effect: 'Allow', Action: ['iam:CreatePolicyVersion', 'iam:ListPolicies', 's3:ListAllMyBuckets'], Resource: '*' },
      ]),
    }),
  );
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: escalate.Policy!.Arn! }));

  // ops group with a customer-managed *:* policy.
  await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
  const star = await iam.send(
    new CreatePolicyCommand({ PolicyName: 'ops-full-access', PolicyDocument: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]) }),
  );
  await iam.send(new AttachGroupPolicyCommand({ GroupName: 'ops', PolicyArn: star.Policy!.Arn! }));

  // carol (look-alike): allowed everything, denied everything: not an admin.
  await iam.send(new CreateUserCommand({ UserName: 'carol' }));
  await iam.send(
    new PutUserPolicyCommand({
      UserName: 'carol',
      PolicyName: 'allow-then-deny',
      PolicyDocument: doc([
        { Effect: 'Allow', Action: '*', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*' },
      ]),
    }),
  );

  // bounded-admin (look-alike): AdministratorAccess but a read-only S3 permissions boundary.
  const boundary = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 's3-read-boundary',
      PolicyDocument: doc([{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: '*' }]),
    }),
  );
  await iam.send(
    new CreateRoleCommand({ RoleName: 'bounded-admin', AssumeRolePolicyDocument: ec2Trust, PermissionsBoundary: boundary.Policy!.Arn! }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'bounded-admin', PolicyArn: ADMIN }));

  // Roles with risky and safe trust policies.
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'public-trust',
      AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }]),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'vendor-audit',
      AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'sts:AssumeRole' }]),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'vendor-audit-externalid',
      AssumeRolePolicyDocument: doc([
        {
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::888888888888:root' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'f3a1-77' } },
        },
      ]),
    }),
  );
  const gh = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'github-deploy-any',
      AssumeRolePolicyDocument: doc([
        {
          Effect: 'Allow',
          Principal: { Federated: gh },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } },
        },
      ]),
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'github-deploy-main',
      AssumeRolePolicyDocument: doc([
        {
          Effect: 'Allow',
          Principal: { Federated: gh },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': 'repo:acme/web:ref:refs/heads/main',
            },
          },
        },
      ]),
    }),
  );

  // EC2 roles: an admin instance role, a CI role that can pass any role to EC2, a limited app role.
  for (const [name, policy] of [
    ['ec2-admin', ADMIN],
    ['app-reader', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
  ] as const) {
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: ec2Trust }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policy }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
  }
  await iam.send(new CreateRoleCommand({ RoleName: 'ci-runner', AssumeRolePolicyDocument: ec2Trust }));
  const passrole = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'ci-launch',
      PolicyDocument: doc([{ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' }]),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'ci-runner', PolicyArn: passrole.Policy!.Arn! }));
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'support',
      AssumeRolePolicyDocument: doc([
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: 'sts:AssumeRole',
          Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
        },
      ]),
    }),
  );
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'support', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }));
}
