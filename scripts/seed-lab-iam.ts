// The IAM side of the attack-path lab (scripts/seed-lab.ts): roles behind instances and
// functions, users that are the entry points of the planted chains, and their look-alikes.
// Writes to the emulator only.

import {
  AddRoleToInstanceProfileCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateInstanceProfileCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { ACCOUNT } from './seed.js';
import { doc } from './seed-iam.js';

export const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const trust = (principal: unknown) => doc([{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }]);
const allow = (Action: string | string[], Resource: string | string[], Condition?: unknown) => ({
  Effect: 'Allow',
  Action,
  Resource,
  ...(Condition ? { Condition } : {}),
});

/** Instance roles: name -> inline statements (or 'admin'). */
const INSTANCE_ROLES: Record<string, unknown[] | 'admin'> = {
  'lab-app-reader': [allow('s3:GetObject', 'arn:aws:s3:::lab-customer-data/*'), allow('s3:ListBucket', 'arn:aws:s3:::lab-customer-data')],
  'lab-api-writer': [allow('s3:PutObject', 'arn:aws:s3:::lab-public-site/*')],
  'lab-jump': [allow('sts:AssumeRole', arn('role', 'lab-ops'))],
  'lab-ci': [allow('iam:PassRole', arn('role', 'lab-deploy-admin')), allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*')],
  'lab-legacy': [allow('s3:PutBucketPolicy', 'arn:aws:s3:::lab-backups')],
  'lab-closed-admin': 'admin',
  'lab-island-admin': 'admin',
  'lab-guarded-admin': 'admin',
  'lab-batch-admin': 'admin',
  'lab-batch2-admin': 'admin',
};

async function role(iam: IAMClient, name: string, trustDoc: string, statements: unknown[] | 'admin'): Promise<void> {
  await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustDoc }));
  if (statements === 'admin') await iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: ADMIN }));
  else if (statements.length)
    await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: `${name}-policy`, PolicyDocument: doc(statements) }));
}

async function user(iam: IAMClient, name: string, statements: unknown[], entry: 'key' | 'password' = 'key'): Promise<void> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (statements.length)
    await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: `${name}-policy`, PolicyDocument: doc(statements) }));
  if (entry === 'key') await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  else await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: 'Lab-Password-1234!' }));
}

export async function seedLabIam(iam: IAMClient): Promise<void> {
  const ec2Trust = trust({ Service: 'ec2.amazonaws.com' });
  for (const [name, statements] of Object.entries(INSTANCE_ROLES)) {
    await role(iam, name, ec2Trust, statements);
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
  }
  const accountTrust = trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` });
  // Role chains and their admin ends.
  await role(iam, 'lab-ops', trust({ AWS: arn('role', 'lab-jump') }), 'admin');
  await role(iam, 'lab-hop-a', accountTrust, [allow('sts:AssumeRole', arn('role', 'lab-hop-b'))]);
  await role(iam, 'lab-hop-b', trust({ AWS: arn('role', 'lab-hop-a') }), []);
  await role(iam, 'lab-admin', trust({ AWS: arn('role', 'lab-hop-b') }), 'admin');
  await role(iam, 'lab-data-role', accountTrust, [allow(['s3:GetObject', 's3:DeleteObject'], 'arn:aws:s3:::lab-finance/*')]);
  await role(iam, 'lab-worker', trust({ AWS: arn('user', 'lab-heidi') }), []);
  const lambdaTrust = trust({ Service: 'lambda.amazonaws.com' });
  await role(iam, 'lab-deploy-admin', lambdaTrust, 'admin');
  await role(iam, 'lab-fn-admin', lambdaTrust, 'admin');
  await role(iam, 'lab-fn-basic', lambdaTrust, []);

  // Entry points of the planted chains.
  await user(iam, 'lab-dev-alice', [allow('sts:AssumeRole', arn('role', 'lab-hop-a'))]);
  await user(iam, 'lab-contractor-bob', [allow('sts:AssumeRole', arn('role', 'lab-data-role'))], 'password');
  const fn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;
  await user(iam, 'lab-deployer-carol', [allow('lambda:UpdateFunctionCode', fn('lab-nightly-report'))]);
  const instances = 'arn:aws:ec2:*:*:instance/*';
  const documents = 'arn:aws:ssm:*:*:document/*';
  await user(iam, 'lab-ops-erin', [
    allow('ssm:SendCommand', instances, { StringEquals: { 'ec2:ResourceTag/env': 'prod' } }),
    allow('ssm:SendCommand', documents),
  ]);
  const devOnly = { StringEquals: { 'ec2:ResourceTag/env': 'dev' } };
  await user(iam, 'lab-tagger-frank', [
    allow('ssm:SendCommand', instances, devOnly),
    allow('ssm:SendCommand', documents),
    allow(['ec2:CreateTags', 'ec2:DeleteTags'], instances, { StringEquals: { 'ec2:ResourceTag/Name': 'lab-batch-2' } }),
  ]);
  await user(iam, 'lab-heidi', [allow('iam:PutRolePolicy', arn('role', 'lab-worker'))]);
  await user(iam, 'lab-kim', [
    allow('iam:PassRole', arn('role', 'lab-deploy-admin')),
    allow(['lambda:CreateFunction', 'lambda:InvokeFunction'], '*'),
  ]);
  // A policy whose old version grants everything: switching back to it is the escalation.
  for (const [name, old] of [
    ['lab-ivan', allow('*', '*')],
    ['lab-judy', allow('s3:ListAllMyBuckets', '*')],
  ] as const) {
    const policyName = `${name}-managed`;
    const current = doc([allow('iam:SetDefaultPolicyVersion', arn('policy', policyName)), allow('s3:ListAllMyBuckets', '*')]);
    const created = await iam.send(new CreatePolicyCommand({ PolicyName: policyName, PolicyDocument: doc([old]) }));
    await iam.send(new CreatePolicyVersionCommand({ PolicyArn: created.Policy!.Arn!, PolicyDocument: current, SetAsDefault: true }));
    await user(iam, name, []);
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: created.Policy!.Arn! }));
  }

  // Look-alikes: each differs from a chain above by the one thing that breaks it.
  await user(iam, 'lab-deployer-dave', [allow('lambda:UpdateFunctionCode', fn('lab-thumbnailer'))]);
  await user(iam, 'lab-tagger-grace', [allow('ssm:SendCommand', instances, devOnly), allow('ssm:SendCommand', documents)]);
  await user(iam, 'lab-lonely-leo', [allow('sts:AssumeRole', arn('role', 'lab-admin'))]);
  await user(iam, 'lab-nemo', [allow('lambda:UpdateFunctionCode', fn('lab-retired-*'))]);
  // Background: people with console access and no MFA, the noise a real account has.
  for (let i = 0; i < 20; i++) await user(iam, `lab-staff-${String(i).padStart(2, '0')}`, [], i % 2 ? 'key' : 'password');
}
