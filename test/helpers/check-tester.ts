// The check tester: every check gets one inventory that must fail it (with the expected
// severity) and one look-alike that must pass it. Like ESLint's RuleTester it guards the
// tester itself: the snapshot is deep-frozen before evaluation (a check that writes to its
// input fails), and a look-alike must produce at least one real "pass" of the check (a case
// the check skips proves nothing).

import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Severity } from '../../src/model/findings.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { absent, ACCT, addPolicy, addRole, ADMIN_ARN, doc, emptySnapshot, ok, rootRow } from './builder.js';

export interface CheckCase {
  id: string;
  fail: (s: Snapshot) => void;
  severity: Severity;
  pass: (s: Snapshot) => void;
  failCount?: number;
}

/** A clean account: no check may fail on it. */
export function clean(): Snapshot {
  const s = emptySnapshot();
  addRole(s, 'support', {
    attached: [{ name: 'AWSSupportAccess', arn: 'arn:aws:iam::aws:policy/AWSSupportAccess' }],
    trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }),
  });
  addPolicy(s, 'AWSSupportAccess', doc({ Effect: 'Allow', Action: ['support:*'], Resource: '*' }), {
    arn: 'arn:aws:iam::aws:policy/AWSSupportAccess',
    awsManaged: true,
  });
  return s;
}

export const adminRole = (s: Snapshot) =>
  addRole(s, 'web-admin', {
    attached: [{ name: 'AdministratorAccess', arn: ADMIN_ARN }],
    instanceProfiles: [{ name: 'web-admin', arn: `arn:aws:iam::${ACCT}:instance-profile/web-admin` }],
  });
export const rootCr = (s: Snapshot, over: Parameters<typeof rootRow>[0]) => {
  if (s.iam.credentialReport.state === 'ok') s.iam.credentialReport.value.rows[0] = rootRow(over);
};
export const publicPolicy = (name: string, extra: Record<string, unknown> = {}) =>
  ok(doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*`, ...extra }));
export const openBpa = ok({ blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false });
export const acctBpaOff = (s: Snapshot) => {
  s.s3.accountPublicAccessBlock = absent('NoSuchPublicAccessBlockConfiguration');
};

/** Freezes every object and array reachable from the value. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Builds the inventory, freezes it and evaluates every check on it. */
export function evaluateFrozen(plant: (s: Snapshot) => void) {
  const s = clean();
  plant(s);
  return evaluate(deepFreeze(s), CHECKS, { generatedAt: '2026-11-01T00:00:00Z' });
}

export function runCheckCases(cases: CheckCase[]): void {
  describe.each(cases)('$id', (c) => {
    it('fails on the planted misconfiguration with the expected severity', () => {
      const report = evaluateFrozen(c.fail);
      const own = report.findings.filter((f) => f.checkId === c.id);
      expect(report.notAssessed.filter((n) => n.checkId === c.id && n.reason.startsWith('check failed'))).toEqual([]);
      expect(own.length).toBe(c.failCount ?? 1);
      expect(own[0]!.severity).toBe(c.severity);
      expect(own[0]!.duties.length).toBeGreaterThan(0);
    });
    it('passes on the look-alike, with at least one real pass', () => {
      const report = evaluateFrozen(c.pass);
      expect(report.findings.filter((f) => f.checkId === c.id)).toEqual([]);
      expect(report.notAssessed.filter((n) => n.checkId === c.id)).toEqual([]);
      expect(report.checks.find((x) => x.id === c.id)?.passed, 'the look-alike must be assessed and pass, not be skipped').toBeGreaterThan(
        0,
      );
    });
  });
}
