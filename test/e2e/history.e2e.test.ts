// Three scans of a moto account in sequence with --db: fix something and break something, then
// break the fixed thing again while a check is left out. The store must say what was first seen
// when, what was resolved, what came back, and keep open what the third scan did not look at.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthorizeSecurityGroupIngressCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAll } from '../../scripts/seed.js';
import { CHECKS } from '../../checks/index.js';
import type { Report } from '../../src/model/findings.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { errorsOf, validateReport } from '../helpers/schemas.js';
import { runCli, scanArgs } from './cli.js';

const SSH = 'ec2.sg-ssh-open-internet';
const LEFT_OUT = 's3.bucket-policy-public-read';
const world22 = [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];

describe.runIf(runE2e)('scan history across three moto scans (--db)', () => {
  let moto: { endpoint: string; stop: () => Promise<void> };
  let ids: Record<string, string>;
  let ec2: EC2Client;
  const db = mkdtempSync(join(tmpdir(), 'incloud-history-db-'));
  const reports: Report[] = [];
  const outs: string[] = [];
  const scan = async (...extra: string[]) => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-history-'));
    outs.push(out);
    const r = await runCli([...scanArgs(moto.endpoint, out), '--db', db, ...extra]);
    expect([0, 3], r.stderr).toContain(r.code);
    expect(r.stderr).toMatch(/history \(.*\): scan \d+/);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    reports.push(report);
    return report;
  };
  const sshOn = (r: Report, group: string) => r.findings.find((f) => f.checkId === SSH && f.resource.arn.endsWith(group));

  beforeAll(async () => {
    moto = await startMoto();
    ids = await seedAll({ endpoint: moto.endpoint });
    ec2 = new EC2Client({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    });
    await scan();
    await ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: ids.sshWorld, IpPermissions: world22 }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids.internal, IpPermissions: world22 }));
    await scan();
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: ids.sshWorld, IpPermissions: world22 }));
    await scan(
      '--checks',
      CHECKS.map((c) => c.id)
        .filter((id) => id !== LEFT_OUT)
        .join(','),
    );
  }, 300_000);
  afterAll(async () => {
    ec2?.destroy();
    await moto?.stop();
  });

  it('every report carries its history and stays valid against the schema', () => {
    for (const r of reports) {
      expect(validateReport(r), errorsOf(validateReport)).toBe(true);
      expect(r.history!.store).toBe('pglite');
      expect(r.findings.every((f) => f.history)).toBe(true);
    }
    expect(reports[2]!.history!.trend.map((t) => t.scanId)).toEqual(reports.map((r) => r.history!.scanId));
  });

  it('the first scan is the baseline (nothing new); the second keeps first-seen dates and marks only its new finding', () => {
    const [first, second] = reports as [Report, Report];
    expect(first.findings.every((f) => !f.history!.new && f.history!.firstSeen === first.scan.collectedAt)).toBe(true);
    expect(first.history!.trend.at(-1)).toMatchObject({ baseline: true, new: 0 });
    const opened = sshOn(second, ids.internal!)!;
    expect(opened.history).toMatchObject({ new: true, firstSeen: second.scan.collectedAt });
    const kept = second.findings.filter((f) => f !== opened && f.checkId !== 'ec2.attack-path-internet-to-role');
    expect(kept.filter((f) => f.history!.new).map((f) => `${f.checkId} ${f.resource.name}`)).toEqual([]);
    expect(kept.every((f) => f.history!.firstSeen === first.scan.collectedAt)).toBe(true);
  });

  it('the fix is resolved by the second scan, because that scan assessed it', () => {
    const [first, second] = reports as [Report, Report];
    const fixed = sshOn(first, ids.sshWorld!)!;
    expect(sshOn(second, ids.sshWorld!)).toBeUndefined();
    expect(second.history!.resolved.map((r) => r.fingerprint)).toContain(fixed.fingerprint);
    expect(second.history!.trend.at(-1)!.resolved).toBeGreaterThanOrEqual(1);
  });

  it('the third scan reopens the regression and keeps the left-out check open as not re-assessed', () => {
    const [first, , third] = reports as [Report, Report, Report];
    const back = sshOn(third, ids.sshWorld!)!;
    expect(back.history).toMatchObject({ reopened: true, new: true, firstSeen: first.scan.collectedAt, ageDays: 0 });
    const leftOut = first.findings.filter((f) => f.checkId === LEFT_OUT);
    expect(leftOut.length).toBeGreaterThan(0);
    expect(third.findings.some((f) => f.checkId === LEFT_OUT)).toBe(false);
    expect(third.history!.unverified.map((u) => u.fingerprint).sort()).toEqual(leftOut.map((f) => f.fingerprint).sort());
    expect(third.history!.resolved.map((r) => r.checkId)).not.toContain(LEFT_OUT);
    expect(third.history!.trend.at(-1)).toMatchObject({ reopened: 1, unverified: leftOut.length });
  });

  it('incloud history lists the three scans and the HTML report draws the trend', async () => {
    const r = await runCli(['history', '--db', db, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const data = JSON.parse(r.stdout) as { scans: { scanId: number }[] };
    expect(data.scans).toHaveLength(3);
    const table = await runCli(['history', '--db', db, '--account', reports[0]!.scan.accountId]);
    const lines = table.stdout.trim().split('\n');
    expect(lines).toHaveLength(1 + 3 + 1 + 3 + reports[2]!.history!.mttrByDuty.length);
    // Each scan's framework scores, as its report has them, for the score trend.
    expect(lines[4]).toBe('compliance score per scan (fsbp, cis-7.0, cis-6.0):');
    const last = reports[2]!.compliance!.map((f) => `${f.summary.score}% (${f.summary.fail} fail)`).join('  ');
    expect(lines[7]).toContain(last);
    expect(reports[2]!.history!.trend.map((t) => t.compliance?.length)).toEqual([3, 3, 3]);
    const html = readFileSync(join(outs[2]!, 'report.html'), 'utf8');
    expect(html).toContain('aria-label="Compliance score per framework over the last 3 scans"');
  });
});
