// Framework verdicts: the conditions that narrow a check to a control, the verdict rules
// (fail over not assessed, never a pass on missing data, suppressed = accepted risk), and
// where incloud's effective verdict differs from reading the policy text.

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { complianceOf, frameworkVerdicts } from '../../src/engine/compliance.js';
import { scoreOf } from '../../src/model/frameworks.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { meets, meetsAll } from '../../src/engine/finding-conditions.js';
import type { Framework, FrameworkControl } from '../../src/model/frameworks.js';
import { loadFrameworks } from '../../src/pipeline/frameworks.js';
import {
  ACCT,
  addPolicy,
  addSg,
  addUser,
  daysAgo,
  doc,
  emptySnapshot,
  key,
  perm,
  STRONG_PASSWORD_POLICY,
  world,
} from '../helpers/builder.js';
import { reportOf } from '../helpers/reports.js';

const NOW = Date.parse('2026-11-01T00:00:00Z');

describe('finding conditions', () => {
  const finding = {
    severity: 'low',
    exposure: { reach: 0 },
    resource: { type: 'AWS::IAM::Policy' },
    evidence: {
      attachmentCount: 2,
      days: 60,
      expiration: '2026-10-01T00:00:00Z',
      openToInternet: [
        { from: 20, to: 25, families: ['ipv6'] },
        { from: 3306, to: 3306, families: ['ipv4'] },
      ],
      grants: [{ access: 'read' }, { access: 'permission-management' }],
    },
  };
  it.each([
    ['eq on a nested path', { path: 'resource.type', op: 'eq', value: 'AWS::IAM::Policy' }, true],
    ['ne', { path: 'severity', op: 'ne', value: 'low' }, false],
    ['gt', { path: 'evidence.attachmentCount', op: 'gt', value: 0 }, true],
    ['gt on reach 0', { path: 'exposure.reach', op: 'gt', value: 0 }, false],
    ['gte at the line', { path: 'evidence.days', op: 'gte', value: 60 }, true],
    ['gte under the line', { path: 'evidence.days', op: 'gte', value: 90 }, false],
    ['lt on a missing number', { path: 'evidence.minimumPasswordLength', op: 'lt', value: 8 }, false],
    ['includes in any element', { path: 'evidence.openToInternet[].families', op: 'includes', value: 'ipv4' }, true],
    ['includes in no element', { path: 'evidence.openToInternet[].families', op: 'includes', value: 'ipvX' }, false],
    ['overlaps a port inside a range', { path: 'evidence.openToInternet[]', op: 'overlaps-ports', value: [23] }, true],
    ['overlaps no listed port', { path: 'evidence.openToInternet[]', op: 'overlaps-ports', value: [445, 3389] }, false],
    ['past', { path: 'evidence.expiration', op: 'past' }, true],
    ['absent on a missing field', { path: 'evidence.rules', op: 'absent' }, true],
    ['absent on a present field', { path: 'evidence.days', op: 'absent' }, false],
    [
      'nested where on one element',
      { path: 'evidence.grants[]', where: [{ path: 'access', op: 'eq', value: 'permission-management' }] },
      true,
    ],
    [
      'nested where needs one element meeting all',
      {
        path: 'evidence.openToInternet[]',
        where: [
          { path: 'families', op: 'includes', value: 'ipv4' },
          { path: 'from', op: 'eq', value: 20 },
        ],
      },
      false,
    ],
  ] as const)('%s', (_name, condition, expected) => {
    expect(meets(finding, condition as never, NOW)).toBe(expected);
  });

  it('all by default, any on request, and no conditions always meet', () => {
    const where = [
      { path: 'evidence.days', op: 'gte' as const, value: 90 },
      { path: 'evidence.attachmentCount', op: 'gt' as const, value: 0 },
    ];
    expect(meetsAll(finding, where, 'all', NOW)).toBe(false);
    expect(meetsAll(finding, where, 'any', NOW)).toBe(true);
    expect(meetsAll(finding, undefined)).toBe(true);
  });
});

