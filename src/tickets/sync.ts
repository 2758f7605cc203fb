// One ticket sync: plan from the store, then create, comment, close and reopen on the target,
// recording each ticket in the store as soon as the target has it. Before creating, the target
// is searched for the ticket's marker, so a sync that died between creating a ticket and
// recording it adopts that ticket instead of opening a second one.

import { slaOf } from '../engine/lifecycle.js';
import type { Severity } from '../model/findings.js';
import { DEFAULT_SLA } from '../model/sla.js';
import type { ScanStore } from '../store/scan-store.js';
import { planSync, type GroupBy, type StoredFinding, type SyncAction, type TicketDraft, type TrackedTicket } from './plan.js';
import type { TicketTarget } from './target.js';
import { oneLine } from '../util/terminal-text.js';

export interface SyncOptions {
  minSeverity: Severity;
  groupBy: GroupBy;
  dryRun: boolean;
  accountId?: string;
  log: (s: string) => void;
}

export interface SyncSummary {
  created: number;
  adopted: number;
  updated: number;
  closed: number;
  reopened: number;
  failed: number;
  planned: SyncAction[];
}

function findingLines(findings: StoredFinding[]): string {
  return findings
    .map(
      (f) =>
        `- ${f.severity} ${f.checkId} on ${f.resourceArn} (${f.region}); first seen ${f.firstSeen.slice(0, 10)}${f.status === 'unknown' ? '; not re-assessed by the last scan' : ''}; fingerprint ${f.fingerprint}`,
    )
    .join('\n');
}

/** The hop lists of the attack chains among a ticket's findings. */
function witnessLines(findings: StoredFinding[]): string[] {
  return findings.filter((f) => f.witness).map((f) => `Attack path (${f.resourceName}), each hop with what allows it:\n${f.witness}`);
}

/** Findings of a grouped ticket that get their fix written out; the rest are listed. */
const DETAILED_FINDINGS = 5;

/** The due date of a finding's SLA: its open period's start plus the days its severity allows. */
export function slaDue(f: StoredFinding): string | undefined {
  const days = f.context?.slaDays;
  if (typeof days !== 'number') return undefined;
  return slaOf(f.severity, f.openSince, f.lastSeen, { ...DEFAULT_SLA, [f.severity]: days }).dueAt?.slice(0, 10);
}

/** What the ticket's reader needs to act: the finding's message, rank and why, SLA, the filled fix and its docs. */
function howToAct(f: StoredFinding): string[] {
  const c = f.context;
  if (!c) return [];
  const due = slaDue(f);
  const fence = (text: string) => `\`\`\`\n${text}\n\`\`\``;
  return [
    [
      `${f.resourceName}: ${c.message}`,
      `Priority #${c.priority} in its account: ${c.why}.`,
      `First seen ${f.firstSeen.slice(0, 10)}${due ? `; SLA due ${due} (${c.slaDays} days at ${f.severity})` : ''}.`,
    ].join('\n'),
    `Fix: ${c.fix.summary}`,
    ...(c.fix.cli ? [`AWS CLI:\n${fence(c.fix.cli)}`] : []),
    ...(c.fix.choose?.length
      ? [
          `Before you paste, choose:\n${c.fix.choose.map((x) => `- <${x.placeholder}>: ${x.choose}${x.candidates ? ` (in this account: ${x.candidates.join(', ')})` : ''}`).join('\n')}`,
        ]
      : []),
    ...(c.docs ? [`AWS documentation: ${c.docs}`] : []),
  ];
}

export function ticketBody(d: TicketDraft): string {
  return [
    `${d.findings[0]!.title}, found by incloud in AWS account ${d.accountId}.`,
    findingLines(d.findings),
    ...d.findings.slice(0, DETAILED_FINDINGS).flatMap(howToAct),
    ...(d.findings.length > DETAILED_FINDINGS ? [`… and ${d.findings.length - DETAILED_FINDINGS} more finding(s): see the report.`] : []),
    ...witnessLines(d.findings),
    `Managed by incloud ticket sync: keep the label ${d.marker}; the ticket is commented when the finding changes and closed when a scan confirms it is fixed.`,
  ].join('\n\n');
}

const describe = (a: SyncAction): string =>
  a.kind === 'close'
    ? `close ${a.ticket.ticketId} (${a.resolved.length} finding(s) resolved)`
    : a.kind === 'create'
      ? `create: ${a.draft.title}`
      : `${a.kind} ${a.ticket.ticketId}: ${a.draft.title}`;

