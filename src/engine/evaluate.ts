// Pure evaluation: snapshot + checks (+ accepted risks) -> one report, built once. No I/O here.

import { DEFAULT_CONFIG, type CheckConfig } from '../model/check-config.js';
import { DUTY_NAMES, PATCHING_NOTE, PROVIDER_SIDE } from '../model/duties.js';
import { dutyScore, EVALUATION_WEIGHT } from '../model/duty-score.js';
import { fingerprintOf } from '../model/fingerprint.js';
import {
  DUTY_IDS,
  SEVERITIES,
  type CheckSummary,
  type DutyId,
  type DutySummary,
  type Finding,
  type NotAssessed,
  type Report,
  type Severity,
  type SuppressionSignal,
} from '../model/findings.js';
import type { AccountExtract } from '../model/org-extract.js';
import type { Snapshot } from '../model/snapshot.js';
import { accountExtract } from '../analysis/account-extract.js';
import { REPORT_SCHEMA_VERSION, TOOL } from '../version.js';
import { CHAIN_TIER_REACH, chainScore, distinctFirst, linkChains } from './chains.js';
import type { CheckDefinition, CheckResult, FailResult, FindingLink } from './check-api.js';
import { Context } from './context.js';
import { daysLeft, partitionSuppressed, type Suppression } from './suppress.js';
import { fillRemediation } from './fix-fill.js';

export { fingerprintOf };

export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 100, high: 60, medium: 30, low: 10, info: 1 };

/** Severity × (1 + exposure) × (1 + blast radius): 0..3 each, so context can multiply a score by up to 16. */
export function priorityScore(severity: Severity, reach: number, blast: number): number {
  return SEVERITY_WEIGHT[severity] * (1 + reach) * (1 + blast);
}

/** An attack path reached only from inside still ranks above the single findings it is built from. */
const CHAIN_BOOST = 1.25;

const DEFAULT_REACH: Record<Severity, number> = { critical: 2, high: 1, medium: 1, low: 0, info: 0 };

export interface EvaluateOptions {
  config?: CheckConfig;
  /** Only these check ids (default: all). */
  only?: string[];
  generatedAt?: string;
  /** Accepted risks: matching findings move to suppressedFindings. */
  suppressions?: Suppression[];
  /** When suppressions are judged expired (default: now). */
  suppressionsAt?: Date;
  /** Also cut the account's extract for the organization's cross-account join. */
  extract?: boolean;
}

export interface Evaluation {
  report: Report;
  /** Suppressions past their expiry that matched a finding (it is reported again). */
  expiredSuppressions: Suppression[];
  /** Suppressions that matched no finding: fixed, or a wrong pattern. */
  unmatchedSuppressions: Suppression[];
  /** With options.extract: what the organization joins across accounts. */
  extract?: AccountExtract;
}

type DutyCounts = {
  failing: number;
  passing: number;
  notAssessed: number;
  bySeverity: Record<Severity, number>;
  passedWeight: number;
  failedWeight: number;
};

const noSeverities = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

function findingOf(check: CheckDefinition, r: FailResult, ctx: Context): Finding {
  const severity = r.severity ?? check.severity;
  const reach = r.exposure?.reach ?? DEFAULT_REACH[severity];
  const blast = r.exposure?.blast ?? 0;
  return {
    checkId: check.id,
    title: check.title,
    service: check.service,
    severity,
    duties: check.duties,
    priority: 0,
    score: !r.chain
      ? priorityScore(severity, reach, blast)
      : reach >= CHAIN_TIER_REACH
        ? chainScore(SEVERITY_WEIGHT[severity], reach, blast)
        : priorityScore(severity, reach, blast) * CHAIN_BOOST,
    resource: r.resource,
    fingerprint: fingerprintOf(check.id, r.resource.arn, r.discriminator),
    message: r.message,
    evidence: r.evidence,
    exposure: { reach, blast, factors: r.exposure?.factors ?? [] },
    ...(severity !== check.severity ? { baseSeverity: check.severity } : {}),
    remediation: fillRemediation(check.remediation, r, ctx),
    refs: check.refs,
  };
}

function runCheck(check: CheckDefinition, snapshot: Snapshot, ctx: Context): CheckResult[] {
  try {
    return check.evaluate(snapshot, ctx);
  } catch (err) {
    // A check that breaks on odd data must not take the report down with it.
    return [{ status: 'not_assessed', resource: ctx.accountRef(), reason: `check failed on this data: ${(err as Error).message}` }];
  }
}

