// What the scan store hands out besides reports: findings with their account, and the tickets
// it tracks for them. Owned by the store; the ticket sync reads and writes these.

import type { LifecycleRow } from '../engine/lifecycle.js';

export type StoredFinding = LifecycleRow & { accountId: string };

export interface TrackedTicket {
  key: string;
  accountId: string;
  ticketId: string;
  url?: string;
  state: 'open' | 'closed';
  syncedHash: string;
  fingerprints: string[];
}