describe('verdict rules', () => {
  const framework = (...controls: Partial<FrameworkControl>[]): Framework => ({
    format: 'incloud-framework',
    id: 'test',
    version: '1.0.0',
    key: 'test',
    title: 'Test',
    about: 'test',
    sections: [{ id: 'S', title: 'S' }],
    controls: controls.map((c, i) => ({ id: `C${i + 1}`, section: 'S', title: `control ${i + 1}`, assessment: 'automated', ...c })),
  });
  const fw = framework(
    { decidedBy: [{ check: 'ec2.a' }] },
    { decidedBy: [{ check: 'ec2.a', where: [{ path: 'evidence.families', op: 'includes', value: 'ipv6' }] }] },
    { decidedBy: [{ check: 'ec2.b' }, { check: 'ec2.x' }] },
    { decidedBy: [{ check: 'ec2.a' }, { check: 'iam.c' }] },
    { decidedBy: [{ check: 'iam.c' }] },
    { decidedBy: [{ check: 'ec2.b' }] },
    { decidedBy: [], gap: 'flow logs per VPC' },
    { status: 'manual', reason: 'a person checks the contacts' },
    { status: 'out-of-scope', reason: 'RDS is not collected' },
  );
  const report = reportOf({
    at: '2026-11-01T00:00:00Z',
    checks: ['ec2.a', 'ec2.b', 'iam.c'],
    findings: [{ checkId: 'ec2.a', name: 'sg-1', evidence: { families: ['ipv4'] } }],
    suppressed: [{ checkId: 'ec2.b', name: 'sg-2' }],
    notAssessed: [{ checkId: 'iam.c', account: true }],
  });
  const v = frameworkVerdicts(fw, report);
  const status = (id: string) => v.controls.find((c) => c.id === id)!;

  it('a failing finding fails the control and is listed', () => {
    expect(status('C1')).toMatchObject({ status: 'fail', findings: [report.findings[0]!.fingerprint] });
    expect(status('C1').why).toBe('1 finding fail it: ec2.a (1).');
  });
  it("a finding outside the control's conditions does not fail it, and the why says so", () => {
    expect(status('C2')).toMatchObject({ status: 'pass', findings: [] });
    expect(status('C2').why).toContain('1 finding of it falls outside this control');
  });
  it('a deciding check that did not run makes it not assessed, never a pass (accepted risk kept)', () => {
    expect(status('C3')).toMatchObject({ status: 'not-assessed', acceptedRisk: [report.suppressedFindings[0]!.fingerprint] });
    expect(status('C3').why).toContain('ec2.x did not run');
  });
  it('fail outranks not assessed', () => {
    expect(status('C4').status).toBe('fail');
  });
  it('a resource a check could not assess makes it not assessed, with the reason', () => {
    expect(status('C5')).toMatchObject({ status: 'not-assessed' });
    expect(status('C5').why).toBe('iam.c could not assess 1 resource (denied).');
  });
  it('suppressed findings are accepted risk: the control stays failed', () => {
    expect(status('C6')).toMatchObject({ status: 'fail', findings: [], acceptedRisk: [report.suppressedFindings[0]!.fingerprint] });
    expect(status('C6').why).toContain('accepted risk');
  });
  it('no check yet, manual and out of scope say why', () => {
    expect(status('C7')).toMatchObject({ status: 'not-assessed', why: 'No incloud check decides it yet (flow logs per VPC).' });
    expect(status('C8')).toMatchObject({ status: 'manual', why: 'a person checks the contacts' });
    expect(status('C9')).toMatchObject({ status: 'out-of-scope', why: 'RDS is not collected' });
  });
  it('scores passes among the decided and undecided controls, not manual or out of scope', () => {
    expect(v.summary).toEqual({ pass: 1, fail: 3, 'not-assessed': 3, manual: 1, 'out-of-scope': 1, score: 14 });
    expect(scoreOf({ pass: 0, fail: 0, 'not-assessed': 0, manual: 2, 'out-of-scope': 1 })).toBeNull();
  });
  it('a passing control needs every check to have run cleanly', () => {
    const clean = frameworkVerdicts(fw, reportOf({ at: '2026-11-01T00:00:00Z', checks: ['ec2.a', 'ec2.b', 'iam.c'], findings: [] }));
    expect(clean.controls.slice(0, 6).map((c) => c.status)).toEqual(['pass', 'pass', 'not-assessed', 'pass', 'pass', 'pass']);
  });
});

