// Denied permissions through moto's real IAM enforcement: the scanner runs as IAM users whose
// policies lack single reads, and as a user with only AWS's SecurityAudit policy. Every denied
// call names the IAM action it needs, every check that needed it is "not assessed", the duty
// says so, and the exit code is 3: never a pass.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients as seedClients, seedAll } from '../../scripts/seed.js';
import { scannerActions } from '../../src/collect/permissions.js';
import type { Report } from '../../src/model/findings.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { runCli, scanArgs } from './cli.js';

/**
 * moto authorises some calls under other action names than AWS: the bucket sub-resources it
 * has no mapping for (publicAccessBlock, encryption, ownershipControls, policyStatus,
 * object-lock, replication) as s3:ListBucket, and S3 Control's account Block Public Access as
 * s3:GetPublicAccessBlock (AWS: s3:GetAccountPublicAccessBlock).
 */
const MOTO_NAMES = ['s3:ListBucket', 's3:GetPublicAccessBlock'];

interface Keys {
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
}

async function scanner(iam: IAMClient, name: string, policyArn: string): Promise<Keys> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { AWS_ACCESS_KEY_ID: k.AccessKeyId!, AWS_SECRET_ACCESS_KEY: k.SecretAccessKey! };
}

async function policyWithout(iam: IAMClient, name: string, missing: string[]): Promise<string> {
  const Action = [...scannerActions(), ...MOTO_NAMES].filter((a) => !missing.includes(a));
  const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource: '*' }] });
  return (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: doc }))).Policy!.Arn!;
}

const CASES: { area: string; missing: string[]; operation: string; checks: string[]; duty: string }[] = [
  {
    area: 'EC2',
    missing: ['ec2:DescribeSecurityGroups'],
    operation: 'DescribeSecurityGroups',
    checks: ['ec2.sg-ssh-open-internet', 'ec2.sg-unused'],
    duty: 'network',
  },
  {
    area: 'S3',
    missing: ['s3:GetBucketPolicy'],
    operation: 'GetBucketPolicy',
    checks: ['s3.bucket-policy-public-read', 's3.bucket-tls-not-enforced'],
    duty: 'data-access',
  },
  {
    area: 'S3 Control',
    missing: ['s3:GetPublicAccessBlock'],
    operation: 'GetPublicAccessBlock',
    checks: ['s3.account-bpa-incomplete'],
    duty: 'data-access',
  },
  {
    area: 'IAM',
    missing: ['iam:GetAccountAuthorizationDetails'],
    operation: 'GetAccountAuthorizationDetails',
    checks: ['iam.principal-privilege-escalation', 'iam.aws-admin-policy-attached'],
    duty: 'identity',
  },
  {
    area: 'IAM credential report',
    missing: ['iam:GetCredentialReport'],
    operation: 'GetCredentialReport',
    checks: ['iam.user-console-no-mfa'],
    duty: 'credentials',
  },
];

describe.runIf(runE2e)('denied permissions under real IAM enforcement (moto)', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  const keys = new Map<string, Keys>();

  const scan = async (who: string) => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-perm-'));
    const res = await runCli(
      [...scanArgs(moto.endpoint, out), '--format', 'json', '-q'],
      keys.get(who)! as unknown as Record<string, string>,
    );
    return { ...res, report: JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report };
  };

  beforeAll(async () => {
    moto = await startMoto();
    await seedAll({ endpoint: moto.endpoint });
    const { iam } = seedClients({ endpoint: moto.endpoint });
    keys.set('full', await scanner(iam, 'audit-full', await policyWithout(iam, 'incloud-scanner', [])));
    keys.set('security-audit', await scanner(iam, 'audit-securityaudit', 'arn:aws:iam::aws:policy/SecurityAudit'));
    for (const c of CASES)
      keys.set(
        c.area,
        await scanner(
          iam,
          `audit-no-${c.missing[0]!.replace(/[:]/g, '-')}`,
          await policyWithout(iam, `without-${c.missing[0]!.replace(/[:]/g, '-')}`, c.missing),
        ),
      );
    iam.destroy();
    // From here on every request is authorised against the caller's IAM policies.
    const res = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    expect(res.status).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it('the documented scanner policy is enough: no call is denied', async () => {
    const r = await scan('full');
    expect(r.report.errors.filter((e) => e.kind === 'denied')).toEqual([]);
  }, 60_000);

  it("AWS's SecurityAudit policy alone is enough: no call is denied", async () => {
    const r = await scan('security-audit');
    // moto's copy of SecurityAudit grants S3 Control reads under AWS's name, which moto does not use.
    expect(r.report.errors.filter((e) => e.kind === 'denied' && e.service !== 's3control')).toEqual([]);
  }, 60_000);

  it.each(CASES)(
    'without $missing ($area): the denial names the action, its checks are not assessed, exit 3',
    async (c) => {
      const r = await scan(c.area);
      expect(r.code).toBe(3);
      const denied = r.report.errors.filter((e) => e.kind === 'denied');
      expect(denied.length).toBeGreaterThan(0);
      // The S3 Control denial is under moto's name; incloud names AWS's action.
      const action = c.area === 'S3 Control' ? 's3:GetAccountPublicAccessBlock' : c.missing[0]!;
      expect(
        denied.every((e) => e.operation === c.operation && e.permission === action),
        JSON.stringify(denied),
      ).toBe(true);
      for (const check of c.checks) {
        expect(
          r.report.notAssessed.some((n) => n.checkId === check && n.reason.includes(action)),
          check,
        ).toBe(true);
        expect(r.report.findings.filter((f) => f.checkId === check)).toEqual([]);
      }
      expect(r.report.duties.find((d) => d.id === c.duty)!.status).toMatch(/partly-assessed|not-assessed|failing/);
      expect(r.report.duties.find((d) => d.id === c.duty)!.notAssessed).toBeGreaterThan(0);
    },
    60_000,
  );
});
