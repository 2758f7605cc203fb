// The organization's trend (with --db): open findings and what changed, summed over all accounts
// per organization scan, then each account's open count across the same scans, so an admin sees
// which account moved the total.

import type { OrgAccountRow, OrgReport } from '../src/model/org-report.js';
import { flowChart, openChart, scanTime, trendTable } from './history-charts.js';
import { escapeHtml as e } from './html-safe.js';

/** Columns of the per-account table: the latest organization scans. */
const TABLE_SCANS = 8;

export function orgTrendSection(report: OrgReport, rows: Map<string, OrgAccountRow>): string {
  const trend = report.trend;
  if (!trend?.length) return '';
  const points = trend.map((t) => ({ ...t, name: `${t.accounts.length} accounts` }));
  const recent = trend.slice(-TABLE_SCANS);
  const latest = trend[trend.length - 1]!;
  const ids = [...new Set(trend.flatMap((t) => t.accounts.map((a) => a.accountId)))];
  const accountRows = ids
    .map((id) => {
      const row = rows.get(id);
      const name = row?.name ?? trend.flatMap((t) => t.accounts).find((a) => a.accountId === id && a.accountName)?.accountName ?? id;
      const cells = recent
        .map((t) => {
          const a = t.accounts.find((x) => x.accountId === id);
          return a
            ? `<td>${a.open}${a.complete ? '' : ' <span class="muted" title="incomplete scan">*</span>'}</td>`
            : '<td class="muted">–</td>';
        })
        .join('');
      const now = latest.accounts.find((a) => a.accountId === id);
      const change = !now
        ? '<span class="muted">not in this scan</span>'
        : latest.baseline
          ? 'baseline'
          : `+${now.new + now.reopened} / −${now.resolved}`;
      return `<tr data-account="${e(id)}" data-ous="${e(row?.ouPath.map((u) => u.id).join(' ') ?? '')}"><td>${e(name)}<div class="muted">${e(id)}</div></td>${cells}<td>${change}</td></tr>`;
    })
    .join('');
  return `<section id="trend"><h2>Trend across the organization</h2>
<p class="muted">The last ${trend.length} organization scan(s) recorded with --db, summed over their accounts. The latest: ${latest.baseline ? 'the baseline (every account on its first recorded scan)' : `${latest.new} new, ${latest.reopened} reopened, ${latest.resolved} resolved`}.</p>
${openChart(points, 'organization scans')}
${flowChart(points, 'organization scans')}
${trendTable(points)}
<h3>Open findings per account</h3>
<div class="scroll"><table><thead><tr><th>Account</th>${recent.map((t) => `<th>${e(scanTime(t.collectedAt))}</th>`).join('')}<th>Latest change (new / resolved)</th></tr></thead><tbody>${accountRows}</tbody></table></div>
</section>`;
}
