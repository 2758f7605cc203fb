// Pure evaluation: snapshot + checks -> report. No I/O here.

import { createHash } from 'node:crypto';
import { DUTY_IDS, SEVERITIES, type CheckSummary, type DutyId, type DutySummary, type Finding, type NotAssessed, type Report, type Severity } from '../model/findings.js';
import { type CheckDefinition, type CheckResult } from '../engine/check-api.js';
import type { Snapshot } from '../model/snapshot.js';
import { REPORT_SCHEMA_VERSION, TOOL } from '../version.js';
import { DEFAULT_CONFIG, type CheckConfig } from '../model/check-config.js';
import { Context } from './context.js';

export const DUTY_NAMES: Record<DutyId, string> = {
  identity: 'Identity & access management',
  credentials: 'Credential & key hygiene',
  network: 'Network & firewall configuration',
  'data-at-rest': 'Data protection at rest',
  'data-in-transit': 'Data protection in transit',
  'data-access': 'Data access control & exposure',
  recovery: 'Backup, recovery & integrity',
  audit: 'Logging & audit evidence',
  patching: 'Guest OS, platform & application updates',
};

/** What each duty asks of the customer, in incloud's own words (report and docs). */
export const DUTY_SCOPE: Record<DutyId, string> = {
  identity: 'Who may do what: least privilege for users, groups and roles, MFA, federation, and which principals a role trusts.',
  credentials: 'The life of secrets: root credentials, passwords and the password policy, access keys and their rotation and retirement.',
  network: 'What the Internet can reach: security-group and network-ACL rules, public addresses and the routes behind them.',
  'data-at-rest': 'How stored data is encrypted and who holds the keys.',
  'data-in-transit': 'Whether traffic to your data is forced onto TLS and cleartext protocols are kept off the Internet.',
  'data-access': 'Who can read or change your data: public and cross-account grants through policies, ACLs and access points.',
  recovery: 'Whether data survives mistakes and attacks: versioning, Object Lock, MFA delete, replication, lifecycle.',
  audit: 'Whether you will have evidence when you need it: access logging of your resources.',
  patching:
    'Operating systems, platforms and applications you run. EC2 security groups, S3 and IAM settings do not show patch levels, so incloud never reports this duty as passing.',
};

export const PROVIDER_SIDE = [
  { area: 'Physical facilities and hardware', note: "Data centres, hosts, storage media and their disposal are AWS's duty." },
  { area: 'Virtualisation and host OS', note: 'The hypervisor and the host operating system under EC2 instances.' },
  { area: 'Global network infrastructure', note: 'Regions, Availability Zones, edge locations and the backbone between them.' },
  {
    area: 'Managed service control planes',
    note: 'The S3, IAM and EC2 APIs themselves, their availability and their internal encryption.',
  },
];

const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 100, high: 60, medium: 30, low: 10, info: 1 };

