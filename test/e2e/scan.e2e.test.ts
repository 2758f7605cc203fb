// The real CLI against moto_server seeded with planted misconfigurations and look-alikes.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAll } from '../../scripts/seed.js';
import { collect } from '../../src/collect/index.js';
import { isAllowedOperation } from '../../src/collect/readonly.js';
import type { Report } from '../../src/model/findings.js';
import { awsEnv, runE2e, startMoto } from '../helpers/moto.js';
import { errorsOf, validateOcsf, validateReport, validateSarif } from '../helpers/schemas.js';
import { runCli, scanArgs } from './cli.js';
import { CSV_COLUMNS } from '../../reports/csv.js';

/** Checks about exposure and privilege: the seeded account must yield exactly these. */
const EXPOSURE_CHECKS = [
  'ec2.sg-ingress-all-traffic-internet',
  'ec2.sg-ssh-open-internet',
  'ec2.sg-rdp-open-internet',
  'ec2.sg-high-risk-port-open-internet',
  'ec2.sg-datastore-port-open-internet',
  'ec2.sg-file-share-port-open-internet',
  'ec2.sg-remote-mgmt-port-open-internet',
  'ec2.sg-unauthorized-port-open-internet',
  'ec2.eni-internet-exposed',
  'ec2.instance-profile-privileged',
  'ec2.instance-imdsv1-allowed',
  's3.bucket-policy-public-read',
  's3.bucket-policy-public-write',
  's3.bucket-acl-public-read',
  's3.bucket-acl-public-write',
  's3.bucket-acl-cross-account-grant',
  's3.bucket-policy-cross-account',
  'iam.user-console-no-mfa',
  'iam.policy-admin-customer-managed',
  'iam.policy-admin-inline',
  'iam.aws-admin-policy-attached',
  'iam.principal-privilege-escalation',
  'iam.policy-passrole-unrestricted',
  'iam.policy-assumerole-unrestricted',
  'iam.role-trust-public',
  'iam.role-trust-cross-account-unconditioned',
  'iam.role-trust-oidc-unscoped',
  'ec2.sg-broad-public-cidr',
  's3.access-point-bpa-disabled',
  's3.mrap-bpa-disabled',
  'iam.policy-data-read-unrestricted',
  'iam.policy-resource-exposure-unrestricted',
  'iam.cloudshell-full-access',
  'iam.role-trust-service-no-source-condition',
];

const EXPECTED = [
  'ec2.eni-internet-exposed bastion critical',
  'ec2.instance-imdsv1-allowed bastion critical',
  'ec2.instance-profile-privileged bastion critical',
  'ec2.sg-ssh-open-internet ssh-world critical',
  'ec2.sg-ingress-all-traffic-internet all-traffic high', // unattached: one level down
  'ec2.sg-rdp-open-internet rdp-split medium', // 0.0.0.0/1 + 128.0.0.0/1, unattached
  'ec2.sg-datastore-port-open-internet postgres-ipv6 medium', // ::/0, unattached
  's3.bucket-policy-public-read acme-public-assets critical',
  's3.bucket-acl-public-read acme-legacy-uploads critical',
  's3.bucket-acl-public-write acme-legacy-uploads critical',
  's3.bucket-policy-cross-account acme-partner-exchange high',
  'iam.user-console-no-mfa alice critical',
  'iam.aws-admin-policy-attached alice high',
  'iam.aws-admin-policy-attached ec2-admin medium',
  'iam.policy-admin-customer-managed ops-full-access high',
  'iam.principal-privilege-escalation bob critical',
  'iam.principal-privilege-escalation ci-runner high',
  'iam.policy-passrole-unrestricted ci-launch medium',
  'iam.role-trust-public public-trust critical',
  'iam.role-trust-cross-account-unconditioned vendor-audit medium',
  'iam.role-trust-oidc-unscoped github-deploy-any critical',
].sort();

const short = (name: string) => name.replace(/ \(.*\)$/, '');

