// The organization page's first screen: the distinct problems to fix first across all accounts.
// A problem is one check: its best-ranked finding stands for it, with how many more findings of
// the same kind wait in which accounts. Parts of an attack path are left to their path. Each
// entry says why it ranks there and what the fix is, and links to the finding in its account's
// report, where the command is filled with that resource's ids.

import type { OrgAccountRow, OrgFinding, OrgReport } from '../src/model/org-report.js';
import { rankReason } from '../src/model/rank-reason.js';
import { escapeHtml as e } from './html-safe.js';

export const ORG_FIX_FIRST = 8;

interface Problem {
  lead: OrgFinding;
  /** Further findings of the same check, and in how many accounts they are. */
  more: number;
  accounts: number;
}

/** The distinct problems in rank order (the report's fixFirst), each with its lead finding. */
export function distinctProblems(report: OrgReport, limit = ORG_FIX_FIRST): Problem[] {
  const listed = new Map(report.findings.map((f) => [`${f.accountId}/${f.fingerprint}`, f]));
  return report.fixFirst.slice(0, limit).flatMap(({ lead, more, accounts }) => {
    const f = listed.get(`${lead.accountId}/${lead.fingerprint}`);
    return f ? [{ lead: f, more, accounts }] : [];
  });
}

/** Where a finding sits in its account's report, when that report was written. */
export const findingHref = (f: OrgFinding, rows: Map<string, OrgAccountRow>): string | undefined => {
  const href = rows.get(f.accountId)?.reportHref;
  return href ? `${href}#fp=${f.fingerprint}` : undefined;
};

export function orgFixFirst(report: OrgReport, rows: Map<string, OrgAccountRow>): string {
  const problems = distinctProblems(report);
  if (!problems.length) return '<section id="fix-first"><h2>Fix first</h2><p class="muted">No open findings.</p></section>';
  const items = problems.map(({ lead: f, more, accounts }) => {
    const check = report.checks[f.checkId];
    const href = findingHref(f, rows);
    const where = `${e(f.resource.name)} in ${e(f.accountName)} (${e(f.accountId)})`;
    const others = more ? ` <span class="muted">and ${more} more in ${accounts} account(s)</span>` : '';
    return `<li class="ff"><div><span class="prio">#${f.priority}</span> <span class="sev sev-${e(f.severity)}">${e(f.severity)}</span> <b>${e(check?.title ?? f.checkId)}</b>: ${href ? `<a href="${e(href)}">${where}</a>` : where}${others}</div>
<div class="muted">why here: ${e(rankReason(f))}</div>${check?.remediation.summary ? `<div>fix: ${e(check.remediation.summary)}${href ? ' <span class="muted">(the command with its ids is in the account report)</span>' : ''}</div>` : ''}</li>`;
  });
  return `<section id="fix-first"><h2>Fix first across the organization</h2><ol class="ff">${items.join('')}</ol></section>`;
}
