// The tickets table: which ticket tracks which findings, per ticket system. The ticket sync reads
// and writes it; a scan with --db reads it to show each finding's ticket in its report.

import type { TicketLink } from '../model/scan-history.js';
import type { Sql } from './database.js';
import type { TrackedTicket } from './records.js';

export async function trackedTickets(db: Sql, target: string): Promise<TrackedTicket[]> {
  const rows = await db.query<{
    ticket_key: string;
    account_id: string;
    ticket_id: string;
    url: string | null;
    state: 'open' | 'closed';
    synced_hash: string;
    fingerprints: string[];
  }>('select * from tickets where target = $1 order by ticket_key', [target]);
  return rows.map((r) => ({
    key: r.ticket_key,
    accountId: r.account_id,
    ticketId: r.ticket_id,
    ...(r.url ? { url: r.url } : {}),
    state: r.state,
    syncedHash: r.synced_hash,
    fingerprints: r.fingerprints,
  }));
}

/** The ticket of each of the account's findings that a sync tracks (the newest, if several targets do). */
export async function ticketLinksOf(db: Sql, accountId: string): Promise<Map<string, TicketLink>> {
  const rows = await db.query<{
    target: string;
    ticket_id: string;
    url: string | null;
    state: 'open' | 'closed';
    fingerprints: string[];
  }>('select target, ticket_id, url, state, fingerprints from tickets where account_id = $1 order by updated_at', [accountId]);
  const out = new Map<string, TicketLink>();
  for (const r of rows)
    for (const fp of r.fingerprints) out.set(fp, { target: r.target, id: r.ticket_id, ...(r.url ? { url: r.url } : {}), state: r.state });
  return out;
}

export async function saveTicket(db: Sql, target: string, t: TrackedTicket): Promise<void> {
  await db.query(
    `insert into tickets (target, ticket_key, account_id, ticket_id, url, state, synced_hash, fingerprints)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (target, ticket_key) do update set ticket_id = excluded.ticket_id, url = excluded.url, state = excluded.state,
         synced_hash = excluded.synced_hash, fingerprints = excluded.fingerprints, updated_at = now()`,
    [target, t.key, t.accountId, t.ticketId, t.url ?? null, t.state, t.syncedHash, t.fingerprints],
  );
}
