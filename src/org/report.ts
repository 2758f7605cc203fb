// Builds the organization report from account results, one at a time, so a large organization
// never holds every account's full report (or snapshot) in memory: each account leaves a row,
// and its open findings go to a spill file with a small ranking entry each (finding-spill.ts).
// The built report lists the findings its pages and summaries show; allFindings() streams every
// one back in rank order for the JSON report.

import { DUTY_NAMES } from '../model/duties.js';
import { DUTY_IDS, type Report } from '../model/findings.js';
import { zeroSeverities } from '../model/severity.js';
import {
  CROSS_ACCOUNT_CHECK,
  ORG_CHANGES_LISTED,
  ORG_PROBLEMS,
  ORG_REPORT_FORMAT,
  ORG_TOP_FINDINGS,
  ORG_REPORT_VERSION,
  type AccountResult,
  type AccountStatus,
  type AccountTarget,
  type OrgAccountRow,
  type OrgChanges,
  type OrgCheckFacts,
  type OrgFinding,
  type OrgProblem,
  type OrgReport,
} from '../model/org-report.js';
import type { AccountExtract } from '../model/org-extract.js';
import { TOOL } from '../version.js';
import { accountCompliance, ComplianceRollup } from './compliance-rollup.js';
import { CROSS_ACCOUNT_FACTS, crossAccountFindings, type AccountPlace } from './cross-account.js';
import { byRank, entryOf, FindingSpill, type RankedEntry } from './finding-spill.js';

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
  private readonly entries: RankedEntry[] = [];
  private readonly spill = new FindingSpill();
  private withHistory = false;
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
        const finding: OrgFinding = {
          ...rest,
          priority: 0,
          accountPriority: priority,
          accountId: result.target.accountId,
          accountName: row.name,
          ouPath: result.target.ouPath,
        };
        this.withHistory ||= Boolean(f.history);
        // The findings a path across accounts may run through stay at hand for the join.
        this.entries.push(LINKED.has(f.checkId) ? { ...entryOf(finding), held: finding } : this.spill.put(finding));
      }
    }
    this.rows.push(row);
  }

  /** Joins the accounts' extracts: cross-account paths become findings, their parts are linked under them. */
  private crossAccount(now: Date): { findings: OrgFinding[]; summary: NonNullable<OrgReport['crossAccount']> } {
    const started = performance.now();
    const paths = crossAccountFindings(this.extracts, this.places, now, this.meta.organization.managementAccountId);
    const byArn = new Map<string, RankedEntry[]>();
    for (const e of this.entries) if (e.held) byArn.set(e.held.resource.arn, [...(byArn.get(e.held.resource.arn) ?? []), e]);
    for (const path of paths) {
      const parts = ((path.evidence.principals as string[] | undefined) ?? []).flatMap((arn) => byArn.get(arn) ?? []);
      path.evidence.linkedFindings = parts.map((e) => ({
        checkId: e.checkId,
        fingerprint: e.fingerprint,
        resource: e.held!.resource.arn,
        accountId: e.accountId,
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

  /**
   * The report, listing the findings its pages and summaries show: the top ORG_TOP_FINDINGS,
   * every path across accounts and the findings it may link, each problem's lead, and the first
   * ones (and first new or reopened ones) per severity. Build once; allFindings() then has every finding.
   */
  build(generatedAt = new Date().toISOString()): OrgReport {
    const cross = this.crossAccount(new Date(generatedAt));
    const compliance = this.compliance.build();
    this.entries.push(...cross.findings.map((f) => ({ ...entryOf(f), held: f })));
    this.entries.sort(byRank);
    this.entries.forEach((e, i) => {
      e.priority = i + 1;
    });
    const fixFirst = problemsOf(this.entries, ORG_PROBLEMS);
    const listed = listedEntries(this.entries, fixFirst);
    const accounts = [...this.rows].sort(
      (a, b) =>
        STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) ||
        (b.summary?.topScore ?? 0) - (a.summary?.topScore ?? 0) ||
        (b.summary?.findings ?? 0) - (a.summary?.findings ?? 0) ||
        a.id.localeCompare(b.id),
    );
    const count = (s: AccountStatus) => accounts.filter((a) => a.status === s).length;
    const bySeverity = zeroSeverities();
    for (const e of this.entries) bySeverity[e.severity]++;
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
        findings: this.entries.length,
        suppressed: accounts.reduce((n, a) => n + (a.summary?.suppressed ?? 0), 0),
        bySeverity,
        ...(this.withHistory ? { changes: changesOf(this.entries) } : {}),
      },
      fixFirst,
      duties: DUTY_IDS.map((id) => ({ id, name: DUTY_NAMES[id] })),
      accounts,
      findings: listed.map((e) => this.spill.read(e)),
      checks: this.checks,
      crossAccount: cross.summary,
      ...(compliance.length ? { compliance } : {}),
    };
  }

  /** Every open finding in rank order, read back one at a time (after build). */
  *allFindings(): Generator<OrgFinding> {
    for (const e of this.entries) yield this.spill.read(e);
  }

  /** Removes the spill file. */
  discard(): void {
    this.spill.discard();
  }
}

/** The distinct problems in rank order: one per check, led by its best finding; chain parts are left to their chain. */
export function problemsOf(ranked: RankedEntry[], limit: number): OrgProblem[] {
  const byCheck = new Map<string, OrgProblem & { others: Set<string> }>();
  for (const e of ranked) {
    if (e.partOf?.length) continue;
    const p = byCheck.get(e.checkId);
    if (p) {
      p.more++;
      p.others.add(e.accountId);
    } else if (byCheck.size < limit)
      byCheck.set(e.checkId, {
        checkId: e.checkId,
        lead: { accountId: e.accountId, fingerprint: e.fingerprint },
        more: 0,
        accounts: 0,
        others: new Set(),
      });
  }
  return [...byCheck.values()].map(({ others, ...p }) => ({ ...p, accounts: others.size }));
}

/** The first of each severity (changed, and any) are what a chat summary lists, at any --notify-min-severity. */
function listedEntries(ranked: RankedEntry[], fixFirst: OrgProblem[]): RankedEntry[] {
  const leads = new Set(fixFirst.map((p) => `${p.lead.accountId}/${p.lead.fingerprint}`));
  const [any, changed] = [zeroSeverities(), zeroSeverities()];
  return ranked.filter((e) => {
    const first = any[e.severity]++ < ORG_CHANGES_LISTED;
    const firstChanged = e.change !== undefined && changed[e.severity]++ < ORG_CHANGES_LISTED;
    return e.priority! <= ORG_TOP_FINDINGS || e.held !== undefined || first || firstChanged || leads.has(`${e.accountId}/${e.fingerprint}`);
  });
}

function changesOf(ranked: RankedEntry[]): OrgChanges {
  const out: OrgChanges = { new: zeroSeverities(), reopened: zeroSeverities(), overdue: 0 };
  for (const e of ranked) {
    if (e.change) out[e.change][e.severity]++;
    if (e.overdue) out.overdue++;
  }
  return out;
}
