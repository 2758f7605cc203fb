// The scan-history part of the account report (with --db): what changed since the previous
// scan, by name; the trend charts; mean time to remediate per duty; and the findings kept open
// because this scan could not look at them again.

import { SEVERITIES, type Finding, type Report } from '../src/model/findings.js';
import type { HistoryRef } from '../src/model/scan-history.js';
import { flowChart, openChart, scanTime, scoreChart, trendTable } from './history-charts.js';
import { escapeHtml as e } from './html-safe.js';

const LISTED = 25;

function changeList(title: string, items: string[], more: string): string {
  if (!items.length) return '';
  const rest = items.length > LISTED ? `<li class="muted">and ${items.length - LISTED} more: ${more}</li>` : '';
  return `<h3>${e(title)} (${items.length})</h3><ul class="changes">${items.slice(0, LISTED).join('')}${rest}</ul>`;
}

const openItem = (f: Finding) =>
  `<li><span class="sev sev-${e(f.severity)}">${e(f.severity)}</span> <a href="#fp=${e(f.fingerprint)}">#${f.priority} ${e(f.title)}</a> <span class="muted">${e(f.resource.name)} · ${e(f.resource.region)}</span></li>`;
const resolvedItem = (r: HistoryRef) =>
  `<li><span class="sev sev-${e(r.severity)}">${e(r.severity)}</span> ${e(r.title)} <span class="muted">${e(r.resourceArn)} · ${e(r.checkId)}</span></li>`;

/** New, reopened and resolved findings of this scan, each by name. */
function changes(report: Report): string {
  const h = report.history!;
  const since = h.previousCompleteScan ?? h.previousScan;
  if (!since)
    return `<section id="changes"><h3>Changes since the previous scan</h3><p>This is the account's first recorded scan: its ${report.findings.length} open findings are the baseline, not new. The next scan with <code>--db</code> lists what it finds new, reopened and resolved here.</p></section>`;
  const reopened = report.findings.filter((f) => f.history?.reopened);
  const fresh = report.findings.filter((f) => f.history?.new && !f.history.reopened);
  const none = !fresh.length && !reopened.length && !h.resolved.length;
  return `<section id="changes"><h3>Changes since the previous scan (${e(scanTime(since))} UTC)</h3>${
    none
      ? '<p>Nothing new, reopened or resolved.</p>'
      : changeList('New', fresh.map(openItem), '<a href="#state=new">show every new finding</a>') +
        changeList('Reopened: fixed once, back now', reopened.map(openItem), '<a href="#state=reopened">show every reopened finding</a>') +
        changeList('Resolved: gone, and this scan looked', h.resolved.map(resolvedItem), 'see report.json history.resolved')
  }</section>`;
}

export function historySection(report: Report): string {
  const h = report.history;
  if (!h) return '';
  const newCount = report.findings.filter((f) => f.history?.new).length;
  const mttr = h.mttrByDuty.length
    ? `<div class="scroll"><table><thead><tr><th>Duty</th><th>Mean days to remediate</th><th>Findings resolved</th></tr></thead><tbody>${h.mttrByDuty
        .map((m) => `<tr><td>${e(m.duty)}</td><td>${m.days}</td><td>${m.resolved}</td></tr>`)
        .join('')}</tbody></table></div>`
    : '<p class="muted">No finding of this account has been resolved yet.</p>';
  const unverified = h.unverified.length
    ? `<h3>Kept open: not re-assessed by this scan (${h.unverified.length})</h3><div class="scroll"><table><thead><tr><th>Severity</th><th>Check</th><th>Resource</th><th>Not verified since</th></tr></thead><tbody>${h.unverified
        .slice(0, 500)
        .map(
          (u) =>
            `<tr><td><span class="sev sev-${e(u.severity)}">${e(u.severity)}</span></td><td>${e(u.title)}<div class="muted">${e(u.checkId)}</div></td><td>${e(u.resourceArn)}</td><td>${e(u.since)}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : '';
  const policy = SEVERITIES.map((s) => `${s} ${h.slaPolicy[s] ?? 'none'}`).join(', ');
  const basis = h.previousCompleteScan
    ? `; "new" since the previous complete scan, ${e(h.previousCompleteScan)}`
    : h.previousScan
      ? `; no earlier complete scan: "new" since the previous scan, ${e(h.previousScan)}`
      : '; the first recorded scan (the baseline)';
  return `<section id="history"><h2>History</h2>
<p>Scan ${h.scanId} in the ${e(h.store)} store${basis} · <a href="#state=new">${newCount} new</a>, ${h.resolved.length} resolved, ${h.unverified.length} kept open without re-assessment · SLA (days: ${e(policy)}): <a href="#state=overdue">${h.sla.overdue} overdue</a>, <a href="#state=due-soon">${h.sla.dueSoon} due soon</a></p>
${changes(report)}
${openChart(h.trend)}
${flowChart(h.trend)}
${scoreChart(h.trend)}
${trendTable(h.trend)}
<h3>Mean time to remediate by duty</h3>${mttr}${unverified}</section>`;
}
