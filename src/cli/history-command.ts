// `incloud history`: the scans recorded in the scan store, oldest first, as a table or JSON; the
// account scans of one organization scan stay together under its total.

import { orgTrendOf } from '../engine/org-trend.js';
import { SEVERITIES, type Severity } from '../model/findings.js';
import type { TrendPoint } from '../model/scan-history.js';
import { EXIT } from '../pipeline/exit-code.js';
import { dbSpec } from '../store/history-recorder.js';
import { ScanStore } from '../store/scan-store.js';
import type { Io } from '../util/io.js';

/** `incloud history`: the recorded scans, oldest first, as a table or JSON. */
export async function showHistory(o: { db?: string | true; account?: string; last: number; json?: boolean }, io: Io): Promise<number> {
  const store = await ScanStore.open(dbSpec(o.db ?? true), { existing: true });
  try {
    const trend = await store.scanGroups(o.account, o.last);
    const mttrByDuty = o.account ? await store.mttr(o.account) : undefined;
    const organizationScans = orgTrendOf(trend);
    if (o.json) {
      io.out(
        JSON.stringify(
          {
            store: store.db.kind,
            scans: trend,
            ...(organizationScans.length ? { organizationScans } : {}),
            ...(mttrByDuty ? { mttrByDuty } : {}),
          },
          null,
          2,
        ),
      );
      return EXIT.OK;
    }
    if (!trend.length) {
      io.out(`no scans recorded in ${store.db.where}${o.account ? ` for account ${o.account}` : ''} (record one with "incloud scan --db")`);
      return EXIT.OK;
    }
    io.out('scan  collected             account       complete  open (crit/high/med/low/info)  new  resolved  reopened  not re-assessed');
    const totals = new Map(organizationScans.map((g) => [g.orgScanId, g]));
    let group: string | undefined;
    for (const t of trend) {
      if (t.orgScanId !== group && t.orgScanId) {
        const g = totals.get(t.orgScanId)!;
        io.out(
          `organization scan ${t.orgScanId}: ${g.accounts.length} account(s), ${g.complete ? 'complete' : 'incomplete'}, open ${openText(g.open)}, ${g.baseline ? 'baseline' : `${g.new} new`}, ${g.resolved} resolved, ${g.reopened} reopened`,
        );
      }
      group = t.orgScanId;
      io.out(scanLine(t));
    }
    const keys = [...new Set(trend.flatMap((t) => (t.compliance ?? []).map((c) => c.key)))];
    if (keys.length) {
      io.out(`compliance score per scan (${keys.join(', ')}):`);
      for (const t of trend) {
        const scores = keys
          .map((k) => t.compliance?.find((c) => c.key === k))
          .map((c) => (c ? `${c.score ?? '-'}% (${c.fail} fail)` : '-'));
        io.out(`${String(t.scanId).padEnd(5)} ${t.collectedAt.slice(0, 19).padEnd(20)} ${t.accountId}  ${scores.join('  ')}`);
      }
    }
    for (const m of mttrByDuty ?? []) io.out(`mean time to remediate, ${m.duty}: ${m.days} days over ${m.resolved} finding(s)`);
    return EXIT.OK;
  } finally {
    await store.close();
  }
}

const openText = (open: Record<Severity, number>) => SEVERITIES.map((s) => open[s]).join('/');

function scanLine(t: TrendPoint): string {
  const line = `${String(t.scanId).padEnd(5)} ${t.collectedAt.slice(0, 19).padEnd(20)} ${t.accountId}  ${(t.complete ? 'yes' : 'no').padEnd(8)}  ${openText(t.open).padEnd(29)}  ${String(t.new).padStart(3)}  ${String(t.resolved).padStart(8)}  ${String(t.reopened).padStart(8)}  ${String(t.unverified).padStart(15)}`;
  return t.orgScanId ? `  ${line}${t.accountName ? `  ${t.accountName}` : ''}` : line;
}
