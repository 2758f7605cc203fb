// What a ticket system must do for the sync: find a ticket by its marker label, create, comment,
// close and reopen. Jira, GitHub Issues and a signed webhook implement it.

import type { TicketDraft } from './plan.js';

export interface TicketRef {
  id: string;
  url?: string;
  state: 'open' | 'closed';
}

export interface TicketTarget {
  /** Identifies the target in the store (system and project/repository/URL, no credentials). */
  readonly id: string;
  /** The ticket carrying this marker, if one exists (so a crash after create never duplicates). */
  find(marker: string): Promise<TicketRef | undefined>;
  create(draft: TicketDraft, body: string): Promise<TicketRef>;
  comment(ticketId: string, body: string): Promise<void>;
  close(ticketId: string, body: string): Promise<void>;
  reopen(ticketId: string, body: string): Promise<void>;
}

export class TicketConfigError extends Error {}

/** A setting from the environment; secrets are read here and never printed. */
export function fromEnv(name: string, env = process.env): string {
  const v = env[name];
  if (!v) throw new TicketConfigError(`set ${name} in the environment`);
  return v;
}
