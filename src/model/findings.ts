// Findings and the report document: what the evaluator produces and every reporter reads.

import type { CollectionStats, SkippedCalls, Snapshot } from './snapshot.js';
import type { FindingHistory, ReportHistory } from './scan-history.js';
import type { ControlRef, FrameworkVerdicts } from './frameworks.js';
import type { GuardrailStatus } from './organization.js';
import { SEVERITIES, type Severity } from './severity.js';

export { SEVERITIES, type Severity };

export const DUTY_IDS = [
  'identity',
  'credentials',
  'network',
  'data-at-rest',
  'data-in-transit',
  'data-access',
  'recovery',
  'audit',
  'patching',
] as const;
export type DutyId = (typeof DUTY_IDS)[number];

export type Service = 'ec2' | 's3' | 'iam';

export interface ResourceRef {
  arn: string;
  type: string;
  name: string;
  region: string;
  accountId: string;
}

export interface FrameworkRefs {
  /** The framework controls this check helps decide (kept in step with frameworks/*.json by a test). */
  controls?: ControlRef[];
  /** The nearest Prowler check, for teams moving over. */
  prowler?: string;
}

export interface Remediation {
  summary: string;
  cli?: string;
  terraform?: string;
  /** On a finding: the placeholders its own data could not fill, with what to choose and the snapshot's candidates. */
  choose?: { placeholder: string; choose: string; candidates?: string[] }[];
}

/** Reach and blast-radius context a check attaches to a result; feeds the priority score. */
export interface RankContext {
  /** 3 = reachable from the Internet now, 2 = public but one step away, 1 = internal/latent, 0 = none. */
  reach?: number;
  /** 3 = account takeover (admin), 2 = privilege escalation / sensitive data, 1 = limited, 0 = none. */
  blast?: number;
  /** Short facts explaining the ranking, shown in reports. */
  factors?: string[];
}

export interface Finding {
  checkId: string;
  title: string;
  service: Service;
  severity: Severity;
  duties: DutyId[];
  priority: number;
  score: number;
  resource: ResourceRef;
  fingerprint: string;
  message: string;
  evidence: Record<string, unknown>;
  exposure: { reach: number; blast: number; factors: string[] };
  /** The check's own severity, when context raised or lowered this finding's (exposure.factors say why). */
  baseSeverity?: Severity;
  /** Fingerprints of the attack chains this finding is a hop of: it ranks under them, after the distinct problems. */
  partOf?: string[];
  remediation: Remediation;
  refs: FrameworkRefs;
  suppressed?: { reason: string; expires: string; by?: string };
  /** With --db: when it was first seen, its age, whether it is new, its SLA state. */
  history?: FindingHistory;
}

export interface NotAssessed {
  checkId: string;
  title: string;
  duties: DutyId[];
  resource: ResourceRef;
  reason: string;
}

export type DutyStatus = 'failing' | 'passing' | 'partly-assessed' | 'not-assessed';
export type DutyBand = 'strong' | 'fair' | 'weak' | 'failing';

export interface DutyScore {
  /** 0..100: weighted share of evaluations that passed. */
  value: number;
  band: DutyBand;
  /** The weights behind the share: passed / (passed + failed). */
  passedWeight: number;
  totalWeight: number;
}

export interface DutySummary {
  id: DutyId;
  name: string;
  status: DutyStatus;
  failing: number;
  passing: number;
  notAssessed: number;
  bySeverity: Record<Severity, number>;
  /** The most severe open finding of the duty, if any. */
  worstSeverity?: Severity;
  /** Some of the duty's checks could not be assessed (true even when it also has findings). */
  partlyAssessed?: boolean;
  /** The weighted share of its evaluations that passed, and its band; absent when nothing was evaluated. */
  score?: DutyScore;
  note?: string;
}

export interface CheckSummary {
  id: string;
  title: string;
  service: Service;
  severity: Severity;
  duties: DutyId[];
  failed: number;
  passed: number;
  notAssessed: number;
}

export interface Report {
  $schema?: string;
  format: 'incloud-report';
  schemaVersion: string;
  tool: { name: string; version: string };
  generatedAt: string;
  scan: {
    collectedAt: string;
    source: Snapshot['source'];
    accountId: string;
    partition: string;
    principalArn?: string;
    regions: string[];
    complete: boolean;
    skippedCalls?: SkippedCalls[];
    regionsSkipped?: { region: string; reason: string }[];
    collection?: CollectionStats;
    timings?: { collectMs?: number; evaluateMs?: number };
    /** Whether the organization's SCPs and RCPs were part of the verdicts. */
    guardrails?: GuardrailStatus;
  };
  summary: {
    findings: number;
    suppressed: number;
    bySeverity: Record<Severity, number>;
    checksRun: number;
    notAssessed: number;
    errors: number;
  };
  duties: DutySummary[];
  providerSide: { area: string; note: string }[];
  checks: CheckSummary[];
  findings: Finding[];
  suppressedFindings: Finding[];
  notAssessed: NotAssessed[];
  errors: Snapshot['errors'];
  /** With --db: the account's scan history. */
  history?: ReportHistory;
  /** In an organization scan: the account's name and OU path, and the way back to the organization report. */
  organizationMember?: { accountName: string; ouPath: string[]; reportHref?: string };
  /** In an organization scan: the paths across accounts that start in, pass through or end in this account. */
  organizationPaths?: OrganizationPathLink[];
  /** Per-control verdicts of each chosen compliance framework. */
  compliance?: FrameworkVerdicts[];
  /** With a suppressions file: the entries a scheduled run should act on. */
  suppressions?: {
    /** Past their expiry: the findings they matched are reported again. */
    expired: SuppressionSignal[];
    /** Matched no finding: fixed, or a wrong pattern. */
    unmatched: SuppressionSignal[];
    /** Still hiding a finding, but ending within 14 days. */
    expiringSoon: (SuppressionSignal & { daysLeft: number })[];
  };
}

export interface SuppressionSignal {
  fingerprint?: string;
  checkId?: string;
  /** ARN or ARN pattern with * wildcards. */
  resource?: string;
  reason: string;
  expires: string;
  by?: string;
}

export interface OrganizationPathLink {
  /** The path's fingerprint in the organization report. */
  fingerprint: string;
  severity: Severity;
  /** Its hops in one line. */
  path: string;
  role: 'starts here' | 'passes through' | 'ends here';
  /** Relative link from this report to the path in the organization report. */
  href: string;
  /** This account's findings that are hops of the path. */
  findings: string[];
}
