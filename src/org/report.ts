// Builds the organization report from account results, one at a time, so a large organization
// never holds every account's full report (or snapshot) in memory: each account leaves a row
// and its open findings.

import { DUTY_NAMES } from '../model/duties.js';
import { DUTY_IDS, SEVERITIES, type Report } from '../model/findings.js';
import { zeroSeverities } from '../model/severity.js';
import {
  CROSS_ACCOUNT_CHECK,
  ORG_REPORT_FORMAT,
  ORG_REPORT_VERSION,
  type AccountResult,
  type AccountStatus,
  type AccountTarget,
  type OrgAccountRow,
  type OrgCheckFacts,
  type OrgFinding,
  type OrgReport,
} from '../model/org-report.js';
import type { AccountExtract } from '../model/org-extract.js';
import { TOOL } from '../version.js';
import { accountCompliance, ComplianceRollup } from './compliance-rollup.js';
import { CROSS_ACCOUNT_FACTS, crossAccountFindings, type AccountPlace } from './cross-account.js';

/** The accounts' own findings a cross-account path runs through: ranked under it. */
const LINKED = new Set([
  'iam.role-trust-cross-account-unconditioned',
  'iam.policy-assumerole-unrestricted',
  'iam.principal-reaches-admin',
  'iam.principal-admin',
  'iam.aws-admin-policy-attached',
  'iam.principal-privilege-escalation',
  'iam.principal-reaches-data',
  'ec2.attack-path-internet-to-role',
]);

function rowOf(target: AccountTarget): Pick<OrgAccountRow, 'id' | 'name' | 'email' | 'ouPath'> {
  return {
    id: target.accountId,
    name: target.name ?? target.accountId,
    ...(target.email ? { email: target.email } : {}),
    ouPath: target.ouPath,
  };
}

function summaryOf(report: Report): NonNullable<OrgAccountRow['summary']> {
  const s = report.summary;
  return {
    findings: s.findings,
    suppressed: s.suppressed,
    notAssessed: s.notAssessed,
    errors: s.errors,
    bySeverity: { ...s.bySeverity },
    topScore: report.findings.reduce((m, f) => Math.max(m, f.score), 0),
  };
}

const STATUS_ORDER: AccountStatus[] = ['not-assessed', 'incomplete', 'assessed', 'skipped'];

export class OrgReportBuilder {
  private readonly rows: OrgAccountRow[] = [];
  private readonly findings: OrgFinding[] = [];
  private readonly checks: Record<string, OrgCheckFacts> = {};
  private readonly extracts: AccountExtract[] = [];
  private readonly places = new Map<string, AccountPlace>();
  private readonly compliance = new ComplianceRollup();

  constructor(private readonly meta: Pick<OrgReport, 'scanId' | 'organization' | 'runner'>) {}

  skipped(target: AccountTarget, reason: string): void {
    this.rows.push({ ...rowOf(target), status: 'skipped', reason });
  }

  /** Adds one account; `reportHref` is where its own HTML report was written, if it was. */
  add(result: AccountResult, reportHref?: string): void {
    const row: OrgAccountRow = {
      ...rowOf(result.target),
      status: result.status,
      ...(result.reason ? { reason: result.reason } : {}),
      durationMs: result.durationMs,
    };
    this.places.set(result.target.accountId, { name: row.name, ouPath: result.target.ouPath });
    if (result.extract) this.extracts.push(result.extract);
    const report = result.report;
    if (report) {
      row.collectedAt = report.scan.collectedAt;
      if (report.scan.guardrails) row.guardrails = report.scan.guardrails;
      row.summary = summaryOf(report);
      row.duties = report.duties.map((d) => ({
        id: d.id,
        status: d.status,
        failing: d.failing,
        ...(d.worstSeverity ? { worstSeverity: d.worstSeverity } : {}),
      }));
      if (reportHref) row.reportHref = reportHref;
      if (report.compliance?.length) {
        row.compliance = accountCompliance(report.compliance);
        this.compliance.add(result.target.accountId, report.compliance);
      }
      if (!result.reason && result.status === 'incomplete')
        row.reason = `${report.summary.notAssessed} check result(s) not assessed, ${report.summary.errors} collection error(s)`;
      for (const f of report.findings) {
        const { remediation, refs, priority, ...rest } = f;
        this.checks[f.checkId] ??= { title: f.title, severity: f.baseSeverity ?? f.severity, duties: f.duties, remediation, refs };
        this.findings.push({
          ...rest,
          priority: 0,
          accountPriority: priority,
          accountId: result.target.accountId,
          accountName: row.name,
          ouPath: result.target.ouPath,
        });
      }
    }
    this.rows.push(row);
  }