export function fingerprintOf(checkId: string, resourceArn: string, discriminator?: string): string {
  return createHash('sha256')
    .update(`${checkId}\u0000${resourceArn}\u0000${discriminator ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}

/** Severity × (1 + exposure) × (1 + blast radius): 0..3 each, so context can multiply a score by up to 16. */
export function priorityScore(severity: Severity, reach: number, blast: number): number {
  return SEVERITY_WEIGHT[severity] * (1 + reach) * (1 + blast);
}

/** Attack paths outrank the single findings they are built from (whose best score is 100 x 4 x 4). */
const CHAIN_BOOST = 1.25;

const DEFAULT_REACH: Record<Severity, number> = { critical: 2, high: 1, medium: 1, low: 0, info: 0 };

export interface EvaluateOptions {
  config?: CheckConfig;
  /** Only these check ids (default: all). */
  only?: string[];
  generatedAt?: string;
}

export function evaluate(snapshot: Snapshot, checks: CheckDefinition[], options: EvaluateOptions = {}): Report {
  const started = performance.now();
  const ctx = new Context(snapshot, options.config ?? DEFAULT_CONFIG);
  const selected = options.only?.length ? checks.filter((c) => options.only!.includes(c.id)) : checks;
  const findings: Finding[] = [];
  const notAssessed: NotAssessed[] = [];
  const checkSummaries: CheckSummary[] = [];
  const dutyCounts = new Map<DutyId, { failing: number; passing: number; notAssessed: number; bySeverity: Record<Severity, number> }>();
  for (const d of DUTY_IDS)
    dutyCounts.set(d, { failing: 0, passing: 0, notAssessed: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 } });

  for (const check of selected) {
    let results: CheckResult[];
    try {
      results = check.evaluate(snapshot, ctx);
    } catch (err) {
      // A check that breaks on odd data must not take the report down with it.
      results = [{ status: 'not_assessed', resource: ctx.accountRef(), reason: `check failed on this data: ${(err as Error).message}` }];
    }
    const summary: CheckSummary = {
      id: check.id,
      title: check.title,
      service: check.service,
      severity: check.severity,
      duties: check.duties,
      failed: 0,
      passed: 0,
      notAssessed: 0,
    };
    for (const r of results) {
      if (r.status === 'fail') {
        summary.failed++;
        const severity = r.severity ?? check.severity;
        const reach = r.exposure?.reach ?? DEFAULT_REACH[severity];
        const blast = r.exposure?.blast ?? 0;
        findings.push({
          checkId: check.id,
          title: check.title,
          service: check.service,
          severity,
          duties: check.duties,
          priority: 0,
          score: priorityScore(severity, reach, blast) * (r.chain ? CHAIN_BOOST : 1),
          resource: r.resource,
          fingerprint: fingerprintOf(check.id, r.resource.arn, r.discriminator),
          message: r.message,
          evidence: r.evidence,
          exposure: { reach, blast, factors: r.exposure?.factors ?? [] },
          ...(severity !== check.severity ? { baseSeverity: check.severity } : {}),
          remediation: check.remediation,
          refs: check.refs,
        });
      } else if (r.status === 'pass') summary.passed++;
      else {
        summary.notAssessed++;
        notAssessed.push({ checkId: check.id, title: check.title, duties: check.duties, resource: r.resource, reason: r.reason });
      }
    }
    for (const d of check.duties) {
      const c = dutyCounts.get(d)!;
      c.passing += summary.passed;
      c.notAssessed += summary.notAssessed;
    }
    checkSummaries.push(summary);
  }

  findings.sort(
    (a, b) =>
      b.score - a.score ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.checkId.localeCompare(b.checkId) ||
      a.resource.arn.localeCompare(b.resource.arn) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  findings.forEach((f, i) => {
    f.priority = i + 1;
  });
  for (const f of findings)
    for (const d of f.duties) {
      const c = dutyCounts.get(d)!;
      c.failing++;
      c.bySeverity[f.severity]++;
    }

  const duties: DutySummary[] = DUTY_IDS.map((id) => {
    const c = dutyCounts.get(id)!;
    let status: DutySummary['status'];
    let note: string | undefined;
    if (id === 'patching') {
      status = 'not-assessed';
      note =
        'EC2 security groups, S3 and IAM settings say nothing about patch levels; this scan does not assess patching. Exposed services (open database, file-share or admin ports) raise patch urgency.';
    } else if (c.failing > 0) status = 'failing';
    else if (c.passing === 0 && c.notAssessed === 0) {
      status = 'not-assessed';
      note = 'no check of this scan covers this duty';
    } else if (c.notAssessed > 0) status = c.passing > 0 ? 'partly-assessed' : 'not-assessed';
    else status = 'passing';
    const worstSeverity = SEVERITIES.find((k) => c.bySeverity[k] > 0);
    return {
      id,
      name: DUTY_NAMES[id],
      status,
      failing: c.failing,
      passing: c.passing,
      notAssessed: c.notAssessed,
      bySeverity: c.bySeverity,
      ...(worstSeverity ? { worstSeverity } : {}),
      partlyAssessed: c.notAssessed > 0,
      ...(note ? { note } : {}),
    };
  });

  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) bySeverity[f.severity]++;
  const regions = snapshot.regions.state === 'ok' ? snapshot.regions.value : Object.keys(snapshot.ec2);
  return {
    format: 'incloud-report',
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: TOOL,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    scan: {
      collectedAt: snapshot.collectedAt,
      source: snapshot.source,
      accountId: snapshot.account.id,
      partition: snapshot.account.partition,
      ...(snapshot.account.principalArn ? { principalArn: snapshot.account.principalArn } : {}),
      regions,
      complete: snapshot.errors.length === 0 && notAssessed.length === 0,
      ...(snapshot.skippedCalls?.length ? { skippedCalls: snapshot.skippedCalls } : {}),
      ...(snapshot.regionsSkipped?.length ? { regionsSkipped: snapshot.regionsSkipped } : {}),
      ...(snapshot.collection ? { collection: snapshot.collection } : {}),
      timings: {
        ...(snapshot.collection ? { collectMs: snapshot.collection.durationMs } : {}),
        evaluateMs: Math.round(performance.now() - started),
      },
    },
    summary: {
      findings: findings.length,
      suppressed: 0,
      bySeverity,
      checksRun: selected.length,
      notAssessed: notAssessed.length,
      errors: snapshot.errors.length,
    },
    duties,
    providerSide: PROVIDER_SIDE,
    checks: checkSummaries,
    findings,
    suppressedFindings: [],
    notAssessed,
    errors: snapshot.errors,
  };
}
