// How a finding's life moves from one scan of an account to the next: first seen, still open,
// suppressed, resolved, reopened, or "unknown" when the new scan could not look again. Pure:
// the store (src/store) loads the previous state and saves the next one.
//
// Honest resolution: a finding missing from a scan is resolved only if that scan ran its check
// and assessed the finding's resource. A check left out (--checks), a region not scanned, or a
// "not assessed" result for the resource (or for its whole region or account) keeps it open,
// marked unknown (unverified), so a partial scan never closes what it did not see.

import { createHash } from 'node:crypto';
import { awsDocsFor } from '../model/aws-docs.js';
import type { ControlRef } from '../model/frameworks.js';
import { controlsFailedBy } from '../model/failed-controls.js';
import type { Finding, Remediation, Report, Severity } from '../model/findings.js';
import { rankReason } from '../model/rank-reason.js';
import type { SlaState, SlaStatus } from '../model/scan-history.js';
import type { SlaPolicy } from '../model/sla.js';
import { witnessText } from '../model/witness.js';

export type LifecycleStatus = 'open' | 'suppressed' | 'resolved' | 'unknown';

export interface LifecycleRow {
  fingerprint: string;
  checkId: string;
  title: string;
  resourceArn: string;
  resourceName: string;
  region: string;
  severity: Severity;
  duties: string[];
  status: LifecycleStatus;
  firstSeen: string;
  /** When the current open period began: firstSeen, or the scan that reopened it. */
  openSince: string;
  lastSeen: string;
  resolvedAt: string | null;
  unverifiedSince: string | null;
  reopenCount: number;
  /** Hash of severity and evidence: a change is worth a ticket comment. */
  evidenceHash: string;
  /** An attack chain's hops as text (see model/witness), for tickets; null for other findings. */
  witness: string | null;
  /** What a ticket needs to be acted on, from the latest scan that saw the finding (absent on older rows). */
  context?: FindingContext | null;
}

/** The ticket's story of a finding: its message, where it ranks and why, the filled fix, the docs and the SLA. */
export interface FindingContext {
  message: string;
  priority: number;
  why: string;
  fix: Remediation;
  docs?: string;
  /** Days the SLA policy allows at this severity; null or absent: no deadline. */
  slaDays?: number | null;
  /** The framework controls it fails (Security Hub's RelatedRequirements); absent in rows stored before they were kept. */
  controls?: ControlRef[];
}

/** What happened to a finding in one scan. */
export type ScanEvent = 'new' | 'open' | 'reopened' | 'suppressed' | 'resolved' | 'unverified';

export interface LifecycleStep {
  rows: LifecycleRow[];
  events: { fingerprint: string; severity: Severity; event: ScanEvent }[];
}

const ACCOUNT_SCOPE = 'AWS::::Account';

export const evidenceHashOf = (f: Pick<Finding, 'severity' | 'evidence' | 'message'>): string =>
  createHash('sha256')
    .update(JSON.stringify([f.severity, f.message, f.evidence]))
    .digest('hex')
    .slice(0, 16);

/** Whether a report looked at a check on a resource (in a region): the question before resolving. */
export function coverageOf(report: Report): (checkId: string, resourceArn: string, region: string) => boolean {
  const ran = new Set(report.checks.map((c) => c.id));
  const regions = new Set(report.scan.regions);
  const gaps = new Set<string>();
  const scopeGaps = new Set<string>();
  for (const n of report.notAssessed) {
    gaps.add(`${n.checkId}\u0000${n.resource.arn}`);
    if (n.resource.type === ACCOUNT_SCOPE) scopeGaps.add(`${n.checkId}\u0000${n.resource.region}`);
  }
  return (checkId, resourceArn, region) =>
    ran.has(checkId) &&
    (region === 'global' || regions.has(region)) &&
    !gaps.has(`${checkId}\u0000${resourceArn}`) &&
    !scopeGaps.has(`${checkId}\u0000global`) &&
    !scopeGaps.has(`${checkId}\u0000${region}`);
}