/** Highest score first; ties broken so that the order never depends on check order. */
function byPriority(a: Finding, b: Finding): number {
  return (
    b.score - a.score ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    a.checkId.localeCompare(b.checkId) ||
    a.resource.arn.localeCompare(b.resource.arn) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}

/** Suppressed findings still count as failing their duties: suppression is accepted risk, not a fix. */
function summariseDuties(counts: Map<DutyId, DutyCounts>): DutySummary[] {
  return DUTY_IDS.map((id) => {
    const c = counts.get(id)!;
    let status: DutySummary['status'];
    let note: string | undefined;
    if (id === 'patching') {
      status = 'not-assessed';
      note = PATCHING_NOTE;
    } else if (c.failing > 0) status = 'failing';
    else if (c.passing === 0 && c.notAssessed === 0) {
      status = 'not-assessed';
      note = 'no check of this scan covers this duty';
    } else if (c.notAssessed > 0) status = c.passing > 0 ? 'partly-assessed' : 'not-assessed';
    else status = 'passing';
    const worstSeverity = SEVERITIES.find((k) => c.bySeverity[k] > 0);
    const score = id === 'patching' ? undefined : dutyScore(c.passedWeight, c.failedWeight, c.bySeverity);
    return {
      ...(score ? { score } : {}),
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
}

function scanFacts(snapshot: Snapshot, ctx: Context, complete: boolean, evaluateMs: number): Report['scan'] {
  const regions = snapshot.regions.state === 'ok' ? snapshot.regions.value : Object.keys(snapshot.ec2);
  return {
    collectedAt: snapshot.collectedAt,
    source: snapshot.source,
    accountId: snapshot.account.id,
    partition: snapshot.account.partition,
    ...(snapshot.account.principalArn ? { principalArn: snapshot.account.principalArn } : {}),
    regions,
    complete,
    ...(snapshot.skippedCalls?.length ? { skippedCalls: snapshot.skippedCalls } : {}),
    ...(snapshot.regionsSkipped?.length ? { regionsSkipped: snapshot.regionsSkipped } : {}),
    ...(snapshot.collection ? { collection: snapshot.collection } : {}),
    timings: {
      ...(snapshot.collection ? { collectMs: snapshot.collection.durationMs } : {}),
      evaluateMs,
    },
    guardrails: ctx.guardrails.status(),
  };
}

/** Runs the checks, ranks the findings and applies the suppressions: the report, built once. */
export function evaluateAccount(snapshot: Snapshot, checks: CheckDefinition[], options: EvaluateOptions = {}): Evaluation {
  const started = performance.now();
  const ctx = new Context(snapshot, options.config ?? DEFAULT_CONFIG);
  const selected = options.only?.length ? checks.filter((c) => options.only!.includes(c.id)) : checks;
  const ranked: Finding[] = [];
  const links = new Map<Finding, FindingLink[]>();
  const notAssessed: NotAssessed[] = [];
  const checkSummaries: CheckSummary[] = [];
  const dutyCounts = new Map<DutyId, DutyCounts>(
    DUTY_IDS.map((d) => [d, { failing: 0, passing: 0, notAssessed: 0, bySeverity: noSeverities(), passedWeight: 0, failedWeight: 0 }]),
  );

  for (const check of selected) {
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
    for (const r of runCheck(check, snapshot, ctx)) {
      if (r.status === 'fail') {
        summary.failed++;
        const finding = findingOf(check, r, ctx);
        ranked.push(finding);
        if (r.links?.length) links.set(finding, r.links);
      } else if (r.status === 'pass') summary.passed++;
      else {
        summary.notAssessed++;
        notAssessed.push({ checkId: check.id, title: check.title, duties: check.duties, resource: r.resource, reason: r.reason });
      }
    }
    for (const d of check.duties) {
      const c = dutyCounts.get(d)!;
      c.passing += summary.passed;
      c.passedWeight += summary.passed * EVALUATION_WEIGHT[check.severity];
      c.notAssessed += summary.notAssessed;
    }
    checkSummaries.push(summary);
  }

  linkChains(ranked, links);
  ranked.sort(distinctFirst(byPriority));
  ranked.forEach((f, i) => {
    f.priority = i + 1;
  });
  for (const f of ranked)
    for (const d of f.duties) {
      const c = dutyCounts.get(d)!;
      c.failing++;
      c.failedWeight += EVALUATION_WEIGHT[f.severity];
      c.bySeverity[f.severity]++;
    }
  const evaluateMs = Math.round(performance.now() - started);
  const at = options.suppressionsAt ?? new Date();
  const { active, suppressed, expired, unmatched, expiringSoon } = partitionSuppressed(ranked, options.suppressions ?? [], at);
  const bySeverity = noSeverities();
  for (const f of active) bySeverity[f.severity]++;
  const report: Report = {
    format: 'incloud-report',
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: TOOL,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    scan: scanFacts(snapshot, ctx, snapshot.errors.length === 0 && notAssessed.length === 0, evaluateMs),
    summary: {
      findings: active.length,
      suppressed: suppressed.length,
      bySeverity,
      checksRun: selected.length,
      notAssessed: notAssessed.length,
      errors: snapshot.errors.length,
    },
    duties: summariseDuties(dutyCounts),
    providerSide: PROVIDER_SIDE,
    checks: checkSummaries,
    findings: active,
    suppressedFindings: suppressed,
    notAssessed,
    errors: snapshot.errors,
    ...(options.suppressions?.length
      ? {
          suppressions: {
            expired: expired.map(signalOf),
            unmatched: unmatched.map(signalOf),
            expiringSoon: expiringSoon.map((s) => ({ ...signalOf(s), daysLeft: daysLeft(s, at) })),
          },
        }
      : {}),
  };
  return {
    report,
    expiredSuppressions: expired,
    unmatchedSuppressions: unmatched,
    ...(options.extract ? { extract: accountExtract(ctx) } : {}),
  };
}

const signalOf = (s: Suppression): SuppressionSignal => ({
  ...(s.fingerprint ? { fingerprint: s.fingerprint } : {}),
  ...(s.checkId ? { checkId: s.checkId } : {}),
  ...(s.resource ? { resource: s.resource } : {}),
  reason: s.reason,
  expires: s.expires,
  ...(s.by ? { by: s.by } : {}),
});

/** The report alone, for callers that pass no suppressions or do not need their outcome. */
export function evaluate(snapshot: Snapshot, checks: CheckDefinition[], options: EvaluateOptions = {}): Report {
  return evaluateAccount(snapshot, checks, options).report;
}