export async function syncTickets(store: ScanStore, target: TicketTarget, o: SyncOptions): Promise<SyncSummary> {
  const open = await store.openFindings(o.minSeverity, o.accountId);
  const tracked = (await store.tickets(target.id)).filter((t) => !o.accountId || t.accountId === o.accountId);
  const byFingerprint = await store.findingsByFingerprint([...new Set(tracked.flatMap((t) => t.fingerprints))]);
  const actions = planSync(open, tracked, byFingerprint, o.groupBy);
  const summary: SyncSummary = { created: 0, adopted: 0, updated: 0, closed: 0, reopened: 0, failed: 0, planned: actions };
  if (o.dryRun) {
    for (const a of actions) o.log(`tickets: would ${oneLine(describe(a))}`);
    return summary;
  }
  const save = (ticket: Omit<TrackedTicket, 'fingerprints' | 'syncedHash'>, d: TicketDraft) =>
    store.saveTicket(target.id, { ...ticket, syncedHash: d.hash, fingerprints: d.findings.map((f) => f.fingerprint) });
  for (const a of actions) {
    try {
      if (a.kind === 'create') {
        const existing = await target.find(a.draft.marker);
        if (existing) {
          if (existing.state === 'closed') await target.reopen(existing.id, `Open again:\n\n${findingLines(a.draft.findings)}`);
          await save({ key: a.draft.key, accountId: a.draft.accountId, ticketId: existing.id, url: existing.url, state: 'open' }, a.draft);
          summary.adopted++;
          o.log(`tickets: found ${existing.id} for ${a.draft.key} (created by an earlier sync that did not record it)`);
          continue;
        }
        let ref;
        try {
          ref = await target.create(a.draft, ticketBody(a.draft));
        } catch (err) {
          // The system may have made the ticket before its answer was lost: look before giving up.
          const made = await target.find(a.draft.marker).catch(() => undefined);
          if (!made) throw err;
          await save({ key: a.draft.key, accountId: a.draft.accountId, ticketId: made.id, url: made.url, state: 'open' }, a.draft);
          summary.adopted++;
          o.log(
            `tickets: found ${made.id} for ${a.draft.key} (its create answered ${oneLine((err as Error).message.split('\n')[0] ?? '')})`,
          );
          continue;
        }
        await save({ key: a.draft.key, accountId: a.draft.accountId, ticketId: ref.id, url: ref.url, state: 'open' }, a.draft);
        summary.created++;
        o.log(`tickets: created ${ref.id}${ref.url ? ` ${ref.url}` : ''}: ${oneLine(a.draft.title)}`);
      } else if (a.kind === 'update') {
        await target.comment(
          a.ticket.ticketId,
          `incloud: the finding changed.\n\n${a.changes.join('\n')}\n\n${findingLines(a.draft.findings)}`,
        );
        await save({ ...a.ticket, state: 'open' }, a.draft);
        summary.updated++;
        o.log(`tickets: commented ${a.ticket.ticketId}: ${oneLine(a.changes.join('; '))}`);
      } else if (a.kind === 'reopen') {
        await target.reopen(a.ticket.ticketId, `incloud: the finding is back (regression).\n\n${findingLines(a.draft.findings)}`);
        await save({ ...a.ticket, state: 'open' }, a.draft);
        summary.reopened++;
        o.log(`tickets: reopened ${a.ticket.ticketId}: ${oneLine(a.draft.title)}`);
      } else {
        const when = a.resolved
          .map((f) => f.resolvedAt ?? '')
          .sort()
          .at(-1)
          ?.slice(0, 19);
        await target.close(
          a.ticket.ticketId,
          `incloud: resolved. A scan that assessed ${a.resolved.length === 1 ? 'this finding' : 'these findings'} no longer found ${a.resolved.length === 1 ? 'it' : 'them'} (${when}).\n\n${findingLines(a.resolved)}`,
        );
        await store.saveTicket(target.id, { ...a.ticket, state: 'closed' });
        summary.closed++;
        o.log(`tickets: closed ${a.ticket.ticketId}`);
      }
    } catch (err) {
      summary.failed++;
      o.log(`tickets: could not ${oneLine(describe(a))}: ${oneLine((err as Error).message.split('\n')[0] ?? '')}`);
      if ((err as { status?: number }).status === 401) {
        summary.failed += actions.length - actions.indexOf(a) - 1;
        o.log('tickets: the target refused the credentials; stopping');
        break;
      }
    }
  }
  return summary;
}
