// What a ticket sync should do, from the findings in the scan store and the tickets it already
// tracks. Pure. One ticket per finding, or per check and account (--group-by check). A ticket
// is created for open findings at or above the severity floor; a change of severity, evidence
// or membership adds a comment; a ticket whose findings were all resolved (by a scan that
// assessed them) is closed; a closed one whose finding came back is reopened. Findings that
// are only "unknown" (not re-assessed) keep their ticket open untouched; suppressed findings
// get no ticket.

import { createHash } from 'node:crypto';
import type { StoredFinding, TrackedTicket } from '../store/records.js';
import { SEVERITIES, type Severity } from '../model/findings.js';

export type GroupBy = 'finding' | 'check';

export type { StoredFinding, TrackedTicket };

export interface TicketDraft {
  key: string;
  /** The label that finds the ticket again, even when the store never learned its id. */
  marker: string;
  accountId: string;
  title: string;
  severity: Severity;
  findings: StoredFinding[];
  hash: string;
}

export type SyncAction =
  | { kind: 'create'; draft: TicketDraft }
  | { kind: 'update'; draft: TicketDraft; ticket: TrackedTicket; changes: string[] }
  | { kind: 'close'; ticket: TrackedTicket; resolved: StoredFinding[] }
  | { kind: 'reopen'; draft: TicketDraft; ticket: TrackedTicket };

export const keyOf = (f: StoredFinding, by: GroupBy): string => (by === 'finding' ? f.fingerprint : `${f.accountId}/${f.checkId}`);

export const markerOf = (key: string): string => `incloud-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

const worst = (fs: StoredFinding[]): Severity => SEVERITIES[Math.min(...fs.map((f) => SEVERITIES.indexOf(f.severity)))]!;

function draftOf(key: string, members: StoredFinding[], by: GroupBy): TicketDraft {
  const sorted = [...members].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  const first = sorted[0]!;
  const severity = worst(sorted);
  const title =
    by === 'finding'
      ? `[incloud] ${severity}: ${first.title}: ${first.resourceName} (account ${first.accountId})`
      : `[incloud] ${severity}: ${first.title} in account ${first.accountId} (${sorted.length} resource${sorted.length === 1 ? '' : 's'})`;
  const hash = createHash('sha256')
    .update(JSON.stringify(sorted.map((f) => [f.fingerprint, f.severity, f.evidenceHash])))
    .digest('hex')
    .slice(0, 16);
  return { key, marker: markerOf(key), accountId: first.accountId, title, severity, findings: sorted, hash };
}

/** Severity first, then the best rank among the ticket's findings (accounts rank their own findings). */
function urgency(d: TicketDraft): number {
  const best = Math.min(...d.findings.map((f) => f.context?.priority ?? Number.MAX_SAFE_INTEGER));
  return SEVERITIES.indexOf(d.severity) * 1e9 + Math.min(best, 1e9 - 1);
}

function changesBetween(before: TrackedTicket, draft: TicketDraft, previous: Map<string, StoredFinding>): string[] {
  const out: string[] = [];
  const now = new Set(draft.findings.map((f) => f.fingerprint));
  for (const f of draft.findings) {
    if (!before.fingerprints.includes(f.fingerprint)) out.push(`added: ${f.resourceName} (${f.severity})`);
  }
  for (const fp of before.fingerprints) if (!now.has(fp)) out.push(`no longer open: ${previous.get(fp)?.resourceName ?? fp}`);
  if (!out.length) out.push(`severity or evidence changed; now ${draft.severity}`);
  return out;
}

export function planSync(
  open: StoredFinding[],
  tracked: TrackedTicket[],
  byFingerprint: Map<string, StoredFinding>,
  by: GroupBy,
): SyncAction[] {
  const groups = new Map<string, StoredFinding[]>();
  for (const f of open) {
    const k = keyOf(f, by);
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const trackedByKey = new Map(tracked.map((t) => [t.key, t]));
  const actions: SyncAction[] = [];
  for (const [key, members] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const draft = draftOf(key, members, by);
    const ticket = trackedByKey.get(key);
    if (!ticket) actions.push({ kind: 'create', draft });
    else if (ticket.state === 'closed') actions.push({ kind: 'reopen', draft, ticket });
    else if (ticket.syncedHash !== draft.hash)
      actions.push({ kind: 'update', draft, ticket, changes: changesBetween(ticket, draft, byFingerprint) });
  }
  // Creates go out most urgent first, so a sync cut short (rate limits, a crash) has filed what matters.
  actions.sort((a, b) => (a.kind === 'create' && b.kind === 'create' ? urgency(a.draft) - urgency(b.draft) : 0));
  for (const ticket of tracked) {
    if (ticket.state !== 'open' || groups.has(ticket.key)) continue;
    const members = ticket.fingerprints.map((fp) => byFingerprint.get(fp)).filter((f): f is StoredFinding => Boolean(f));
    // Close only when every finding of the ticket is known to be resolved.
    if (members.length === ticket.fingerprints.length && members.every((f) => f.status === 'resolved'))
      actions.push({ kind: 'close', ticket, resolved: members });
  }
  return actions;
}
