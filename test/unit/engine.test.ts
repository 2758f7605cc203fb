import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { loadConfig, ConfigError } from '../../src/engine/config.js';
import { diffReports } from '../../src/engine/diff.js';
import { evaluate, evaluateAccount, fingerprintOf } from '../../src/engine/evaluate.js';
import { DEMO_SNAPSHOT, readSnapshot } from '../../src/cli.js';
import { dutyScore } from '../../src/model/duty-score.js';
import { renderHtmlChunks } from '../../reports/html.js';
import { parseSuppressions, SuppressionError, type Suppression } from '../../src/engine/suppress.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import {
  ACCT,
  addBucket,
  addInstance,
  addRole,
  addSg,
  addUser,
  ADMIN_ARN,
  bucket,
  denied,
  emptySnapshot,
  ok,
  world,
} from '../helpers/builder.js';
import { errorsOf, validateReport } from '../helpers/schemas.js';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const adminProfile = `arn:aws:iam::${ACCT}:instance-profile/admin`;

function twoSshGroups(): Snapshot {
  const s = emptySnapshot();
  addRole(s, 'admin', {
    attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
    instanceProfiles: [{ name: 'admin', arn: adminProfile }],
  });
  addSg(s, 'sg-public-admin', [world(22)]);
  addSg(s, 'sg-unused', [world(22)]);
  addSg(s, 'sg-private', [world(22)]);
  addInstance(s, 'i-bastion', ['sg-public-admin'], { instanceProfileArn: adminProfile });
  addInstance(s, 'i-private', ['sg-private'], { publicIp: undefined }, { publicIp: undefined });
  return s;
}

