// The organization report: every account of an organization scan with its status, and the
// findings of all accounts ranked together. Versioned like the account report; its JSON
// Schema is schema/org-report.schema.json.

import type { OrgTrendPoint } from './scan-history.js';
import type { DutyId, DutyStatus, Finding, Report, Severity } from './findings.js';
import type { ControlStatus } from './frameworks.js';
import type { AccountExtract } from './org-extract.js';
import type { GuardrailStatus, OrgFacts } from './organization.js';
import type { Snapshot } from './snapshot.js';

export const ORG_REPORT_FORMAT = 'incloud-org-report';
export const ORG_REPORT_VERSION = '1.6.0';

export interface OrgUnitRef {
  id: string;
  name: string;
}

/** One account to scan: from the organization listing or a line of --accounts-file. */
export interface AccountTarget {
  accountId: string;
  name?: string;
  email?: string;
  /** Root first, down to the account's own OU; empty when unknown (--accounts-file). */
  ouPath: OrgUnitRef[];
  /** Role to assume in the account; absent: the scanner's own credentials (its own account). */
  roleArn?: string;
}

/**
 * assessed: scanned, every check assessed; incomplete: scanned with gaps (denied, throttled);
 * not-assessed: the account could not be scanned (role not assumable, scan failed);
 * skipped: not scanned on purpose (suspended or closed account).
 */
export type AccountStatus = 'assessed' | 'incomplete' | 'not-assessed' | 'skipped';

/** What scanning one account produced: a report, or the reason there is none. */
export interface AccountResult {
  target: AccountTarget;
  status: AccountStatus;
  reason?: string;
  report?: Report;
  snapshot?: Snapshot;
  /** What the organization joins across accounts (cross-account attack paths). */
  extract?: AccountExtract;
  durationMs: number;
  /** A not-assessed account whose failure may pass (endpoint down, throttled): a queued job retries it. */
  retryable?: boolean;
  /** The id of the scan store a worker already recorded this report into (its history is in the report). */
  recordedIn?: string;
  /** How long recording its history took, wherever that happened. */
  historyMs?: number;
}

/** The accounts of one organization scan: what to scan, and what was skipped on purpose. */
export interface OrgScanPlan {
  scanId: string;
  organization: OrgReport['organization'];
  /** The organization's accounts and guardrails as listed once (absent for an --accounts-file). */
  facts?: OrgFacts;
  targets: AccountTarget[];
  skipped: { target: AccountTarget; reason: string }[];
}

export interface OrgDutyCell {
  id: DutyId;
  status: DutyStatus;
  failing: number;
  worstSeverity?: Severity;
}

/** The check id of an attack path that crosses accounts, found by joining the accounts' extracts. */
export const CROSS_ACCOUNT_CHECK = 'org.cross-account-path';
/** Anchor of a path across accounts in org-report.html: account reports link to it. */
export const pathAnchor = (fingerprint: string): string => `path-${fingerprint}`;

export interface OrgAccountRow {
  id: string;
  name: string;
  email?: string;
  ouPath: OrgUnitRef[];
  status: AccountStatus;
  reason?: string;
  /** Relative path of the account's own HTML report, when one was written. */
  reportHref?: string;
  collectedAt?: string;
  durationMs?: number;
  /** Whether the organization's SCPs and RCPs were part of its verdicts (from its report). */
  guardrails?: GuardrailStatus;
  summary?: {
    findings: number;
    suppressed: number;
    notAssessed: number;
    errors: number;
    bySeverity: Record<Severity, number>;
    /** Highest priority score among its findings: what sorts the worst accounts first. */
    topScore: number;
  };
  duties?: OrgDutyCell[];
  /** Its score and counts per compliance framework (from its report). */
  compliance?: OrgAccountCompliance[];
}

export interface OrgAccountCompliance {
  key: string;
  score: number | null;
  pass: number;
  fail: number;
  notAssessed: number;
}

/** One framework across the organization: each control with the accounts it fails or could not be judged in. */
export interface OrgFrameworkRollup {
  framework: string;
  version: string;
  key: string;
  title: string;
  accounts: number;
  controls: {
    id: string;
    section: string;
    title: string;
    /** Worst across accounts: fail, then not-assessed, then pass; manual and out-of-scope as they are. */
    status: ControlStatus;
    failingAccounts: string[];
    notAssessedAccounts: string[];
  }[];
}

/** A finding of one account, placed in the organization. */
export interface OrgFinding extends Omit<Finding, 'remediation' | 'refs'> {
  accountId: string;
  accountName: string;
  ouPath: OrgUnitRef[];
  /** Its rank within its own account's report; absent for a finding of the organization (a path across accounts). */
  accountPriority?: number;
}

export interface OrgCheckFacts {
  title: string;
  severity: Severity;
  duties: DutyId[];
  remediation: Finding['remediation'];
  refs: Finding['refs'];
}

/** Findings the organization page lists, in rank order (the JSON report has every one). */
export const ORG_TOP_FINDINGS = 500;
/** Distinct problems the report names, best first (the page shows 8, the terminal --top up to 100). */
export const ORG_PROBLEMS = 100;
/** New or reopened findings kept at hand per severity for the chat summary, which lists at most this many. */
export const ORG_CHANGES_LISTED = 15;

/** One distinct problem: a check, its best-ranked finding, and how many more of it wait in how many accounts. */
export interface OrgProblem {
  checkId: string;
  lead: { accountId: string; fingerprint: string };
  more: number;
  accounts: number;
}

/** With --db: how the open findings changed since each account's previous scan. */
export interface OrgChanges {
  new: Record<Severity, number>;
  reopened: Record<Severity, number>;
  overdue: number;
}

export interface OrgReport {
  $schema?: string;
  format: typeof ORG_REPORT_FORMAT;
  schemaVersion: string;
  tool: { name: string; version: string };
  generatedAt: string;
  scanId: string;
  organization: { id?: string; managementAccountId?: string; source: 'organizations' | 'accounts-file' };
  /** in-process, or the BullMQ queue the accounts were scanned through (URL without credentials). */
  runner: { mode: 'in-process' | 'queue'; queue?: string };
  summary: {
    accounts: Record<AccountStatus, number> & { total: number };
    findings: number;
    suppressed: number;
    bySeverity: Record<Severity, number>;
    changes?: OrgChanges;
  };
  /** The distinct problems to fix first, in rank order (up to ORG_PROBLEMS). */
  fixFirst: OrgProblem[];
  duties: { id: DutyId; name: string }[];
  /** Worst first: not-assessed accounts, then by top priority score. */
  accounts: OrgAccountRow[];
  /** Open findings of every account, ranked across the organization (priority 1 = fix first). */
  findings: OrgFinding[];
  /** Facts of each check that has findings, stored once. */
  checks: Record<string, OrgCheckFacts>;
  /** The join of the accounts' extracts into one access graph (cross-account paths are in findings). */
  crossAccount?: { accountsJoined: number; paths: number; joinMs: number; notJoined?: string[] };
  /** Accounts × frameworks: each control's status across the organization. */
  compliance?: OrgFrameworkRollup[];
  /** With --db: the organization's last scans, oldest first, this one last. */
  trend?: OrgTrendPoint[];
}
