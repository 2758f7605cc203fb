// Organization-wide effective access against moto's Organizations (SCPs and RCPs enabled, IAM
// enforced for the scanner): guardrails decide verdicts, sister accounts are internal, and paths
// that cross accounts are one finding each, with their traps left clean. The organization is
// described in scripts/seed-org-guardrails.ts.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTSIDE_ACCOUNT, seedGuardedOrganization, type GuardedAccount, type GuardedOrg } from '../../scripts/seed-org-guardrails.js';
import { scannerUser } from '../../scripts/seed-org.js';
import type { Finding, Report } from '../../src/model/findings.js';
import type { OrgFinding, OrgReport } from '../../src/model/org-report.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { errorsOf, validateOrganization, validateOrgReport, validateReport } from '../helpers/schemas.js';
import { BIN, orgScanArgs, runCli } from './cli.js';

describe.runIf(runE2e)('organization guardrails and cross-account paths (moto Organizations)', () => {
  let moto: { endpoint: string; stop: () => Promise<void> };
  let org: GuardedOrg;
  let out: string;
  let report: OrgReport;
  const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;
  const id = (a: GuardedAccount) => org.accounts[a];
  const about = (checkId: string, account: GuardedAccount, name: string): OrgFinding | undefined =>
    report.findings.find((f) => f.checkId === checkId && f.accountId === id(account) && f.resource.name === name);
  const paths = () => report.findings.filter((f) => f.checkId === 'org.cross-account-path');

  beforeAll(async () => {
    moto = await startMoto();
    org = await seedGuardedOrganization(moto.endpoint);
    const k = await scannerUser(moto.endpoint, []);
    expect((await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' })).status).toBe(200);
    out = mkdtempSync(join(tmpdir(), 'incloud-org-guard-'));
    const r = await runCli(orgScanArgs(moto.endpoint, out), { AWS_ACCESS_KEY_ID: k.accessKeyId, AWS_SECRET_ACCESS_KEY: k.secretAccessKey });
    expect([0, 1, 3], r.stderr).toContain(r.code);
    report = readJson<OrgReport>(join(out, 'org-report.json'));
  }, 240_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it('reads the SCPs and RCPs once and says for each account whether they were part of its verdicts', () => {
    expect(validateOrgReport(report), errorsOf(validateOrgReport)).toBe(true);
    const guardrails = Object.fromEntries(report.accounts.map((a) => [a.name, a.guardrails]));
    expect(guardrails.master).toEqual({ status: 'management-account', organizationId: org.organizationId });
    // prod: root (FullAWSAccess, region lock), Workloads (FullAWSAccess and two SCPs), the account (FullAWSAccess).
    expect(guardrails.prod).toMatchObject({ status: 'evaluated', scps: 6 });
    expect(guardrails.sandbox).toMatchObject({ status: 'evaluated' });
    const facts = readJson<Record<string, unknown>>(join(out, 'organization.json'));
    expect(validateOrganization(facts), errorsOf(validateOrganization)).toBe(true);
    const scps = (facts.guardrails as { scp: { id: string; targets: string[] }[] }).scp;
    expect(scps.find((p) => p.id === org.policies.noIamWrites)!.targets).toEqual([org.ous.workloads]);
  });

  it('an SCP that blocks an escalation makes it info naming the policy, OU and statement; the exempt BreakGlass role and the ungoverned twin stay', () => {
    const blocked = about('iam.principal-privilege-escalation', 'prod', 'prod-escalator')!;
    expect(blocked.severity).toBe('info');
    expect(blocked.message).toContain(
      `SCP ${org.policies.noIamWrites} (noIamWrites) at OU Workloads (${org.ous.workloads}) denies iam:AttachUserPolicy (statement "NoIamWritesButBreakGlass")`,
    );
    expect(about('iam.principal-privilege-escalation', 'prod', 'BreakGlass')!.severity).toBe('medium');
    expect(about('iam.principal-privilege-escalation', 'legacy', 'legacy-escalator')!.severity).toBe('critical');
    const sandbox = about('iam.principal-privilege-escalation', 'sandbox', 'sandbox-escalator')!;
    expect(sandbox.severity).toBe('info');
    expect(sandbox.message).toContain(`iam:AttachUserPolicy is allowed by none of the SCPs at OU Sandbox (${org.ous.sandbox})`);
  });

  it('an SCP that takes away only part of an admin (IAM writes, an allow-list of services) leaves it admin, and says so', () => {
    const deploy = about('iam.aws-admin-policy-attached', 'prod', 'deploy')!;
    expect(deploy.severity).toBe('medium');
    expect(deploy.message).toContain('An organization guardrail takes away only part of it (SCP');
    const sandboxAdmin = about('iam.aws-admin-policy-attached', 'sandbox', 'OrganizationAccountAccessRole');
    expect(sandboxAdmin?.severity ?? 'pass').not.toBe('info');
  });

  it('a region lock that exempts the global services through NotAction blocks nothing of IAM', () => {
    const legacy = report.findings.filter((f) => f.accountId === id('legacy') && f.checkId.startsWith('iam.'));
    expect(legacy.filter((f) => f.severity === 'info' && /guardrail/.test(f.message))).toEqual([]);
  });

  it("an RCP data perimeter makes prod's Principal '*' bucket non-public; the same bucket in legacy stays critical", () => {
    const prod = about('s3.bucket-policy-public-read', 'prod', `prod-exports-${id('prod')}`)!;
    expect(prod.severity).toBe('info');
    expect(prod.message).toContain(`RCP ${org.policies.perimeter} (perimeter) at OU Workloads (${org.ous.workloads}) denies s3:GetObject`);
    expect(about('s3.bucket-policy-public-read', 'legacy', `legacy-exports-${id('legacy')}`)!.severity).toBe('critical');
  });

  it('grants to a sister account are internal and named; grants to an outside account are rated by what they open', () => {
    const sister = about('s3.bucket-policy-cross-account', 'prod', `prod-share-${id('prod')}`)!;
    expect(sister.severity).toBe('low');
    expect(sister.message).toContain(`${id('tooling')} (tooling, in this organization)`);
    const outside = about('s3.bucket-policy-cross-account', 'legacy', `legacy-vendor-share-${id('legacy')}`)!;
    expect(outside.severity).toBe('medium');
    expect(outside.message).toContain(`${OUTSIDE_ACCOUNT} (outside the organization)`);
    expect(about('iam.role-trust-cross-account-unconditioned', 'prod', 'tooling-reader')!.severity).toBe('low');
    expect(about('iam.role-trust-cross-account-unconditioned', 'prod', 'tooling-reader')!.message).toContain(`tooling (${id('tooling')})`);
    expect(about('iam.role-trust-cross-account-unconditioned', 'prod', 'vendor-admin')!.severity).toBe('high');
    // Every member's OrganizationAccountAccessRole trusts the management account: expected, not a finding.
    expect(
      report.findings.filter(
        (f) => f.checkId === 'iam.role-trust-cross-account-unconditioned' && f.resource.name === 'OrganizationAccountAccessRole',
      ),
    ).toEqual([]);
  });

  it('Internet → instance in tooling → its role → admin role in prod is one critical finding at the top, naming every hop', () => {
    const web = paths().find((f) => f.resource.name === 'web (tooling)')!;
    expect(web).toBeDefined();
    expect(web.severity).toBe('critical');
    expect(web.priority).toBeLessThanOrEqual(5);
    const hops = web.evidence.hops as { from: string; to: string; action: string; allowedBy: string[] }[];
    expect(hops[0]!.from).toBe('Internet');
    expect(hops.map((h) => h.to).join(' | ')).toMatch(/tooling-web .*\| web \| deploy \(prod\)/);
    const cross = hops.find((h) => h.action.startsWith('assume deploy in account prod'))!;
    expect(cross.allowedBy.join(' | ')).toMatch(/web-policy.*\|.*deploy trust policy/);
    expect(web.evidence.accounts).toEqual([
      { id: id('tooling'), name: 'tooling' },
      { id: id('prod'), name: 'prod' },
    ]);
    // Its parts are ranked under it and linked to it.
    const part = about('iam.role-trust-cross-account-unconditioned', 'prod', 'deploy')!;
    expect(part.partOf).toContain(web.fingerprint);
    expect(part.priority).toBeGreaterThan(web.priority);
  });

  it('user → role in another account is a path; the traps (no permission, SCP, RCP) and the management admin are not', () => {
    const starts = paths()
      .map((f) => f.resource.name)
      .sort();
    expect(starts).toEqual(['alice (tooling)', 'web (tooling)']);
    const alice = paths().find((f) => f.resource.name === 'alice (tooling)')!;
    expect(alice.severity).toBe('high');
    expect(alice.message).toContain('alice (tooling) → ops (prod)');
    expect(report.crossAccount).toMatchObject({ accountsJoined: 5, paths: 2 });
  });

  it('the organization HTML shows the paths with links to both accounts', () => {
    const html = readFileSync(join(out, 'org-report.html'), 'utf8');
    const section = html.slice(html.indexOf('<section id="paths">'), html.indexOf('<section id="accounts">'));
    expect(section).toContain(
      `<a href="accounts/${id('tooling')}/report.html">tooling</a> → <a href="accounts/${id('prod')}/report.html">prod</a>`,
    );
    expect(section).toContain('deploy (prod)');
  });

  it("each account's reports link back to the paths it is on; the rest of its set stays", () => {
    const web = paths().find((f) => f.resource.name === 'web (tooling)')!;
    const tooling = readJson<Report>(join(out, 'accounts', id('tooling'), 'report.json'));
    const prod = readJson<Report>(join(out, 'accounts', id('prod'), 'report.json'));
    expect(validateReport(tooling), errorsOf(validateReport)).toBe(true);
    expect(tooling.organizationPaths!.map((l) => l.role)).toEqual(['starts here', 'starts here']);
    const ends = prod.organizationPaths!.find((l) => l.fingerprint === web.fingerprint)!;
    expect(ends).toMatchObject({ role: 'ends here', severity: 'critical', href: `../../org-report.html#path-${web.fingerprint}` });
    // prod's own trust finding on deploy is a hop of the path, and is in prod's report.
    const trust = about('iam.role-trust-cross-account-unconditioned', 'prod', 'deploy')!;
    expect(ends.findings).toContain(trust.fingerprint);
    expect(prod.findings.map((f) => f.fingerprint)).toContain(trust.fingerprint);
    expect(readFileSync(join(out, 'accounts', id('prod'), 'report.html'), 'utf8')).toContain(
      `href="../../org-report.html#path-${web.fingerprint}"`,
    );
    expect(readFileSync(join(out, 'org-report.html'), 'utf8')).toContain(`<li id="path-${web.fingerprint}"`);
    expect(
      readJson<{ files: { name: string }[] }>(join(out, 'accounts', id('prod'), 'incloud-manifest.json')).files.map((f) => f.name),
    ).toContain('snapshot.json');
    expect(readJson<Report>(join(out, 'accounts', id('legacy'), 'report.json')).organizationPaths).toBeUndefined();
  });

  it('evaluate --organization re-evaluates a member snapshot offline with the guardrails; without it the report says they were not evaluated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incloud-org-eval-'));
    const snapshot = readJson<Record<string, unknown>>(join(out, 'accounts', id('prod'), 'snapshot.json'));
    delete snapshot.organization;
    const bare = join(dir, 'prod-snapshot.json');
    writeFileSync(bare, JSON.stringify(snapshot));
    const evaluate = async (name: string, ...extra: string[]) => {
      const r = await runCli(['evaluate', bare, '--format', 'json', '--out', join(dir, name), ...extra]);
      expect([0, 1, 3], r.stderr).toContain(r.code);
      const rep = readJson<Report>(join(dir, name, 'report.json'));
      expect(validateReport(rep), errorsOf(validateReport)).toBe(true);
      return rep;
    };
    const escalator = (rep: Report): Finding | undefined =>
      rep.findings.find((f) => f.checkId === 'iam.principal-privilege-escalation' && f.resource.name === 'prod-escalator');
    const alone = await evaluate('alone');
    expect(alone.scan.guardrails).toMatchObject({
      status: 'not-evaluated',
      reason: expect.stringContaining('organization guardrails not evaluated'),
    });
    expect(escalator(alone)!.severity).toBe('critical');
    const withOrg = await evaluate('with-org', '--organization', join(out, 'organization.json'));
    expect(withOrg.scan.guardrails).toMatchObject({ status: 'evaluated', scps: 6 });
    expect(escalator(withOrg)!.severity).toBe('info');
    const own = readJson<Report>(join(out, 'accounts', id('prod'), 'report.json'));
    const verdicts = (rep: Report) => rep.findings.map((f) => `${f.fingerprint}/${f.severity}`).sort();
    expect(verdicts(withOrg)).toEqual(verdicts(own));
    const bad = await runCli(['evaluate', bare, '--organization', BIN]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