describe("incloud's verdict against a plain reading of the policy text", () => {
  const [fsbp, cis7] = ['fsbp', 'cis-7.0'].map((k) => loadFrameworks().find((f) => f.key === k)!);
  const verdicts = (s: ReturnType<typeof emptySnapshot>) => {
    const report = evaluate(s, CHECKS);
    const [a, b] = complianceOf(report, [cis7!, fsbp!]);
    return (fw: 'cis' | 'fsbp', id: string) => (fw === 'cis' ? a : b)!.controls.find((c) => c.id === id)!.status;
  };

  it('a Deny in the same document takes an admin grant back: CIS 2.14 and IAM.1 pass', () => {
    const s = emptySnapshot();
    addPolicy(s, 'looks-admin', doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*' }));
    const v = verdicts(s);
    expect([v('cis', '2.14'), v('fsbp', 'IAM.1')]).toEqual(['pass', 'pass']);
  });
  it('an unattached admin policy fails IAM.1 but not CIS 2.14, which names attached policies', () => {
    const s = emptySnapshot();
    addPolicy(s, 'spare-admin', doc({ Effect: 'Allow', Action: '*', Resource: '*' }), { attachmentCount: 0 });
    const v = verdicts(s);
    expect([v('cis', '2.14'), v('fsbp', 'IAM.1')]).toEqual(['pass', 'fail']);
  });
  it('a service wildcard fails IAM.21 in a customer-managed policy, not in an inline one', () => {
    const wildcard = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
    const managed = emptySnapshot();
    addPolicy(managed, 'storage-all', wildcard);
    const inline = emptySnapshot();
    addUser(inline, 'dev', { inline: [{ name: 'storage-all', document: wildcard }] });
    expect([verdicts(managed)('fsbp', 'IAM.21'), verdicts(inline)('fsbp', 'IAM.21')]).toEqual(['fail', 'pass']);
  });
  it.each([
    ['NFS 2049 to the world: a file-share finding, but not CIS 6.1.2 (SMB 445 only)', [world(2049)], '6.1.2', 'pass'],
    ['SMB 445 to the world fails CIS 6.1.2', [world(445)], '6.1.2', 'fail'],
    ['SSH open to ::/0 only passes CIS 6.3 (IPv4)...', [perm({ fromPort: 22, toPort: 22, ipv6: [{ cidr: '::/0' }] })], '6.3', 'pass'],
    ['...and fails CIS 6.4 (IPv6)', [perm({ fromPort: 22, toPort: 22, ipv6: [{ cidr: '::/0' }] })], '6.4', 'fail'],
    ['every port over IPv4 fails CIS 6.3 through the all-traffic check', [world(0, 65535)], '6.3', 'fail'],
    ['every port over IPv4 passes CIS 6.4', [world(0, 65535)], '6.4', 'pass'],
  ] as const)('%s', (_name, rules, control, expected) => {
    const s = emptySnapshot();
    addSg(s, 'sg-1', [...rules]);
    expect(verdicts(s)('cis', control)).toBe(expected);
  });
  it('a 10-character minimum fails CIS 2.8 (14) but passes FSBP IAM.7 (8 and every character class)', () => {
    const s = emptySnapshot();
    s.iam.passwordPolicy = { state: 'ok', value: { ...STRONG_PASSWORD_POLICY, minimumPasswordLength: 10 } };
    const v = verdicts(s);
    expect([v('cis', '2.8'), v('fsbp', 'IAM.7')]).toEqual(['fail', 'pass']);
  });
  it('a key idle 60 days fails CIS 2.11 (45 days) but passes FSBP IAM.8 (90 days)', () => {
    const s = emptySnapshot();
    addUser(s, 'idle', {}, { accessKeys: [key(true, daysAgo(70), daysAgo(60)), key(false)] });
    const v = verdicts(s);
    expect([v('cis', '2.11'), v('fsbp', 'IAM.8')]).toEqual(['fail', 'pass']);
    expect(ACCT).toBe(s.account.id);
  });
});
