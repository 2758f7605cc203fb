// Small account reports for the store and ticket tests: just the parts history reads.

import { createHash } from 'node:crypto';
import type { Finding, Report, Severity } from '../../src/model/findings.js';

export const ACCOUNT = '111122223333';

export interface FindingSpec {
  checkId: string;
  name: string;
  severity?: Severity;
  region?: string;
  evidence?: Record<string, unknown>;
}

export const fingerprintFor = (checkId: string, name: string) =>
  createHash('sha256').update(`${checkId}/${name}`).digest('hex').slice(0, 32);

export const arnOf = (name: string, region = 'us-east-1', account = ACCOUNT) => `arn:aws:ec2:${region}:${account}:security-group/${name}`;

export function findingOf(s: FindingSpec, account = ACCOUNT): Finding {
  const region = s.region ?? 'us-east-1';
  return {
    checkId: s.checkId,
    title: `title of ${s.checkId}`,
    service: 'ec2',
    severity: s.severity ?? 'high',
    duties: [s.checkId.startsWith('iam') ? 'identity' : 'network'],
    priority: 1,
    score: 10,
    resource: { arn: arnOf(s.name, region, account), type: 'AWS::EC2::SecurityGroup', name: s.name, region, accountId: account },
    fingerprint: fingerprintFor(s.checkId, `${account}/${s.name}`),
    message: `${s.checkId} on ${s.name}`,
    evidence: s.evidence ?? {},
    exposure: { reach: 3, blast: 1, factors: [] },
    remediation: { summary: 'fix it' },
    refs: {},
  };
}

export interface ReportSpec {
  at: string;
  findings: FindingSpec[];
  suppressed?: FindingSpec[];
  /** Checks that ran (default: every check id used in findings, plus ec2.a, ec2.b, iam.c). */
  checks?: string[];
  notAssessed?: { checkId: string; name?: string; region?: string; account?: boolean }[];
  regions?: string[];
  complete?: boolean;
  account?: string;
}

export function reportOf(r: ReportSpec): Report {
  const account = r.account ?? ACCOUNT;
  const findings = r.findings.map((f) => findingOf(f, account));
  findings.forEach((f, i) => (f.priority = i + 1));
  const checks = r.checks ?? ['ec2.a', 'ec2.b', 'iam.c'];
  return {
    format: 'incloud-report',
    schemaVersion: '1.7.0',
    tool: { name: 'incloud', version: 'test' },
    generatedAt: r.at,
    scan: {
      collectedAt: r.at,
      source: 'aws',
      accountId: account,
      partition: 'aws',
      regions: r.regions ?? ['us-east-1'],
      complete: r.complete ?? true,
    },
    summary: {
      findings: findings.length,
      suppressed: r.suppressed?.length ?? 0,
      bySeverity: { critical: 0, high: findings.length, medium: 0, low: 0, info: 0 },
      checksRun: checks.length,
      notAssessed: r.notAssessed?.length ?? 0,
      errors: 0,
    },
    duties: [],
    providerSide: [],
    checks: checks.map((id) => ({
      id,
      title: id,
      service: 'ec2',
      severity: 'high',
      duties: ['network'],
      failed: 0,
      passed: 0,
      notAssessed: 0,
    })),
    findings,
    suppressedFindings: (r.suppressed ?? []).map((f) => ({
      ...findingOf(f, account),
      suppressed: { reason: 'accepted', expires: '2099-01-01' },
    })),
    notAssessed: (r.notAssessed ?? []).map((n) => ({
      checkId: n.checkId,
      title: n.checkId,
      duties: ['network'],
      reason: 'denied',
      resource: n.account
        ? { arn: `arn:aws:iam::${account}:root`, type: 'AWS::::Account', name: account, region: n.region ?? 'global', accountId: account }
        : {
            arn: arnOf(n.name!, n.region, account),
            type: 'AWS::EC2::SecurityGroup',
            name: n.name!,
            region: n.region ?? 'us-east-1',
            accountId: account,
          },
    })),
    errors: [],
  } as unknown as Report;
}