function contextOf(f: Finding, sla: SlaPolicy | undefined, controls: ControlRef[]): FindingContext {
  const docs = awsDocsFor(f.checkId);
  return {
    controls,
    message: f.message,
    priority: f.priority,
    why: rankReason(f),
    fix: f.remediation,
    ...(docs ? { docs } : {}),
    ...(sla ? { slaDays: sla[f.severity] } : {}),
  };
}

function rowOf(f: Finding, at: string, status: LifecycleStatus, sla: SlaPolicy | undefined, controls: ControlRef[]): LifecycleRow {
  return {
    fingerprint: f.fingerprint,
    checkId: f.checkId,
    title: f.title,
    resourceArn: f.resource.arn,
    resourceName: f.resource.name,
    region: f.resource.region,
    severity: f.severity,
    duties: f.duties,
    status,
    firstSeen: at,
    openSince: at,
    lastSeen: at,
    resolvedAt: null,
    unverifiedSince: null,
    reopenCount: 0,
    evidenceHash: evidenceHashOf(f),
    witness: witnessText(f.evidence),
    context: contextOf(f, sla, controls),
  };
}

/** The next state of every finding of the account after `report`, and what happened in it. */
export function nextLifecycle(previous: Map<string, LifecycleRow>, report: Report, sla?: SlaPolicy): LifecycleStep {
  const at = report.scan.collectedAt;
  const covered = coverageOf(report);
  const failed = controlsFailedBy(report);
  const rows: LifecycleRow[] = [];
  const events: LifecycleStep['events'] = [];
  const seen = new Set<string>();
  const present: [Finding, LifecycleStatus][] = [
    ...report.findings.map((f): [Finding, LifecycleStatus] => [f, 'open']),
    ...report.suppressedFindings.map((f): [Finding, LifecycleStatus] => [f, 'suppressed']),
  ];
  for (const [f, status] of present) {
    // One row per fingerprint, even if a report lists one twice.
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    const before = previous.get(f.fingerprint);
    const now = rowOf(f, at, status, sla, failed ? (failed.get(f.fingerprint) ?? []) : (f.refs.controls ?? []));
    if (!before) {
      rows.push(now);
      events.push({ fingerprint: f.fingerprint, severity: f.severity, event: status === 'suppressed' ? 'suppressed' : 'new' });
      continue;
    }
    const reopened = before.status === 'resolved';
    rows.push({
      ...now,
      firstSeen: before.firstSeen,
      openSince: reopened ? at : before.openSince,
      reopenCount: before.reopenCount + (reopened ? 1 : 0),
    });
    const event: ScanEvent = status === 'suppressed' ? 'suppressed' : reopened ? 'reopened' : 'open';
    events.push({ fingerprint: f.fingerprint, severity: f.severity, event });
  }
  for (const before of previous.values()) {
    if (seen.has(before.fingerprint) || before.status === 'resolved') continue;
    if (covered(before.checkId, before.resourceArn, before.region)) {
      rows.push({ ...before, status: 'resolved', resolvedAt: at, unverifiedSince: null });
      events.push({ fingerprint: before.fingerprint, severity: before.severity, event: 'resolved' });
    } else {
      rows.push({ ...before, status: 'unknown', unverifiedSince: before.unverifiedSince ?? at });
      events.push({ fingerprint: before.fingerprint, severity: before.severity, event: 'unverified' });
    }
  }
  return { rows, events };
}

/** Days a finding may stay open, per severity; null: no deadline. */

const DAY_MS = 86_400_000;

/** Overdue past the deadline; due soon in its last fifth (at least one day). */
export function slaOf(severity: Severity, openSince: string, now: string, policy: SlaPolicy): SlaStatus {
  const days = policy[severity];
  if (days === null || days === undefined) return { state: 'none' };
  const due = Date.parse(openSince) + days * DAY_MS;
  const left = due - Date.parse(now);
  const state: SlaState = left < 0 ? 'overdue' : left <= Math.max(1, days * 0.2) * DAY_MS ? 'due-soon' : 'within';
  return { state, days, dueAt: new Date(due).toISOString() };
}

export const ageDays = (since: string, now: string): number => Math.max(0, Math.floor((Date.parse(now) - Date.parse(since)) / DAY_MS));
