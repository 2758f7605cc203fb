// History recording with the scan store: records one account report and reads back what its
// report needs (lifecycle rows, trend, MTTR). Implements the engine's HistoryPort.

import type { HistoryPort, RecordedHistory } from '../engine/history-annotation.js';
import type { Report } from '../model/findings.js';
import type { SlaPolicy } from '../model/sla.js';
import { ScanStore } from './scan-store.js';

/** How many scans the report's trend shows. */
export const TREND_SCANS = 20;

/** --db: true for the default embedded store; otherwise a folder or a postgres:// URL. */
export const dbSpec = (db: string | true): string | undefined => (db === true ? undefined : db);

/** Records into an open store; reports of an organization scan carry its id. */
export function storeHistory(store: ScanStore, orgScanId?: string): HistoryPort {
  return {
    async record(report: Report, sla?: SlaPolicy): Promise<RecordedHistory> {
      const recorded = await store.record(report, orgScanId, sla);
      const [trend, mttr, tickets] = await Promise.all([
        store.trend(report.scan.accountId, TREND_SCANS),
        store.mttr(report.scan.accountId),
        store.ticketLinks(report.scan.accountId),
      ]);
      return {
        store: store.db.kind,
        scanId: recorded.scanId,
        rows: recorded.rows,
        previousComplete: recorded.previousComplete,
        previous: recorded.previous,
        trend,
        mttr,
        tickets,
      };
    },
  };
}

/** Opens the store behind --db; `log` hears when it waits for another run to let go of an embedded store. */
export const openStore = (db: string | true, log?: (s: string) => void): Promise<ScanStore> =>
  ScanStore.open(dbSpec(db), {
    waiting: (pid) => log?.(`incloud: waiting for the embedded scan store: another incloud run (pid ${pid}) is using it`),
  });