describe.runIf(runE2e)('scan of an emulated account (moto)', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let out: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  let report: Report;

  beforeAll(async () => {
    moto = await startMoto();
    await seedAll({ endpoint: moto.endpoint });
    out = mkdtempSync(join(tmpdir(), 'incloud-e2e-'));
    result = await runCli([...scanArgs(moto.endpoint, out), '--format', 'json,html,csv,sarif,ocsf']);
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('writes a report that validates against the JSON Schema', () => {
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(validateReport(report), errorsOf(validateReport)).toBe(true);
    expect(report.scan).toMatchObject({ accountId: '123456789012', source: 'endpoint', regions: ['us-east-1'] });
    expect(report.errors).toEqual([]);
  });

  it('exits 3 (incomplete) because the emulator has no root row in the credential report', () => {
    expect(report.notAssessed.map((n) => n.checkId).sort()).toEqual(['iam.root-recently-used', 'iam.root-signing-certificate']);
    expect(result.code).toBe(3);
  });

  it('an incomplete scan over --fail-on exits 1 (the gate wins) and still says it is incomplete', async () => {
    const o = mkdtempSync(join(tmpdir(), 'incloud-gate-'));
    const res = await runCli([...scanArgs(moto.endpoint, o), '--format', 'json', '-q', '--fail-on', 'critical']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/scan incomplete/);
    expect(res.stderr).toMatch(/fail-on critical: \d+ finding\(s\) at or above it/);
    expect(JSON.parse(readFileSync(join(o, 'report.json'), 'utf8')).scan.complete).toBe(false);
  });

  it('yields exactly the planted exposure findings and nothing for the look-alikes', () => {
    const got = report.findings
      .filter((f) => EXPOSURE_CHECKS.includes(f.checkId))
      .map((f) => `${f.checkId} ${short(f.resource.name)} ${f.severity}`)
      .sort();
    expect(got).toEqual(EXPECTED);
    const names = report.findings.map((f) => short(f.resource.name));
    for (const safe of [
      'carol',
      'bounded-admin',
      'acme-vpce-only',
      'web-443-80',
      'ssh-internal',
      'private-wide',
      'db-from-web',
      'vendor-audit-externalid',
      'github-deploy-main',
      'app',
    ]) {
      expect(
        report.findings.filter((f) => EXPOSURE_CHECKS.includes(f.checkId) && short(f.resource.name) === safe),
        safe,
      ).toEqual([]);
    }
    expect(names).toContain('acme-org-shared'); // hygiene findings still apply to look-alikes
  });

  it('puts SSH open to the world on the public bastion with an admin role at the very top', () => {
    // The attack path that joins them ranks first; its parts are linked under it, after the distinct problems.
    const chain = report.findings[0]!;
    expect(`${chain.checkId} ${short(chain.resource.name)}`).toBe('ec2.attack-path-internet-to-role bastion');
    expect(chain.exposure).toMatchObject({ reach: 3, blast: 3 });
    const sshOpen = report.findings.find((f) => f.checkId === 'ec2.sg-ssh-open-internet' && short(f.resource.name) === 'ssh-world')!;
    expect(sshOpen.partOf).toEqual([chain.fingerprint]);
    expect((chain.evidence.linkedFindings as { fingerprint: string }[]).map((l) => l.fingerprint)).toContain(sshOpen.fingerprint);
    const rdpUnused = report.findings.find((f) => f.checkId === 'ec2.sg-rdp-open-internet')!;
    expect(sshOpen.score).toBeGreaterThan(rdpUnused.score);
  });

  it('reports hygiene checks on the expected resources', () => {
    const has = (id: string, name: string) => report.findings.some((f) => f.checkId === id && short(f.resource.name) === name);
    expect(has('s3.bucket-tls-not-enforced', 'acme-public-assets')).toBe(true);
    expect(has('s3.bucket-tls-not-enforced', 'acme-hardened')).toBe(false);
    expect(has('s3.bucket-versioning-disabled', 'acme-hardened')).toBe(false);
    expect(has('s3.bucket-access-logging-disabled', 'acme-hardened')).toBe(false);
    expect(has('s3.account-bpa-incomplete', '123456789012')).toBe(true);
    expect(has('iam.password-policy-min-length', '123456789012')).toBe(true);
    expect(has('iam.support-role-missing', '123456789012')).toBe(false);
    expect(has('ec2.instance-public-ip', 'bastion')).toBe(true);
    expect(has('ec2.instance-public-ip', 'app')).toBe(false);
    expect(has('ec2.sg-default-has-rules', 'default')).toBe(true);
    expect(has('s3.directory-bucket-lifecycle-missing', 'acme-scratch--use1-az4--x-s3')).toBe(true);
    expect(has('s3.directory-bucket-lifecycle-missing', 'acme-cache--use1-az4--x-s3')).toBe(false);
  });

  it('summarises every duty, with patching not assessed', () => {
    expect(report.duties.find((d) => d.id === 'patching')!.status).toBe('not-assessed');
    expect(report.duties.find((d) => d.id === 'network')!.status).toBe('failing');
  });

  it('writes CSV, SARIF and OCSF that validate', () => {
    const sarif = JSON.parse(readFileSync(join(out, 'findings.sarif'), 'utf8'));
    expect(validateSarif(sarif), errorsOf(validateSarif)).toBe(true);
    expect(sarif.runs[0].results).toHaveLength(report.findings.length);
    const ocsf = JSON.parse(readFileSync(join(out, 'findings.ocsf.json'), 'utf8'));
    expect(validateOcsf(ocsf), errorsOf(validateOcsf)).toBe(true);
    const csv = readFileSync(join(out, 'findings.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv.filter(Boolean)).toHaveLength(report.findings.length + 1);
  });

  it('calls only read-only operations', async () => {
    Object.assign(process.env, awsEnv);
    const { calls, snapshot } = await collect({ endpointUrl: moto.endpoint, homeRegion: 'us-east-1', regions: ['us-east-1'] });
    expect(snapshot.errors).toEqual([]);
    const distinct = [...new Set(calls)];
    expect(
      distinct.filter((c) => {
        const [svc, op] = c.split(':');
        return !isAllowedOperation(svc!, op!);
      }),
    ).toEqual([]);
    expect(distinct.length).toBeGreaterThan(25);
    expect(distinct.filter((c) => !/:(Describe|Get|List)/.test(c))).toEqual(['iam:GenerateCredentialReport']);
  });

  it('assumes a role with --role-arn and --external-id', async () => {
    const o = mkdtempSync(join(tmpdir(), 'incloud-role-'));
    const res = await runCli([
      ...scanArgs(moto.endpoint, o),
      '--format',
      'json',
      '-q',
      '--role-arn',
      'arn:aws:iam::123456789012:role/vendor-audit-externalid',
      '--external-id',
      'f3a1-77',
    ]);
    expect(res.stderr.trim()).toMatch(/^incloud: scan incomplete: [^\n]*$/); // -q keeps only the reason for exit 3
    const r = JSON.parse(readFileSync(join(o, 'report.json'), 'utf8')) as Report;
    expect(r.scan.principalArn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/vendor-audit-externalid\/incloud-\d+$/);
    expect(r.findings.map((f) => f.fingerprint).sort()).toEqual(report.findings.map((f) => f.fingerprint).sort());
  });

  it('uses a named profile with --profile', async () => {
    const d = mkdtempSync(join(tmpdir(), 'incloud-profile-'));
    writeFileSync(join(d, 'credentials'), '[audit]\naws_access_key_id = AKIAPROFILE000000001\naws_secret_access_key = secret\n');
    writeFileSync(join(d, 'config'), '[profile audit]\nregion = us-east-1\n');
    const res = await runCli([...scanArgs(moto.endpoint, join(d, 'o')), '--format', 'json', '-q', '--profile', 'audit'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SHARED_CREDENTIALS_FILE: join(d, 'credentials'),
      AWS_CONFIG_FILE: join(d, 'config'),
    });
    expect(res.code).toBe(3);
    expect(JSON.parse(readFileSync(join(d, 'o', 'report.json'), 'utf8')).scan.accountId).toBe('123456789012');
    const missing = await runCli([...scanArgs(moto.endpoint, join(d, 'o2')), '--profile', 'nope'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SHARED_CREDENTIALS_FILE: join(d, 'credentials'),
      AWS_CONFIG_FILE: join(d, 'config'),
    });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/profile "nope" gives no credentials \(looked in .*config or .*credentials\)/);
  });
});