  /** Joins the accounts' extracts: cross-account paths become findings, their parts are linked under them. */
  private crossAccount(now: Date): { findings: OrgFinding[]; summary: NonNullable<OrgReport['crossAccount']> } {
    const started = performance.now();
    const paths = crossAccountFindings(this.extracts, this.places, now, this.meta.organization.managementAccountId);
    const byArn = new Map<string, OrgFinding[]>();
    for (const f of this.findings) if (LINKED.has(f.checkId)) byArn.set(f.resource.arn, [...(byArn.get(f.resource.arn) ?? []), f]);
    for (const path of paths) {
      const parts = ((path.evidence.principals as string[] | undefined) ?? []).flatMap((arn) => byArn.get(arn) ?? []);
      path.evidence.linkedFindings = parts.map((f) => ({
        checkId: f.checkId,
        fingerprint: f.fingerprint,
        resource: f.resource.arn,
        accountId: f.accountId,
      }));
      for (const part of parts) part.partOf = [...(part.partOf ?? []), path.fingerprint];
    }
    if (paths.length) this.checks[CROSS_ACCOUNT_CHECK] = CROSS_ACCOUNT_FACTS;
    const joined = new Set(this.extracts.map((x) => x.accountId));
    const notJoined = this.rows.filter((r) => r.status !== 'skipped' && !joined.has(r.id)).map((r) => r.id);
    return {
      findings: paths,
      summary: {
        accountsJoined: joined.size,
        paths: paths.length,
        joinMs: Math.round(performance.now() - started),
        ...(notJoined.length ? { notJoined } : {}),
      },
    };
  }

  build(generatedAt = new Date().toISOString()): OrgReport {
    const cross = this.crossAccount(new Date(generatedAt));
    const compliance = this.compliance.build();
    // Distinct problems and chains first; the hops of a chain after them, as in each account's report.
    const findings = [...this.findings, ...cross.findings].sort(
      (a, b) =>
        Number(Boolean(a.partOf)) - Number(Boolean(b.partOf)) ||
        b.score - a.score ||
        SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
        a.accountId.localeCompare(b.accountId) ||
        a.fingerprint.localeCompare(b.fingerprint),
    );
    findings.forEach((f, i) => {
      f.priority = i + 1;
    });
    const accounts = [...this.rows].sort(
      (a, b) =>
        STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
        (b.summary?.topScore ?? 0) - (a.summary?.topScore ?? 0) ||
        (b.summary?.findings ?? 0) - (a.summary?.findings ?? 0) ||
        a.id.localeCompare(b.id),
    );
    const count = (s: AccountStatus) => accounts.filter((a) => a.status === s).length;
    const bySeverity = zeroSeverities();
    for (const f of findings) bySeverity[f.severity]++;
    return {
      format: ORG_REPORT_FORMAT,
      schemaVersion: ORG_REPORT_VERSION,
      tool: { name: TOOL.name, version: TOOL.version },
      generatedAt,
      ...this.meta,
      summary: {
        accounts: {
          total: accounts.length,
          assessed: count('assessed'),
          incomplete: count('incomplete'),
          'not-assessed': count('not-assessed'),
          skipped: count('skipped'),
        },
        findings: findings.length,
        suppressed: accounts.reduce((n, a) => n + (a.summary?.suppressed ?? 0), 0),
        bySeverity,
      },
      duties: DUTY_IDS.map((id) => ({ id, name: DUTY_NAMES[id] })),
      accounts,
      findings,
      checks: this.checks,
      crossAccount: cross.summary,
      ...(compliance.length ? { compliance } : {}),
    };
  }
}