describe('priority', () => {
  it('ranks SSH on a public instance with an admin role above the same rule elsewhere', () => {
    const r = evaluate(twoSshGroups(), CHECKS);
    const ssh = r.findings.filter((f) => f.checkId === 'ec2.sg-ssh-open-internet').sort((a, b) => b.score - a.score);
    expect(ssh.map((f) => [f.resource.name, f.severity])).toEqual([
      ['sg-public-admin (sg-public-admin)', 'critical'],
      ['sg-private (sg-private)', 'high'],
      ['sg-unused (sg-unused)', 'medium'],
    ]);
    const chain = r.findings[0]!;
    expect(chain).toMatchObject({ checkId: 'ec2.attack-path-internet-to-role', priority: 1, exposure: { reach: 3, blast: 3 } });
    expect(chain.resource.name).toContain('i-bastion');
    // The public group's SSH rule is a hop of that chain: linked under it, after every distinct problem.
    expect(ssh[0]!.partOf).toEqual([chain.fingerprint]);
    const firstPart = r.findings.findIndex((f) => f.partOf);
    expect(r.findings.slice(firstPart).every((f) => f.partOf)).toBe(true);
    expect(ssh[0]!.score).toBeGreaterThan(ssh[1]!.score);
    r.findings.forEach((f, i) => expect(f.priority).toBe(i + 1));
  });

  it('fingerprints are stable across runs and independent of ordering', () => {
    const a = evaluate(twoSshGroups(), CHECKS)
      .findings.map((f) => f.fingerprint)
      .sort();
    const b = evaluate(twoSshGroups(), CHECKS)
      .findings.map((f) => f.fingerprint)
      .sort();
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
    expect(fingerprintOf('x', 'arn:aws:s3:::b')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('context', () => {
  it('a network ACL that denies SSH keeps the instance-level finding below critical', () => {
    const s = emptySnapshot();
    addSg(s, 'sg-a', [world(22), world(443)]);
    addInstance(s, 'i-a', ['sg-a']);
    const before = evaluate(s, CHECKS).findings.find((f) => f.checkId === 'ec2.eni-internet-exposed')!;
    expect(before.severity).toBe('critical');
    (s.ec2['eu-west-1']!.networkAcls as { value: unknown[] }).value = [
      {
        id: 'acl-1',
        vpcId: 'vpc-1',
        isDefault: true,
        subnetIds: [],
        entries: [
          { ruleNumber: 10, egress: false, action: 'deny', protocol: '6', cidr: '0.0.0.0/0', fromPort: 22, toPort: 22 },
          { ruleNumber: 100, egress: false, action: 'allow', protocol: '-1', cidr: '0.0.0.0/0' },
        ],
      },
    ];
    const after = evaluate(s, CHECKS).findings.find((f) => f.checkId === 'ec2.eni-internet-exposed')!;
    expect(after.severity).toBe('high');
    expect(after.exposure.factors).toContain('network ACL denies some sensitive ports');
  });
  it('a live MFA device overrides a stale credential report; key ids land in evidence', () => {
    const s = emptySnapshot();
    addUser(
      s,
      'alice',
      {},
      {
        passwordEnabled: true,
        mfaActive: false,
        accessKeys: [
          { active: true, lastRotated: '2025-01-01T00:00:00Z', lastUsedDate: '2026-10-30T00:00:00Z', lastUsedService: 's3' },
          { active: false, lastRotated: null, lastUsedDate: null, lastUsedService: null },
        ],
      },
    );
    expect(evaluate(s, CHECKS).findings.some((f) => f.checkId === 'iam.user-console-no-mfa')).toBe(true);
    s.iam.accessKeys = ok([{ userName: 'alice', accessKeyId: 'AKIAEXAMPLE', status: 'Active', createDate: '2025-01-01T00:00:00Z' }]);
    s.iam.mfaDevices = ok([{ userName: 'alice', serialNumber: `arn:aws:iam::${ACCT}:mfa/alice` }]);
    const r = evaluate(s, CHECKS);
    expect(r.findings.some((f) => f.checkId === 'iam.user-console-no-mfa')).toBe(false);
    expect(r.findings.find((f) => f.checkId === 'iam.user-access-key-not-rotated')!.evidence.accessKeys).toEqual([
      { id: 'AKIAEXAMPLE', status: 'Active', created: '2025-01-01T00:00:00Z' },
    ]);
  });
  it('escalation is critical only for externally usable credentials', () => {
    const s = emptySnapshot();
    const inline = [
      { name: 'p', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' }] } },
    ];
    addUser(s, 'mfa-console', { inline }, { passwordEnabled: true, mfaActive: true });
    addUser(
      s,
      'key-holder',
      { inline },
      {
        accessKeys: [
          { active: true, lastRotated: null, lastUsedDate: null, lastUsedService: null },
          { active: false, lastRotated: null, lastUsedDate: null, lastUsedService: null },
        ],
      },
    );
    const sev = Object.fromEntries(
      evaluate(s, CHECKS)
        .findings.filter((f) => f.checkId === 'iam.principal-privilege-escalation')
        .map((f) => [f.resource.name, f.severity]),
    );
    expect(sev).toEqual({ 'mfa-console': 'high', 'key-holder': 'critical' });
  });
  it('T19: no password policy with single-factor console users is high', () => {
    const s = emptySnapshot();
    s.iam.passwordPolicy = { state: 'absent', code: 'NoSuchEntity' };
    addUser(s, 'mfa-user', {}, { passwordEnabled: true, mfaActive: true });
    expect(evaluate(s, CHECKS).findings.find((f) => f.checkId === 'iam.password-policy-missing')!.severity).toBe('medium');
    addUser(s, 'no-mfa', {}, { passwordEnabled: true, mfaActive: false });
    expect(evaluate(s, CHECKS).findings.find((f) => f.checkId === 'iam.password-policy-missing')!.severity).toBe('high');
  });
});

describe('duty summary', () => {
  it('shows every duty; patching is always not assessed', () => {
    const r = evaluate(emptySnapshot(), CHECKS);
    expect(r.duties.map((d) => d.id)).toEqual([
      'identity',
      'credentials',
      'network',
      'data-at-rest',
      'data-in-transit',
      'data-access',
      'recovery',
      'audit',
      'patching',
    ]);
    expect(r.duties.find((d) => d.id === 'patching')).toMatchObject({ status: 'not-assessed', note: expect.stringContaining('patch') });
    expect(r.providerSide.length).toBeGreaterThan(0);
  });
  it('is partly assessed when part of a duty could not be collected', () => {
    const s = emptySnapshot();
    addBucket(s, bucket('ok-bucket'));
    addBucket(
      s,
      bucket('denied-bucket', { versioning: denied('s3', 'GetBucketVersioning'), objectLock: denied('s3', 'GetObjectLockConfiguration') }),
    );
    addRole(s, 'support', { attached: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }] });
    const r = evaluate(s, CHECKS);
    expect(r.duties.find((d) => d.id === 'recovery')!.status).toBe('partly-assessed');
    expect(validateReport(r), errorsOf(validateReport)).toBe(true);
  });
  it('a snapshot from an older incloud (without newer sections) evaluates with those checks "not assessed"', () => {
    const s = emptySnapshot();
    addBucket(s, bucket('b'));
    delete (s.s3.buckets as { value: Record<string, unknown>[] }).value[0]!.lifecycle;
    delete s.s3.accessPoints;
    delete s.iam.serverCertificates;
    const r = evaluate(s, CHECKS);
    expect(r.notAssessed.map((n) => n.checkId).sort()).toEqual([
      'iam.server-certificate-expired',
      's3.access-point-bpa-disabled',
      's3.bucket-lifecycle-missing',
    ]);
    expect(r.notAssessed.every((n) => /not collected in this snapshot/.test(n.reason))).toBe(true);
  });
  it('a check that throws on odd data yields "not assessed", not a crash', () => {
    const s = emptySnapshot();
    (s.iam.authorizationDetails as { value: unknown }).value = { users: [{ name: 'x' }], groups: [], roles: [], policies: [] };
    const r = evaluate(s, CHECKS);
    expect(r.notAssessed.some((n) => n.reason.startsWith('check failed on this data'))).toBe(true);
  });
});

describe('suppressions', () => {
  const account = () => {
    const s = emptySnapshot();
    addUser(s, 'alice', {}, { passwordEnabled: true, mfaActive: false });
    return s;
  };
  const base = () => evaluate(account(), CHECKS);
  const suppressed = (sup: Suppression[]) =>
    evaluateAccount(account(), CHECKS, { suppressions: sup, suppressionsAt: new Date('2026-11-01') });
  it('require reason and expiry', () => {
    expect(() => parseSuppressions('{"suppressions":[{"fingerprint":"x","expires":"2030-01-01"}]}')).toThrow(/reason/);
    expect(() => parseSuppressions('{"suppressions":[{"fingerprint":"x","reason":"r"}]}')).toThrow(/expires/);
    expect(() => parseSuppressions('{"suppressions":[{"checkId":"x","reason":"r","expires":"2030-01-01"}]}')).toThrow(/resource/);
    expect(() => parseSuppressions('nope')).toThrow(SuppressionError);
  });
  it('suppress by fingerprint or check+resource pattern; expired ones resurface', () => {
    const f = base().findings.find((x) => x.checkId === 'iam.user-console-no-mfa')!;
    const sup = parseSuppressions(
      JSON.stringify({
        suppressions: [
          { fingerprint: f.fingerprint, reason: 'break-glass user, MFA in safe', expires: '2030-01-01' },
          { checkId: 'iam.user-no-mfa', resource: 'arn:aws:iam::*:user/*', reason: 'old', expires: '2020-01-01' },
        ],
      }),
    );
    const { report: r, expiredSuppressions: expired } = suppressed(sup);
    expect(r.suppressedFindings.map((x) => x.checkId)).toEqual(['iam.user-console-no-mfa']);
    expect(r.findings.some((x) => x.checkId === 'iam.user-console-no-mfa')).toBe(false);
    expect(r.summary.suppressed).toBe(1);
    expect(expired).toEqual([]); // the expired rule matched nothing (alice has a password)
    const { report: r2, expiredSuppressions: e2 } = suppressed(
      parseSuppressions(JSON.stringify({ suppressions: [{ fingerprint: f.fingerprint, reason: 'x', expires: '2026-10-31' }] })),
    );
    expect(e2).toHaveLength(1);
    expect(r2.findings.some((x) => x.fingerprint === f.fingerprint)).toBe(true);
    expect(validateReport(r), errorsOf(validateReport)).toBe(true);
  });
  it('the report names expired, unmatched and soon-ending suppressions for a scheduled run', () => {
    const f = base().findings.find((x) => x.checkId === 'iam.user-console-no-mfa')!;
    const keyFinding = base().findings.find((x) => x.checkId !== f.checkId)!;
    const { report } = suppressed(
      parseSuppressions(
        JSON.stringify({
          suppressions: [
            // 2026-11-01 is the evaluation day: the 14th is within 14 days, the 16th is not.
            { fingerprint: f.fingerprint, reason: 'break-glass', expires: '2026-11-14', by: 'sec-team' },
            { fingerprint: keyFinding.fingerprint, reason: 'vendor fix due', expires: '2026-11-16' },
            { checkId: 'iam.user-no-mfa', resource: 'arn:aws:iam::*:user/nobody', reason: 'typo', expires: '2030-01-01' },
          ],
        }),
      ),
    );
    expect(report.suppressions).toEqual({
      expired: [],
      unmatched: [{ checkId: 'iam.user-no-mfa', resource: 'arn:aws:iam::*:user/nobody', reason: 'typo', expires: '2030-01-01' }],
      expiringSoon: [{ fingerprint: f.fingerprint, reason: 'break-glass', expires: '2026-11-14', by: 'sec-team', daysLeft: 13 }],
    });
    const { report: later } = evaluateAccount(account(), CHECKS, {
      suppressions: parseSuppressions(
        JSON.stringify({ suppressions: [{ fingerprint: f.fingerprint, reason: 'x', expires: '2026-10-31' }] }),
      ),
      suppressionsAt: new Date('2026-11-01'),
    });
    expect(later.suppressions?.expired.map((x) => x.fingerprint)).toEqual([f.fingerprint]);
    expect(validateReport(report), errorsOf(validateReport)).toBe(true);
    const html = [...renderHtmlChunks(report)].join('');
    expect(html).toMatch(/Suppressions to act on \(2\)/);
    expect(html).toMatch(/ends soon.*break-glass.*13 day\(s\) left/s);
    expect(evaluate(account(), CHECKS).suppressions).toBeUndefined();
  });
});

describe('diff', () => {
  it('new / resolved / unchanged, and failed collection never resolves', () => {
    const s1 = emptySnapshot();
    addSg(s1, 'sg-a', [world(22)]);
    addBucket(s1, bucket('b', { versioning: ok({ status: 'Suspended' }) }));
    const s2 = structuredClone(s1);
    addSg(s2, 'sg-b', [world(3389)]);
    (s2.s3.buckets as { value: ReturnType<typeof bucket>[] }).value[0]!.versioning = denied('s3', 'GetBucketVersioning');
    const d = diffReports(evaluate(s1, CHECKS), evaluate(s2, CHECKS));
    expect(d.added.map((f) => `${f.checkId} ${f.resource.name}`).filter((x) => x.includes('rdp') || x.includes('sg-b'))).toContain(
      'ec2.sg-rdp-open-internet sg-b (sg-b)',
    );
    expect(d.resolved).toEqual([]);
    expect(d.unknown.map((f) => f.checkId).sort()).toEqual(['s3.bucket-mfa-delete-disabled', 's3.bucket-versioning-disabled']);
    const s3 = structuredClone(s1);
    (s3.s3.buckets as { value: ReturnType<typeof bucket>[] }).value[0]!.versioning = ok({ status: 'Enabled', mfaDelete: 'Enabled' });
    const d2 = diffReports(evaluate(s1, CHECKS), evaluate(s3, CHECKS));
    expect(d2.resolved.map((f) => f.checkId).sort()).toEqual(['s3.bucket-mfa-delete-disabled', 's3.bucket-versioning-disabled']);
    expect(d2.added).toEqual([]);
  });
});

describe('config', () => {
  it('loads overrides and rejects unknown or ill-typed settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'incloud-'));
    const p = join(dir, 'c.json');
    writeFileSync(p, JSON.stringify({ checks: { authorizedTcpPorts: [443, 8443], trustedAccounts: ['444455556666'] } }));
    expect(loadConfig(p).authorizedTcpPorts).toEqual([443, 8443]);
    writeFileSync(p, JSON.stringify({ checks: { authorisedPorts: [1] } }));
    expect(() => loadConfig(p)).toThrow(ConfigError);
    writeFileSync(p, JSON.stringify({ checks: { keyRotationDays: '90' } }));
    expect(() => loadConfig(p)).toThrow(/\/checks\/keyRotationDays: must be number/);
    expect(() => loadConfig(join(dir, 'missing.json'))).toThrow(/cannot read config/);
  });
});

describe('duty scores', () => {
  const none = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  it.each([
    ['all passed', 500, 0, none, 100, 'strong'],
    ['one low finding among many passes', 990, 10, { ...none, low: 1 }, 99, 'strong'],
    ['a medium share', 850, 150, { ...none, medium: 5 }, 85, 'fair'],
    ['a high finding caps at weak, whatever the share', 9940, 60, { ...none, high: 1 }, 99, 'weak'],
    ['a critical finding caps at failing', 9900, 100, { ...none, critical: 1 }, 99, 'failing'],
    ['under half passed', 400, 600, { ...none, medium: 20 }, 40, 'failing'],
  ] as const)('%s', (_, passed, failed, bySeverity, value, band) => {
    expect(dutyScore(passed, failed, bySeverity)).toEqual({ value, band, passedWeight: passed, totalWeight: passed + failed });
  });
  it('nothing evaluated: no score, not 100%', () => {
    expect(dutyScore(0, 0, none)).toBeUndefined();
  });
  it('the demo account is graded, not failing across the board', () => {
    const bands = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS)
      .duties.filter((d) => d.score)
      .map((d) => d.score!.band);
    expect(new Set(bands).size).toBeGreaterThan(1);
  });
});
