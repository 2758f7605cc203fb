// Two scans of a moto account with one change in between: the diff shows exactly that change.

import { AuthorizeSecurityGroupIngressCommand, DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { DeleteBucketPolicyCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, seedAll } from '../../scripts/seed.js';
import type { ReportDiff } from '../../src/engine/diff.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { runCli, scanArgs } from './cli.js';

describe.runIf(runE2e)('diff of two scans of a changed account', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  const dir = mkdtempSync(join(tmpdir(), 'incloud-diff-'));
  let diff: ReportDiff;
  let baselineRun: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    moto = await startMoto();
    await seedAll({ endpoint: moto.endpoint });
    const scan = (out: string, extra: string[] = []) =>
      runCli([...scanArgs(moto.endpoint, join(dir, out)), '--format', 'json', '-q', ...extra]);
    expect((await scan('before')).code).toBe(3);
    // The change: RDP opened to the world on the bastion's web group; the public-read policy removed.
    const c = clients({ endpoint: moto.endpoint });
    const web = (await c.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['web-443-80'] }] })))
      .SecurityGroups![0]!.GroupId!;
    await c.ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: web,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
    );
    await c.s3.send(new DeleteBucketPolicyCommand({ Bucket: 'acme-public-assets' }));
    c.ec2.destroy();
    c.s3.destroy();
    c.iam.destroy();
    baselineRun = await scan('after', ['--baseline', join(dir, 'before', 'report.json'), '--fail-on', 'critical']);
    const d = await runCli(['diff', join(dir, 'before', 'report.json'), join(dir, 'after', 'report.json'), '--json']);
    expect(d.code).toBe(0);
    diff = JSON.parse(d.stdout) as ReportDiff;
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('shows exactly the change', () => {
    expect(diff.added.map((f) => `${f.checkId} ${f.resource.name.replace(/ \(.*/, '')} ${f.severity}`)).toEqual([
      'ec2.sg-rdp-open-internet web-443-80 critical',
    ]);
    expect(diff.resolved.map((f) => `${f.checkId} ${f.resource.name}`)).toEqual(['s3.bucket-policy-public-read acme-public-assets']);
    expect(diff.unknown).toEqual([]);
    // Logging on a bucket that is no longer public matters less: same ticket, lower severity.
    expect(diff.severityChanged).toEqual([
      expect.objectContaining({ checkId: 's3.bucket-access-logging-disabled', from: 'medium', to: 'low' }),
    ]);
  });

  it('a baseline run gates only on new findings and writes diff.json', () => {
    expect(baselineRun.code).toBe(1); // the new RDP finding is critical
    const d = JSON.parse(readFileSync(join(dir, 'after', 'diff.json'), 'utf8')) as ReportDiff;
    expect(d.added).toHaveLength(1);
  });

  it('prints a human-readable diff', async () => {
    const d = await runCli(['diff', join(dir, 'before', 'report.json'), join(dir, 'after', 'report.json'), '--fail-on', 'high']);
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(/\+ new\s+critical ec2\.sg-rdp-open-internet/);
    expect(d.stdout).toMatch(/- resolved critical s3\.bucket-policy-public-read\s+acme-public-assets/);
    expect(d.stdout).toMatch(/1 new, 1 resolved, \d+ unchanged, 0 not re-assessed/);
  });
});
