// Compliance frameworks as data (frameworks/*.json): each control of a framework version is
// decided by incloud checks, needs a person (manual), or falls on a service incloud does not
// collect (out-of-scope). A condition narrows which failing findings of a check break a
// control where the framework draws its line elsewhere than the check (IPv4 only, port 445
// only, attached policies only, 90 days instead of the configured 45).

export const FRAMEWORK_FORMAT = 'incloud-framework';

export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'includes' | 'overlaps-ports' | 'absent' | 'past';

/**
 * One test on a finding. `path` is dotted (`evidence.attachmentCount`); a segment ending in
 * `[]` walks each element of an array, and the test holds when it holds for any element. With
 * a nested `where`, an element must meet all of it.
 */
export interface FindingCondition {
  path: string;
  op?: ComparisonOp;
  value?: unknown;
  where?: FindingCondition[];
}

export interface DecidingCheck {
  check: string;
  /** Only failing findings that meet these conditions break the control (all, or any with match "any"). */
  where?: FindingCondition[];
  match?: 'all' | 'any';
}

export interface FrameworkControl {
  id: string;
  section: string;
  title: string;
  assessment: 'automated' | 'manual';
  /** CIS profile level. */
  level?: 1 | 2;
  decidedBy?: DecidingCheck[];
  status?: 'manual' | 'out-of-scope';
  /** Why a person, or another service, decides it. */
  reason?: string;
  /** In scope but no check decides it yet: what that check would test. */
  gap?: string;
  /** How incloud decides it, where that differs from a plain reading. */
  note?: string;
}

export interface Framework {
  format: typeof FRAMEWORK_FORMAT;
  id: string;
  version: string;
  /** Short name for --frameworks. */
  key: string;
  title: string;
  about: string;
  sections: { id: string; title: string }[];
  controls: FrameworkControl[];
  /** Controls on services incloud does not collect, counted per service instead of listed. */
  otherServices?: { service: string; controls: number }[];
}

/** A check's reference to a control it helps decide. */
export interface ControlRef {
  framework: string;
  version: string;
  control: string;
}

const SHORT_NAMES: Record<string, string> = { 'cis-aws-foundations': 'CIS', 'aws-fsbp': 'FSBP' };

/** "CIS 7.0.0 2.4", "FSBP IAM.4": how a control is named in reports and found by search. */
export function controlLabel(ref: ControlRef): string {
  const name = SHORT_NAMES[ref.framework] ?? ref.framework;
  return ref.framework === 'aws-fsbp' ? `${name} ${ref.control}` : `${name} ${ref.version} ${ref.control}`;
}

const refsOf =
  (framework: string, version: string) =>
  (...controls: string[]): ControlRef[] =>
    controls.map((control) => ({ framework, version, control }));
export const cis7 = refsOf('cis-aws-foundations', '7.0.0');
export const cis6 = refsOf('cis-aws-foundations', '6.0.0');
export const fsbp = refsOf('aws-fsbp', '1.0.0');

export type ControlStatus = 'pass' | 'fail' | 'not-assessed' | 'manual' | 'out-of-scope';

export const CONTROL_STATUSES: ControlStatus[] = ['pass', 'fail', 'not-assessed', 'manual', 'out-of-scope'];

/** How many controls have each status. */
export function statusCounts(controls: { status: ControlStatus }[]): Record<ControlStatus, number> {
  const counts = Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;
  for (const c of controls) counts[c.status]++;
  return counts;
}

/** Score: controls passed out of those incloud decides or should decide (pass, fail, not assessed); null when none. */
export function scoreOf(counts: Record<ControlStatus, number>): number | null {
  const decided = counts.pass + counts.fail + counts['not-assessed'];
  return decided ? Math.round((100 * counts.pass) / decided) : null;
}

export interface ControlVerdict {
  id: string;
  section: string;
  title: string;
  status: ControlStatus;
  /** Fingerprints of the open findings that fail it (suppressed ones are in acceptedRisk). */
  findings: string[];
  /** Fingerprints of suppressed findings that fail it: accepted risk, never a pass. */
  acceptedRisk?: string[];
  checks: string[];
  /** Why, in one sentence. */
  why: string;
}

export interface FrameworkVerdicts {
  framework: string;
  version: string;
  key: string;
  title: string;
  sections: { id: string; title: string }[];
  summary: Record<ControlStatus, number> & { score: number | null };
  controls: ControlVerdict[];
  otherServices?: { service: string; controls: number }[];
}
