// How a run ends, for every front end: the exit codes and the one rule that picks between
// them (a lost output or history beats the fail-on gate, which beats an incomplete scan).

import type { Finding, Severity } from '../model/findings.js';
import { isAtOrAbove } from '../model/severity.js';

/** Exit codes, documented in README. */
export const EXIT = { OK: 0, FINDINGS: 1, USAGE: 2, INCOMPLETE: 3, ABORTED: 4, OUTPUT: 5 } as const;

export interface RunOutcome {
  /** Outputs that could not be written, in words. */
  failedWrites: string[];
  /** Chat summaries (--notify) that could not be posted, in words: like a failed write, exit 5. */
  failedNotices?: string[];
  /** Why the run was not recorded in the scan store, if it was not. */
  storeProblem?: string;
  /** Why the results are incomplete, in words; absent when complete. */
  incomplete?: string;
  /** The fail-on gate's verdict, in words, when findings are at or above it. */
  gate?: string;
}

/** The exit code and the lines to print (without the "incloud: " prefix), in order. */
export function exitCode(o: RunOutcome): { code: number; messages: string[] } {
  const notices = o.failedNotices ?? [];
  if (o.failedWrites.length || o.storeProblem || notices.length) {
    const messages = [...o.failedWrites.map((f) => `could not write ${f}`), ...notices.map((n) => `could not post the summary: ${n}`)];
    if (o.storeProblem) messages.push(`the scan was not recorded in the scan store: ${o.storeProblem}`);
    return { code: EXIT.OUTPUT, messages };
  }
  const messages = o.incomplete ? [o.incomplete] : [];
  if (o.gate) return { code: EXIT.FINDINGS, messages: [...messages, o.gate] };
  return { code: o.incomplete ? EXIT.INCOMPLETE : EXIT.OK, messages };
}

/** Findings at or above the fail-on severity. */
export function atOrAbove(findings: readonly Pick<Finding, 'severity'>[], failOn: Severity): number {
  return findings.filter((f) => isAtOrAbove(f.severity, failOn)).length;
}
