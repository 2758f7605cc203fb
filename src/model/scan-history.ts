// What scan history adds to a report (with --db): each finding's age and SLA state, the trend
// over the last scans and the mean time to remediate per duty.

import type { Severity } from './severity.js';

export interface TrendPoint {
  scanId: number;
  accountId: string;
  /** The account's name, where an organization scan recorded it. */
  accountName?: string;
  /** The organization scan this account scan was part of. */
  orgScanId?: string;
  collectedAt: string;
  complete: boolean;
  /** Open findings after the scan (unknown ones included: not verified, so still open). */
  open: Record<Severity, number>;
  /** Findings that appeared since the previous scan; 0 on a baseline. */
  new: number;
  /** The account's first recorded scan: its open findings are the starting point, not new. */
  baseline?: boolean;
  resolved: number;
  reopened: number;
  unverified: number;
  suppressed: number;
  /** Framework scores of the scan (see report.compliance). */
  compliance?: FrameworkScore[];
}

export interface FrameworkScore {
  key: string;
  score: number | null;
  pass: number;
  fail: number;
}

export interface MttrRow {
  duty: string;
  /** Mean days from the start of an open period to its resolution. */
  days: number;
  resolved: number;
}

export type SlaState = 'overdue' | 'due-soon' | 'within' | 'none';

export interface SlaStatus {
  state: SlaState;
  /** Days allowed for the severity. */
  days?: number;
  dueAt?: string;
}

export interface FindingHistory {
  firstSeen: string;
  /** Days since the current open period began (the first sighting, or the reopening). */
  ageDays: number;
  /** Not open at the previous complete scan (before any complete scan: at the previous scan; the baseline scan: false). */
  new: boolean;
  /** It had been resolved and is back. */
  reopened: boolean;
  sla: SlaStatus;
  /** The ticket that tracks it, once a ticket sync made one. */
  ticket?: TicketLink;
}

export interface TicketLink {
  /** The ticket system and project, repository or URL (the sync's --target). */
  target: string;
  id: string;
  url?: string;
  state: 'open' | 'closed';
}

export interface HistoryRef {
  fingerprint: string;
  checkId: string;
  title: string;
  resourceArn: string;
  severity: Severity;
}

export interface ReportHistory {
  store: 'pglite' | 'postgres';
  scanId: number;
  previousCompleteScan?: string;
  previousScan?: string;
  slaPolicy: Record<Severity, number | null>;
  sla: { overdue: number; dueSoon: number };
  /** The last scans of the account, oldest first, this one last. */
  trend: TrendPoint[];
  mttrByDuty: MttrRow[];
  /** Resolved by this scan: absent, and their check assessed their resource. */
  resolved: HistoryRef[];
  /** Absent, but this scan could not look (check not run or not assessed): still open. */
  unverified: (HistoryRef & { since: string })[];
}

/** One organization scan's accounts together: the organization's trend over its scans. */
export interface OrgTrendPoint {
  orgScanId: string;
  /** When its first account scan was collected. */
  collectedAt: string;
  /** Every account scan of it was complete. */
  complete: boolean;
  open: Record<Severity, number>;
  new: number;
  resolved: number;
  reopened: number;
  unverified: number;
  /** Every account in it was on its baseline scan. */
  baseline?: boolean;
  accounts: { accountId: string; accountName?: string; open: number; new: number; resolved: number; reopened: number; complete: boolean }[];
}
