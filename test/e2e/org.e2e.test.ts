// Organization scans against moto's Organizations and cross-account AssumeRole, with moto's
// IAM enforcement on: the scanner is a user of the management account that may assume the
// member role everywhere except in "legacy" (as when a member's role does not trust it).
// Each member has its own planted finding; one account is closed.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannerUser, seedOrganization, type SeededOrg } from '../../scripts/seed-org.js';
import type { Report } from '../../src/model/findings.js';
import type { OrgReport } from '../../src/model/org-report.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { errorsOf, validateOrgReport } from '../helpers/schemas.js';
import { orgScanArgs, runCli } from './cli.js';

const MEMBERS = [
  { name: 'payments', plant: 'open-ssh' as const },
  { name: 'analytics', plant: 'public-bucket' as const },
  { name: 'sandbox', plant: 'admin-user' as const },
  { name: 'legacy', plant: 'none' as const },
  { name: 'retired', plant: 'closed' as const },
];

describe.runIf(runE2e)('scan --org (moto Organizations, IAM enforced)', () => {
  let moto: { endpoint: string; stop: () => Promise<void> };
  let org: SeededOrg;
  let keys: Record<string, string>;
  const member = (name: string) => org.members.find((m) => m.name === name)!;
  const orgArgs = (out: string, ...extra: string[]) => orgScanArgs(moto.endpoint, out, ...extra);
  const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
  let full: { code: number; stderr: string; out: string; report: OrgReport };

  beforeAll(async () => {
    moto = await startMoto();
    org = await seedOrganization(moto.endpoint, MEMBERS);
    const k = await scannerUser(moto.endpoint, [member('legacy').id]);
    keys = { AWS_ACCESS_KEY_ID: k.accessKeyId, AWS_SECRET_ACCESS_KEY: k.secretAccessKey };
    const res = await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' });
    expect(res.status).toBe(200);
    const out = mkdtempSync(join(tmpdir(), 'incloud-org-'));
    const r = await runCli(orgArgs(out), keys);
    full = { ...r, out, report: readJson<OrgReport>(join(out, 'org-report.json')) };
  }, 240_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it('writes a valid org report: every account with its status, exit 3 for the one not assessed', () => {
    expect(full.code, full.stderr).toBe(3);
    expect(validateOrgReport(full.report), errorsOf(validateOrgReport)).toBe(true);
    const status = Object.fromEntries(full.report.accounts.map((a) => [a.name, a.status]));
    expect(status.legacy).toBe('not-assessed');
    expect(status.retired).toBe('skipped');
    for (const name of ['payments', 'analytics', 'sandbox']) expect(['assessed', 'incomplete']).toContain(status[name]);
    expect(full.report.accounts.map((a) => a.id)).toContain(org.managementAccountId);
    expect(full.report.organization).toMatchObject({ id: org.organizationId, managementAccountId: org.managementAccountId });
    const legacy = full.report.accounts.find((a) => a.name === 'legacy')!;
    expect(legacy.reason).toContain(`cannot assume arn:aws:iam::${legacy.id}:role/OrganizationAccountAccessRole (AccessDenied`);
    expect(full.report.accounts.find((a) => a.name === 'retired')!.reason).toBe('account is suspended');
    expect(full.report.accounts[0]!.status).toBe('not-assessed');
    expect(full.stderr).toContain(`account ${legacy.id} not assessed`);
  });

  it('attributes each planted finding to its own account and OU, and nowhere else', () => {
    const where = (checkId: string) =>
      full.report.findings.filter((f) => f.checkId === checkId && !f.resource.name.startsWith('default')).map((f) => f.accountName);
    expect(where('ec2.sg-ssh-open-internet')).toEqual(['payments']);
    expect(where('s3.bucket-policy-public-read')).toEqual(['analytics']);
    const admins = full.report.findings.filter((f) => f.resource.name === 'sandbox-ops');
    expect(admins.length).toBeGreaterThan(0);
    expect(new Set(admins.map((f) => f.accountId))).toEqual(new Set([member('sandbox').id]));
    const ssh = full.report.findings.find((f) => f.checkId === 'ec2.sg-ssh-open-internet')!;
    expect(ssh.ouPath.map((u) => u.name)).toEqual(['Root', 'Prod', 'Payments']);
    for (const f of full.report.findings)
      expect(f.resource.accountId === f.accountId || f.resource.arn.startsWith('arn:aws:s3:::')).toBe(true);
  });

  it("ranks findings across the organization, and each account report is today's report of that account", () => {
    const prios = full.report.findings.map((f) => f.priority);
    expect(prios).toEqual(prios.map((_, i) => i + 1));
    const scores = full.report.findings.map((f) => f.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const a of full.report.accounts.filter((x) => x.status === 'assessed' || x.status === 'incomplete')) {
      const own = readJson<Report>(join(full.out, 'accounts', a.id, 'report.json'));
      expect(own.scan.accountId).toBe(a.id);
      const inOrg = full.report.findings.filter((f) => f.accountId === a.id).map((f) => f.fingerprint);
      expect(inOrg.sort()).toEqual(own.findings.map((f) => f.fingerprint).sort());
      expect(a.reportHref).toBe(`accounts/${a.id}/report.html`);
    }
  });

  it('the HTML report names accounts and OUs, links each account report, and carries no markup from AWS raw', () => {
    const html = readFileSync(join(full.out, 'org-report.html'), 'utf8');
    expect(html).toContain(`href="accounts/${member('payments').id}/report.html"`);
    expect(html).toContain('Root / Prod / Payments');
    expect(html).toContain(org.ous.payments);
    expect(html).not.toMatch(/<(link|img|iframe)\b[^>]*(https?:)?\/\//);
  });

  it('--ou selects the accounts under an OU, nested OUs included; --exclude-accounts removes one', async () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-org-ou-'));
    const r = await runCli(orgArgs(out, '--ou', org.ous.prod, '--format', 'json'), keys);
    expect(r.code, r.stderr).toBe(3);
    expect(readJson<OrgReport>(join(out, 'org-report.json')).accounts.map((a) => a.name)).toEqual(['legacy', 'payments']);
    const out2 = mkdtempSync(join(tmpdir(), 'incloud-org-ex-'));
    const db = mkdtempSync(join(tmpdir(), 'incloud-org-db-'));
    const r2 = await runCli(
      orgArgs(out2, '--accounts', `${member('payments').id},${member('legacy').id}`, '--exclude-accounts', member('legacy').id, '--db', db),
      keys,
    );
    expect(r2.stderr).not.toContain('not assessed:');
    const withHistory = readJson<OrgReport>(join(out2, 'org-report.json'));
    expect(withHistory.accounts.map((a) => a.name)).toEqual(['payments']);
    // The account's first recorded scan is its baseline: recorded, but nothing in it is "new".
    expect(withHistory.findings.every((f) => f.history?.new === false && f.history.firstSeen)).toBe(true);
    expect(withHistory.trend).toMatchObject([
      { baseline: true, new: 0, accounts: [{ accountId: member('payments').id, accountName: 'payments' }] },
    ]);
    // A second organization scan of two accounts: the trend has both scans, and history keeps each scan's accounts together.
    const out3 = mkdtempSync(join(tmpdir(), 'incloud-org-ex-'));
    const r3 = await runCli(orgArgs(out3, '--accounts', `${member('payments').id},${member('legacy').id}`, '--db', db), keys);
    expect(r3.stderr).toContain(`account ${member('legacy').id} not assessed`);
    const second = readJson<OrgReport>(join(out3, 'org-report.json'));
    expect(second.trend!.map((t) => [t.orgScanId, t.accounts.length])).toEqual([
      [withHistory.scanId, 1],
      [second.scanId, 1],
    ]);
    expect(readFileSync(join(out3, 'org-report.html'), 'utf8')).toContain('Trend across the organization');
    const history = await runCli(['history', '--db', db, '--json']);
    const data = JSON.parse(history.stdout) as {
      scans: { accountId: string; orgScanId: string }[];
      organizationScans: { orgScanId: string }[];
    };
    expect(data.scans.map((x) => [x.accountId, x.orgScanId])).toEqual([
      [member('payments').id, withHistory.scanId],
      [member('payments').id, second.scanId],
    ]);
    expect(data.organizationScans.map((g) => g.orgScanId)).toEqual([withHistory.scanId, second.scanId]);
    const table = (await runCli(['history', '--db', db, '--last', '1'])).stdout.split('\n');
    expect(table[1]).toMatch(new RegExp(`^organization scan ${second.scanId}: 1 account\\(s\\), (in)?complete, open [0-9/]+, \\d+ new`));
    expect(table[2]).toMatch(new RegExp(`^  \\d+ .* ${member('payments').id} .*  payments$`));
  });

  it('--accounts-file scans the listed role ARNs without Organizations', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incloud-org-file-'));
    const file = join(dir, 'accounts.txt');
    writeFileSync(
      file,
      `# role ARNs\narn:aws:iam::${member('analytics').id}:role/OrganizationAccountAccessRole analytics team\n\narn:aws:iam::${member('legacy').id}:role/OrganizationAccountAccessRole\n`,
    );
    const r = await runCli(
      ['scan', '--accounts-file', file, '--endpoint-url', moto.endpoint, '--regions', 'us-east-1', '--out', dir],
      keys,
    );
    expect(r.code, r.stderr).toBe(3);
    const report = readJson<OrgReport>(join(dir, 'org-report.json'));
    expect(report.organization.source).toBe('accounts-file');
    expect(Object.fromEntries(report.accounts.map((a) => [a.name, a.status]))).toMatchObject({ 'analytics team': expect.any(String) });
    expect(report.accounts.find((a) => a.id === member('legacy').id)!.status).toBe('not-assessed');
  });

  it('refuses bad selections with one line and exit 2, before scanning', async () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-org-bad-'));
    for (const [extra, message] of [
      [['--accounts', '123'], /not a 12-digit account id: 123/],
      [['--accounts', '999999999999'], /not in this organization: 999999999999/],
      [['--ou', 'ou-zzzz-zzzzzzzz'], /no account of this organization is under ou-zzzz-zzzzzzzz/],
      [['--role-arn', 'arn:aws:iam::111111111111:role/x'], /--role-arn is for one account/],
    ] as const) {
      const r = await runCli(orgArgs(out, ...extra), keys);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
});
