// A policy statement as the evaluator reads it, and a level of guardrails (the SCPs or RCPs
// attached at one root, OU or account) made of such statements. Plain data: the analyses and
// the organization's account extracts carry them; src/policy evaluates them.

export interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principal?: unknown;
  notPrincipal?: unknown;
  condition?: Record<string, Record<string, unknown>>;
  /** Where the statement came from (policy ARN or inline name), for evidence. */
  source?: string;
  /** Its position in that policy's Statement list (0-based). */
  index?: number;
}

export interface CapLevel {
  /** "SCP levels at OU Prod (ou-…)", for evidence. */
  label: string;
  statements: Statement[];
}
