// The organization page's compliance roll-up: accounts × frameworks (each score links to that
// account's Compliance view), then per framework the controls that fail somewhere, with the
// accounts they fail in, linked to the control in each account's report.

import type { OrgAccountRow, OrgFrameworkRollup, OrgReport } from '../src/model/org-report.js';
import { escapeHtml as e } from './html-safe.js';

const SHOWN_ACCOUNTS = 12;

const ouIds = (a: { ouPath: { id: string }[] }) => a.ouPath.map((u) => u.id).join(' ');

function scoreCell(row: OrgAccountRow, fw: OrgFrameworkRollup): string {
  const c = row.compliance?.find((x) => x.key === fw.key);
  if (!c) return '<td class="cell na">n/a</td>';
  const text = c.score === null ? '-' : `${c.score}%`;
  const title = `${c.pass} pass, ${c.fail} fail, ${c.notAssessed} not assessed`;
  const link = row.reportHref ? `<a href="${e(`${row.reportHref}#cfw=${encodeURIComponent(fw.key)}&cst=fail`)}">${e(text)}</a>` : e(text);
  return `<td class="cell" title="${e(title)}">${link}<div class="muted">${c.fail} fail</div></td>`;
}

function failingControls(fw: OrgFrameworkRollup, rows: Map<string, OrgAccountRow>): string {
  const failing = fw.controls.filter((c) => c.failingAccounts.length).sort((a, b) => b.failingAccounts.length - a.failingAccounts.length);
  const unjudged = fw.controls.filter((c) => c.status === 'not-assessed').length;
  const items = failing.map((c) => {
    const names = c.failingAccounts.slice(0, SHOWN_ACCOUNTS).map((id) => {
      const row = rows.get(id);
      const name = e(row?.name ?? id);
      return row?.reportHref
        ? `<a href="${e(`${row.reportHref}#cfw=${encodeURIComponent(fw.key)}&ctl=${encodeURIComponent(`${fw.key}:${c.id}`)}`)}">${name}</a>`
        : name;
    });
    const more = c.failingAccounts.length > SHOWN_ACCOUNTS ? ` and ${c.failingAccounts.length - SHOWN_ACCOUNTS} more` : '';
    return `<li><b>${e(c.id)}</b> ${e(c.title)}: fails in ${c.failingAccounts.length} of ${fw.accounts} account(s): ${names.join(', ')}${more}</li>`;
  });
  return `<details class="fw-roll" data-fw="${e(fw.key)}"><summary>${e(fw.title)} ${e(fw.version)}: ${failing.length} control(s) fail in at least one account, ${unjudged} not assessed somewhere</summary>${items.length ? `<ul>${items.join('')}</ul>` : '<p class="muted">No control fails in any account.</p>'}</details>`;
}

/** Nothing when the accounts were judged against no framework. */
export function orgComplianceSection(report: OrgReport): string {
  const frameworks = report.compliance ?? [];
  if (!frameworks.length) return '';
  const rows = new Map(report.accounts.map((r) => [r.id, r]));
  const body = report.accounts
    .filter((r) => r.compliance)
    .map(
      (r) =>
        `<tr data-account="${e(r.id)}" data-ous="${e(ouIds(r))}"><td>${e(r.name)}<div class="muted">${e(r.id)}</div></td>${frameworks.map((fw) => scoreCell(r, fw)).join('')}</tr>`,
    )
    .join('');
  return `<section id="compliance"><h2>Compliance across accounts</h2><p class="muted">Each account's score per framework: controls passed among those incloud decides or should decide (not assessed is never a pass). A score opens that account's failing controls.</p><div class="scroll"><table class="heat"><thead><tr><th>Account</th>${frameworks.map((fw) => `<th>${e(fw.title)} ${e(fw.version)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>${frameworks.map((fw) => failingControls(fw, rows)).join('')}</section>`;
}
