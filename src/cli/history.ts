// --db: records a run in the scan store and puts the account's history into its report. A
// store that cannot be reached never costs the reports: they are written without history and
// the run exits 5.

import { annotateReport } from '../engine/history.js';
import type { SlaPolicy } from '../model/sla.js';
import type { Report } from '../model/findings.js';
import { ScanStore } from '../store/scan-store.js';
import { SEVERITIES } from '../model/findings.js';
import { EXIT } from './args.js';
import type { Io } from './run.js';

export const TREND_SCANS = 20;

export const dbSpec = (db: string | true): string | undefined => (db === true ? undefined : db);

/** Records one account report in an open store and annotates it. */
export async function recordIn(store: ScanStore, report: Report, policy: SlaPolicy, orgScanId?: string): Promise<void> {
  const recorded = await store.record(report, orgScanId);
  const [trend, mttr] = await Promise.all([store.trend(report.scan.accountId, TREND_SCANS), store.mttr(report.scan.accountId)]);
  annotateReport(
    report,
    {
      store: store.db.kind,
      scanId: recorded.scanId,
      rows: recorded.rows,
      previousComplete: recorded.previousComplete,
      previous: recorded.previous,
      trend,
      mttr,
    },
    policy,
  );
}

/** Opens the store, records, closes; returns what went wrong, if anything. */
export async function addHistory(
  report: Report,
  db: string | true,
  policy: SlaPolicy,
  log: (s: string) => void,
): Promise<string | undefined> {
  let store: ScanStore | undefined;
  try {
    store = await ScanStore.open(dbSpec(db));
    await recordIn(store, report, policy);
    const h = report.history!;
    log(
      `history (${store.db.where}): scan ${h.scanId}, ${report.findings.filter((f) => f.history?.new).length} new, ${h.resolved.length} resolved, ${h.unverified.length} not re-assessed (kept open), ${h.sla.overdue} overdue`,
    );
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  } finally {
    await store?.close().catch(() => {});
  }
}

/** `incloud history`: the recorded scans, oldest first, as a table or JSON. */
export async function showHistory(o: { db?: string | true; account?: string; last: number; json?: boolean }, io: Io): Promise<number> {
  const store = await ScanStore.open(dbSpec(o.db ?? true));
  try {
    const trend = await store.trend(o.account, o.last);
    const mttrByDuty = o.account ? await store.mttr(o.account) : undefined;
    if (o.json) {
      io.out(JSON.stringify({ store: store.db.kind, scans: trend, ...(mttrByDuty ? { mttrByDuty } : {}) }, null, 2));
      return EXIT.OK;
    }
    if (!trend.length) {
      io.out(`no scans recorded in ${store.db.where}${o.account ? ` for account ${o.account}` : ''} (record one with "incloud scan --db")`);
      return EXIT.OK;
    }
    io.out('scan  collected             account       complete  open (crit/high/med/low/info)  new  resolved  reopened  not re-assessed');
    for (const t of trend) {
      const open = SEVERITIES.map((s) => t.open[s]).join('/');
      io.out(
        `${String(t.scanId).padEnd(5)} ${t.collectedAt.slice(0, 19).padEnd(20)} ${t.accountId}  ${(t.complete ? 'yes' : 'no').padEnd(8)}  ${open.padEnd(29)}  ${String(t.new).padStart(3)}  ${String(t.resolved).padStart(8)}  ${String(t.reopened).padStart(8)}  ${String(t.unverified).padStart(15)}`,
      );
    }
    for (const m of mttrByDuty ?? []) io.out(`mean time to remediate, ${m.duty}: ${m.days} days over ${m.resolved} finding(s)`);
    return EXIT.OK;
  } finally {
    await store.close();
  }
}
