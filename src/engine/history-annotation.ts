// Puts an account's recorded history into its report: each finding's first sighting, age,
// "new" flag and SLA state, and the trend, MTTR, resolved and unverified lists. Pure: it
// returns a new report. The store (src/store/history-recorder.ts) supplies RecordedHistory.

import type { Finding, Report } from '../model/findings.js';
import type { MttrRow, ReportHistory, TicketLink, TrendPoint } from '../model/scan-history.js';
import type { SlaPolicy } from '../model/sla.js';
import { ageDays, slaOf, type LifecycleRow } from './lifecycle.js';

/** Where history comes from: records one account report and answers with its history. */
export interface HistoryPort {
  record(report: Report, sla?: SlaPolicy): Promise<RecordedHistory>;
}

export interface RecordedHistory {
  store: ReportHistory['store'];
  scanId: number;
  rows: Map<string, LifecycleRow>;
  previousComplete?: string;
  previous?: string;
  trend: TrendPoint[];
  mttr: MttrRow[];
  /** Tickets that track the account's findings, by fingerprint. */
  tickets?: Map<string, TicketLink>;
}

/**
 * "new" compares with the previous complete scan: a partial one may simply not have looked.
 * Before any complete scan (an account where some call is always denied), the previous scan
 * is the reference, or nothing would ever stop being new. The first scan is the baseline: nothing in it is new.
 */
export function withHistory(report: Report, h: RecordedHistory, policy: SlaPolicy): Report {
  const at = report.scan.collectedAt;
  const reference = h.previousComplete ?? h.previous;
  let overdue = 0;
  let dueSoon = 0;
  const annotate = (f: Finding): Finding => {
    const row = h.rows.get(f.fingerprint);
    if (!row) return f;
    const sla = slaOf(f.severity, row.openSince, at, policy);
    if (!f.suppressed && sla.state === 'overdue') overdue++;
    if (!f.suppressed && sla.state === 'due-soon') dueSoon++;
    return {
      ...f,
      history: {
        firstSeen: row.firstSeen,
        ageDays: ageDays(row.openSince, at),
        new: reference !== undefined && Date.parse(row.openSince) > Date.parse(reference),
        reopened: row.reopenCount > 0 && row.openSince === at,
        sla,
        ...(h.tickets?.get(f.fingerprint) ? { ticket: h.tickets.get(f.fingerprint)! } : {}),
      },
    };
  };
  const findings = report.findings.map(annotate);
  const suppressedFindings = report.suppressedFindings.map(annotate);
  const ref = (r: LifecycleRow) => ({
    fingerprint: r.fingerprint,
    checkId: r.checkId,
    title: r.title,
    resourceArn: r.resourceArn,
    severity: r.severity,
  });
  const rows = [...h.rows.values()];
  const history: ReportHistory = {
    store: h.store,
    scanId: h.scanId,
    ...(h.previousComplete ? { previousCompleteScan: h.previousComplete } : {}),
    ...(h.previous ? { previousScan: h.previous } : {}),
    slaPolicy: policy,
    sla: { overdue, dueSoon },
    trend: h.trend,
    mttrByDuty: h.mttr,
    resolved: rows.filter((r) => r.status === 'resolved' && r.resolvedAt === at).map(ref),
    unverified: rows.filter((r) => r.status === 'unknown').map((r) => ({ ...ref(r), since: r.unverifiedSince ?? at })),
  };
  return { ...report, findings, suppressedFindings, history };
}
