// The one route from an account's snapshot to its report, below every front end (scan,
// evaluate, in-process organization accounts, queue workers): evaluate with the accepted risks,
// then, when a history port is given, record the scan and return the report with its history.
// A history that cannot be recorded never costs the report: it comes back without history and
// the problem is named.

import { CHECKS } from '../../checks/index.js';
import { complianceOf } from '../engine/compliance.js';
import { evaluateAccount, type Evaluation } from '../engine/evaluate.js';
import { withHistory, type HistoryPort } from '../engine/history-annotation.js';
import type { Suppression } from '../engine/suppress.js';
import type { CheckConfig } from '../model/check-config.js';
import type { Report } from '../model/findings.js';
import { DEFAULT_SLA, type SlaPolicy } from '../model/sla.js';
import type { Snapshot } from '../model/snapshot.js';
import { selectFrameworks } from './frameworks.js';

export interface AccountSettings {
  config: CheckConfig;
  /** Only these check ids (default: all). */
  only?: string[];
  suppressions: Suppression[];
  /** Remediation deadlines for the history (default: DEFAULT_SLA). */
  sla?: SlaPolicy;
  /** Also cut the extract an organization joins across accounts. */
  extract?: boolean;
  /** --frameworks: which compliance frameworks get per-control verdicts (default: all). */
  frameworks?: string;
}

export interface AccountAssessment extends Evaluation {
  /** Why the history could not be recorded; the report then has none. */
  historyProblem?: string;
}

const firstLine = (err: unknown): string => ((err as Error)?.message ?? String(err)).split('\n')[0]!;

/** Records the report through the port and returns it with its history, or the report as it was and the problem. */
export async function recordHistory(report: Report, history: HistoryPort, sla: SlaPolicy): Promise<{ report: Report; problem?: string }> {
  try {
    return { report: withHistory(report, await history.record(report, sla), sla) };
  } catch (err) {
    return { report, problem: firstLine(err) };
  }
}

export async function assessAccount(snapshot: Snapshot, settings: AccountSettings, history?: HistoryPort): Promise<AccountAssessment> {
  const evaluation = evaluateAccount(snapshot, CHECKS, {
    config: settings.config,
    only: settings.only,
    suppressions: settings.suppressions,
    extract: settings.extract,
  });
  const frameworks = selectFrameworks(settings.frameworks);
  if (frameworks.length) evaluation.report.compliance = complianceOf(evaluation.report, frameworks);
  if (!history) return evaluation;
  const { report, problem } = await recordHistory(evaluation.report, history, settings.sla ?? DEFAULT_SLA);
  return { ...evaluation, report, ...(problem ? { historyProblem: problem } : {}) };
}
