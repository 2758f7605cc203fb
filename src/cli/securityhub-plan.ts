// What `incloud securityhub sync` sends, decided from the scan store and what Security Hub
// already holds (pure). Open findings are imported (active, failed); findings the last scans
// could not re-assess stay active (compliance WARNING), never archived; a finding is archived
// only when the store resolved it by its honest-resolution rule (its check ran and assessed its
// resource) and Security Hub still shows it active; suppressed ones are imported and marked
// SUPPRESSED with incloud's reason and expiry. Security Hub's Workflow belongs to the people
// working the findings, so imports never carry one.

import { asffFinding, asffIdOf, type AsffFinding, type AsffSource } from '../../reports/asff.js';
import type { HubFindingState } from '../collect/securityhub.js';
import type { ControlRef } from '../model/frameworks.js';
import type { StoredFinding } from '../store/records.js';

export interface HubPlan {
  imports: AsffFinding[];
  archives: AsffFinding[];
  suppress: { id: string; productArn: string; note: string }[];
  /** Resolved in the store and already archived in Security Hub, or never sent: nothing to do. */
  settled: number;
  /** Findings of other accounts: Security Hub takes a finding only from its own account. */
  otherAccounts: { accountId: string; findings: number }[];
}

export interface HubPlanInput {
  findings: StoredFinding[];
  suppressions: Map<string, { reason: string; expires: string; by?: string }>;
  existing: Map<string, HubFindingState>;
  accountId: string;
  productArn: string;
  now: string;
  /** The controls of a check, for findings stored before their failed controls were kept. */
  checkControls: (checkId: string) => ControlRef[];
}

function sourceOf(f: StoredFinding, checkControls: HubPlanInput['checkControls']): AsffSource {
  const c = f.context;
  return {
    fingerprint: f.fingerprint,
    checkId: f.checkId,
    title: f.title,
    message: c?.message ?? f.title,
    severity: f.severity,
    resourceArn: f.resourceArn,
    region: f.region,
    accountId: f.accountId,
    duties: f.duties,
    controls: c?.controls ?? checkControls(f.checkId),
    remediation: c?.fix ?? { summary: `See incloud's check ${f.checkId}.` },
    ...(c?.docs ? { docs: c.docs } : {}),
    ...(c ? { priority: c.priority } : {}),
    firstSeen: f.firstSeen,
    lastSeen: f.lastSeen,
    status: f.status,
  };
}

const withoutWorkflow = ({ Workflow: _workflow, ...doc }: AsffFinding): AsffFinding => doc;

export function planSecurityHub(input: HubPlanInput): HubPlan {
  const plan: HubPlan = { imports: [], archives: [], suppress: [], settled: 0, otherAccounts: [] };
  const others = new Map<string, number>();
  for (const f of input.findings) {
    if (f.accountId !== input.accountId) {
      others.set(f.accountId, (others.get(f.accountId) ?? 0) + 1);
      continue;
    }
    const id = asffIdOf(f.fingerprint);
    const inHub = input.existing.get(id);
    const doc = withoutWorkflow(asffFinding(sourceOf(f, input.checkControls), input.productArn, input.now));
    if (f.status === 'resolved') {
      if (inHub?.recordState === 'ACTIVE') plan.archives.push(doc);
      else plan.settled++;
      continue;
    }
    plan.imports.push(doc);
    if (f.status === 'suppressed' && inHub?.workflowStatus !== 'SUPPRESSED') {
      const s = input.suppressions.get(f.fingerprint);
      const note = s ? `Suppressed in incloud until ${s.expires}${s.by ? ` by ${s.by}` : ''}: ${s.reason}` : 'Suppressed in incloud.';
      plan.suppress.push({ id, productArn: input.productArn, note });
    }
  }
  plan.otherAccounts = [...others].map(([accountId, findings]) => ({ accountId, findings }));
  return plan;
}
