// incloud securityhub sync against moto's Security Hub (BatchImportFindings, GetFindings; the
// moto front stands in for BatchUpdateFindings) after three --db scans of a moto account: fix
// one finding, break one, then leave a check out. The fix is archived, the new one imported, the
// left-out one stays active; no scan ever wrote to Security Hub; the key is printed nowhere.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { GetFindingsCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { seedAll } from '../../scripts/seed.js';
import type { Report } from '../../src/model/findings.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { errorsOf, validateAsff } from '../helpers/schemas.js';
import { storeText } from '../helpers/store-records.js';
import { runCli, scanArgs } from './cli.js';

const SSH = 'ec2.sg-ssh-open-internet';
const LEFT_OUT = 's3.bucket-policy-public-read';
const world22 = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];
const HUB_SECRET = 'hubSECRETkey0000x9f2';
const PRODUCT = 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default';

describe.runIf(runE2e)('incloud securityhub sync against moto, across three --db scans', () => {
  let moto: { endpoint: string; stop: () => Promise<void> };
  let ids: Record<string, string>;
  let ec2: EC2Client;
  let hub: SecurityHubClient;
  const db = mkdtempSync(join(tmpdir(), 'incloud-hub-db-'));
  const reports: Report[] = [];
  const outputs: string[] = [];
  const scan = async (...extra: string[]) => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-hub-'));
    const r = await runCli([...scanArgs(moto.endpoint, out), '--db', db, '--format', 'json,asff', ...extra]);
    expect([0, 3], r.stderr).toContain(r.code);
    reports.push(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report);
    return out;
  };
  const sync = async (...extra: string[]) => {
    const r = await runCli(['securityhub', 'sync', '--db', db, '--region', 'us-east-1', '--endpoint-url', moto.endpoint, ...extra], {
      AWS_ACCESS_KEY_ID: 'AKIAHUBSYNC000000001',
      AWS_SECRET_ACCESS_KEY: HUB_SECRET,
    });
    outputs.push(r.stdout + r.stderr);
    return r;
  };
  const inHub = async (): Promise<Map<string, AwsSecurityFinding>> => {
    const all = new Map<string, AwsSecurityFinding>();
    let NextToken: string | undefined;
    do {
      const page = await hub.send(new GetFindingsCommand({ MaxResults: 100, ...(NextToken ? { NextToken } : {}) }));
      for (const f of page.Findings ?? []) all.set(f.Id!, f);
      NextToken = page.NextToken || undefined;
    } while (NextToken);
    return all;
  };
  const idOf = (checkId: string, arnEnd: string, r: Report) =>
    `incloud/${r.findings.find((f) => f.checkId === checkId && f.resource.arn.endsWith(arnEnd))!.fingerprint}`;

  beforeAll(async () => {
    moto = await startMoto();
    ids = await seedAll({ endpoint: moto.endpoint });
    const client = { region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    ec2 = new EC2Client(client);
    hub = new SecurityHubClient(client);
  }, 300_000);
  afterAll(async () => {
    ec2?.destroy();
    hub?.destroy();
    await moto?.stop();
  });

  it('scan one: no scan writes to Security Hub; --format asff documents are valid; sync imports every open finding, active', async () => {
    const out = await scan();
    const asff = JSON.parse(readFileSync(join(out, 'findings.asff.json'), 'utf8')) as object[];
    expect(asff.length).toBe(reports[0]!.findings.length + reports[0]!.suppressedFindings.length);
    for (const d of asff) expect(validateAsff(d), errorsOf(validateAsff)).toBe(true);
    expect((await inHub()).size).toBe(0);
    const dry = await sync('--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain(`${reports[0]!.findings.length} to import (active), 0 to archive`);
    expect((await inHub()).size).toBe(0);
    const r = await sync();
    expect(r.code, r.stderr).toBe(0);
    const held = await inHub();
    expect(held.size).toBe(reports[0]!.findings.length);
    const ssh = held.get(idOf(SSH, ids.sshWorld!, reports[0]!))!;
    expect(ssh).toMatchObject({ ProductArn: PRODUCT, GeneratorId: SSH, RecordState: 'ACTIVE', AwsAccountId: '123456789012' });
    expect(ssh.Compliance?.RelatedRequirements).toEqual(
      expect.arrayContaining(['CIS AWS Foundations Benchmark v7.0.0/6.3', 'AWS Foundational Security Best Practices v1.0.0/EC2.19']),
    );
    const again = await sync();
    expect(again.stderr).toMatch(/\d+ imported \(0 of them archived\), 0 marked suppressed, 0 already settled, 0 failed/);
  }, 180_000);

  it('scan two: the fixed finding is archived (it was assessed), the broken one imported', async () => {
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: ids.sshWorld, IpPermissions: world22 }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids.internal, IpPermissions: world22 }));
    await scan();
    const r = await sync();
    expect(r.code, r.stderr).toBe(0);
    const held = await inHub();
    expect(held.get(idOf(SSH, ids.sshWorld!, reports[0]!))).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } });
    expect(held.get(idOf(SSH, ids.internal!, reports[1]!))).toMatchObject({ RecordState: 'ACTIVE', Compliance: { Status: 'FAILED' } });
    expect(r.stderr).toMatch(/\((\d+) of them archived\)/);
  }, 180_000);

  it('scan three leaves a check out: its findings stay active (not re-assessed is never resolved); a suppression is marked with its reason', async () => {
    const leftOut = reports[1]!.findings.filter((f) => f.checkId === LEFT_OUT);
    expect(leftOut.length).toBeGreaterThan(0);
    const suppressed = reports[1]!.findings.find((f) => f.checkId === SSH && f.resource.arn.endsWith(ids.internal!))!;
    const file = join(mkdtempSync(join(tmpdir(), 'incloud-hub-sup-')), 'suppressions.json');
    writeFileSync(
      file,
      JSON.stringify({
        suppressions: [{ checkId: SSH, resource: suppressed.resource.arn, reason: 'bastion, ticket SEC-12', expires: '2099-01-01' }],
      }),
    );
    await scan(
      '--suppressions',
      file,
      '--checks',
      CHECKS.map((c) => c.id)
        .filter((id) => id !== LEFT_OUT)
        .join(','),
    );
    const r = await sync();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('1 marked suppressed');
    const held = await inHub();
    for (const f of leftOut)
      expect(held.get(`incloud/${f.fingerprint}`)).toMatchObject({ RecordState: 'ACTIVE', Compliance: { Status: 'WARNING' } });
    expect(held.get(`incloud/${suppressed.fingerprint}`)).toMatchObject({
      RecordState: 'ACTIVE',
      Workflow: { Status: 'SUPPRESSED' },
      Note: { Text: 'Suppressed in incloud until 2099-01-01: bastion, ticket SEC-12', UpdatedBy: 'incloud' },
    });
    const quiet = await sync();
    expect(quiet.stderr).toContain('0 marked suppressed');
  }, 180_000);

  it('refuses the wrong account and a missing Region in one line; the sync key is nowhere', async () => {
    const wrong = await sync('--account', '999999999999');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim()).toBe(
      "incloud: securityhub: --account 999999999999 but the credentials are of 123456789012; Security Hub takes an account's findings only from that account",
    );
    const noRegion = await runCli(['securityhub', 'sync', '--db', db], { AWS_REGION: '' });
    expect(noRegion.code).toBe(2);
    expect(outputs.join('\n') + (await storeText(db, ['findings', 'scans']))).not.toContain(HUB_SECRET);
  }, 60_000);
});
