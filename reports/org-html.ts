// The organization report as one offline HTML file: the attack paths that cross accounts, the
// compliance roll-up (accounts x frameworks), an accounts x duties heat map (worst accounts
// first) with each account's guardrail status, the top findings across the organization, a
// filter by account and OU, and a link to each account's own report. Everything is rendered
// here and escaped; the small script only shows and hides rows, and the
// Content-Security-Policy allows exactly it and the style.

import { SEVERITIES } from '../src/model/findings.js';
import {
  CROSS_ACCOUNT_CHECK,
  ORG_TOP_FINDINGS,
  pathAnchor,
  type OrgAccountRow,
  type OrgFinding,
  type OrgReport,
} from '../src/model/org-report.js';
import { hopsOf, pathText } from '../src/model/witness.js';
import { hopList } from './html-chains.js';
import { orgComplianceSection } from './org-compliance-html.js';
import { findingHref, orgFixFirst } from './org-fix-first.js';
import { cspHash, escapeHtml as e } from './html-safe.js';
import { STYLE } from './html-assets.js';
import { CHART_STYLE } from './history-charts.js';
import { orgTrendSection } from './org-trend-html.js';

export { ORG_TOP_FINDINGS } from '../src/model/org-report.js';

const ORG_STYLE = `${STYLE}${CHART_STYLE}
.heat td.cell{text-align:center;font-weight:600;min-width:72px}.heat td.fail-critical{background:#fecaca}.heat td.fail-high{background:#fed7aa}
.heat td.fail-medium{background:#fef08a}.heat td.fail-low{background:#bfdbfe}.heat td.fail-info{background:#e2e8f0}.heat td.pass{background:#dcfce7;color:#15803d}
.heat td.partly{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#fef9c3 4px,#fef9c3 8px)}.heat td.na{background:#f1f5f9;color:var(--muted)}
tr.hidden,li.hidden{display:none}ol.ff{padding-left:0;list-style:none}li.ff{border-left:3px solid var(--line);padding:4px 8px;margin:6px 0}
details.why{max-width:28em}details.why summary{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;cursor:pointer}.heat td.cell a{display:block;text-decoration:none}
#paths summary{cursor:pointer}.st-incomplete{color:var(--med);font-weight:600}.st-assessed{color:#15803d;font-weight:600}.st-skipped{color:var(--muted)}
`;

// Filters: account and OU hide rows everywhere; severity, duty and search narrow the findings.
// The state lives in the URL fragment, so cards, heat-map cells and shared links set it too.
const SCRIPT = `(function(){
var SEV=['critical','high','medium','low','info'],F={account:'f-account',ou:'f-ou',sev:'f-sev',duty:'f-duty',q:'f-q'};
function $(id){return document.getElementById(id);}
function sevOk(want,s){if(!want)return true;if(want.indexOf('only-')===0)return s===want.slice(5);return SEV.indexOf(s)<=SEV.indexOf(want);}
function apply(){var v={};Object.keys(F).forEach(function(k){v[k]=$(F[k]).value;});var q=v.q.toLowerCase().trim(),shown=0,total=0;
document.querySelectorAll('[data-account]').forEach(function(r){var ok=(!v.account||r.getAttribute('data-account')===v.account)&&(!v.ou||(' '+r.getAttribute('data-ous')+' ').indexOf(' '+v.ou+' ')>=0);
  if(r.hasAttribute('data-sev'))ok=ok&&sevOk(v.sev,r.getAttribute('data-sev'))&&(!v.duty||(' '+r.getAttribute('data-duties')+' ').indexOf(' '+v.duty+' ')>=0)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
  r.classList.toggle('hidden',!ok);if(r.closest('#top')){total++;if(ok)shown++;}});
$('count').textContent=shown+' of '+total+' listed findings';
var p=new URLSearchParams();Object.keys(F).forEach(function(k){if(v[k])p.set(k,v[k]);});var h=p.toString();
if(h!==location.hash.slice(1))history.replaceState(null,'',h?'#'+h:location.pathname+location.search);}
function read(){var p=new URLSearchParams(location.hash.slice(1));Object.keys(F).forEach(function(k){var e=$(F[k]),x=p.get(k)||'';
  if(e.tagName==='SELECT'&&x&&!Array.prototype.some.call(e.options,function(o){return o.value===x;}))x='';e.value=x;});}
Object.keys(F).forEach(function(k){$(F[k]).addEventListener(k==='q'?'input':'change',apply);});
window.addEventListener('hashchange',function(){if(/^#(account|ou|sev|duty|q)=/.test(location.hash)){read();apply();$('top').scrollIntoView();}});
read();apply();})();`;

const ouText = (a: { ouPath: { name: string }[] }) => a.ouPath.map((u) => u.name).join(' / ') || '(no OU known)';
const ouIds = (a: { ouPath: { id: string }[] }) => a.ouPath.map((u) => u.id).join(' ');

function heatCell(row: OrgAccountRow, dutyId: string): string {
  const d = row.duties?.find((x) => x.id === dutyId);
  if (!d) return '<td class="cell na">-</td>';
  if (d.status === 'failing')
    return `<td class="cell fail-${e(d.worstSeverity ?? 'info')}" title="${e(d.worstSeverity ?? '')}: show them"><a href="#account=${e(row.id)}&duty=${e(dutyId)}">${d.failing}</a></td>`;
  if (d.status === 'passing') return '<td class="cell pass" title="passing">ok</td>';
  if (d.status === 'partly-assessed') return '<td class="cell partly" title="partly assessed">partly</td>';
  return '<td class="cell na" title="not assessed">n/a</td>';
}

/** A long reason (an AccessDenied text) as one line; the whole text on demand. */
const folded = (text: string | undefined): string =>
  text
    ? `<details class="why"><summary class="muted">${e(text.split('\n')[0])}</summary><div class="muted">${e(text)}</div></details>`
    : '';

function guardrailCell(r: OrgAccountRow): string {
  const g = r.guardrails;
  if (!g) return '<td class="muted">-</td>';
  if (g.status === 'management-account') return '<td title="SCPs and RCPs never apply to the management account">management account</td>';
  if (g.status === 'not-evaluated') return `<td class="st-incomplete">not evaluated${folded(g.reason)}</td>`;
  return `<td>${g.scps ?? 0} SCP, ${g.rcps ?? 0} RCP</td>`;
}

/** The accounts a path runs through, each linked to its own report when one was written. */
function accountTrail(f: OrgFinding, rows: Map<string, OrgAccountRow>): string {
  const accounts = Array.isArray(f.evidence.accounts) ? (f.evidence.accounts as { id?: unknown; name?: unknown }[]) : [];
  return accounts
    .map((a) => {
      const id = String(a.id ?? '');
      const name = e(String(a.name ?? id));
      const href = rows.get(id)?.reportHref;
      return href ? `<a href="${e(href)}">${name}</a>` : name;
    })
    .join(' → ');
}

function crossAccountPaths(report: OrgReport, rows: Map<string, OrgAccountRow>): string {
  const paths = report.findings.filter((f) => f.checkId === CROSS_ACCOUNT_CHECK && hopsOf(f.evidence));
  const joined = report.crossAccount;
  if (!joined) return '';
  const missing = joined.notJoined?.length
    ? `<p class="st-incomplete">${joined.notJoined.length} account(s) took no part in the join (not assessed): paths through them are unknown.</p>`
    : '';
  const intro = `<p class="muted">${joined.accountsJoined} account(s) joined into one access graph; each path is one finding, ranked with every account's findings, and the account findings it is built from are linked under it.</p>${missing}`;
  if (!paths.length)
    return `<section id="paths"><h2>Attack paths across accounts</h2>${intro}<p class="muted">No path from the Internet or from a user into admin or data of another account was found.</p></section>`;
  const items = paths.map((f) => {
    const hops = hopsOf(f.evidence)!;
    return `<li id="${e(pathAnchor(f.fingerprint))}" data-account="${e(f.accountId)}" data-ous="${e(ouIds(f))}"><details><summary>#${f.priority} <span class="sev sev-${e(f.severity)}">${e(f.severity)}</span> ${e(pathText(hops))}</summary><p>Accounts: ${accountTrail(f, rows)}</p>${hopList(hops)}</details></li>`;
  });
  return `<section id="paths"><h2>Attack paths across accounts</h2>${intro}<ol>${items.join('')}</ol></section>`;
}

function accountRow(r: OrgAccountRow, duties: OrgReport['duties']): string {
  const name = r.reportHref ? `<a href="${e(r.reportHref)}">${e(r.name)}</a>` : e(r.name);
  const sev = r.summary
    ? SEVERITIES.filter((k) => r.summary!.bySeverity[k])
        .map((k) => `<span class="sev sev-${k}">${r.summary!.bySeverity[k]} ${k}</span>`)
        .join(' ')
    : '';
  return `<tr data-account="${e(r.id)}" data-ous="${e(ouIds(r))}"><td>${name}<div class="muted">${e(r.id)}</div></td><td>${e(ouText(r))}</td><td class="st-${e(r.status)}">${e(r.status)}${folded(r.reason)}</td>${guardrailCell(r)}<td>${r.summary?.findings ?? '-'}</td><td>${sev}</td>${duties.map((d) => heatCell(r, d.id)).join('')}</tr>`;
}

function findingRow(f: OrgFinding, report: OrgReport, rows: Map<string, OrgAccountRow>): string {
  const title = report.checks[f.checkId]?.title ?? f.checkId;
  const href = findingHref(f, rows);
  const name = href ? `<a href="${e(href)}">${e(f.resource.name)}</a>` : e(f.resource.name);
  return `<tr id="f-${e(f.fingerprint)}" data-account="${e(f.accountId)}" data-ous="${e(ouIds(f))}" data-sev="${e(f.severity)}" data-duties="${e(f.duties.join(' '))}"><td>${f.priority}</td><td><span class="sev sev-${e(f.severity)}">${e(f.severity)}</span></td><td>${e(title)}<div class="muted">${e(f.checkId)} · ${e(f.message)}</div></td><td>${name}<div class="muted">${e(f.resource.arn)}</div></td><td>${e(f.accountName)}<div class="muted">${e(f.accountId)} · ${e(ouText(f))}</div></td></tr>`;
}

export function* renderOrgHtmlChunks(report: OrgReport): Generator<string> {
  const csp = `default-src 'none'; style-src ${cspHash(ORG_STYLE)}; script-src ${cspHash(SCRIPT)}; base-uri 'none'; form-action 'none'`;
  const s = report.summary;
  const accounts = [...report.accounts].sort((a, b) => a.name.localeCompare(b.name));
  const ous = new Map<string, string>();
  for (const a of report.accounts) for (const u of a.ouPath) ous.set(u.id, u.name);
  const cards = SEVERITIES.map(
    (k) => `<a class="card" href="#sev=only-${k}"><span class="sev sev-${k}">${k}</span><b>${s.bySeverity[k]}</b></a>`,
  ).join('');
  const rows = new Map(report.accounts.map((r) => [r.id, r]));
  const acc = s.accounts;
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>incloud organization report ${e(report.organization.id ?? report.scanId)}</title>
<style>${ORG_STYLE}</style>
</head><body>
<header><h1>incloud: security in the cloud, organization ${e(report.organization.id ?? '(accounts file)')}</h1>
<p>Scan ${e(report.scanId)} · generated ${e(report.generatedAt)} · ${acc.total} accounts: ${acc.assessed} assessed, ${acc.incomplete} incomplete, ${acc['not-assessed']} not assessed, ${acc.skipped} skipped · ${e(report.runner.mode)} · ${e(report.tool.name)} ${e(report.tool.version)}</p></header>
<main>
${orgFixFirst(report, rows)}
<section id="summary"><h2>Open findings across the organization</h2><div class="cards">${cards}<div class="card">suppressed<b>${s.suppressed}</b></div><div class="card">not assessed accounts<b>${acc['not-assessed']}</b></div></div></section>
<div class="controls">
<label>Account<select id="f-account"><option value="">any</option>${accounts.map((a) => `<option value="${e(a.id)}">${e(a.name)} (${e(a.id)})</option>`).join('')}</select></label>
<label>OU<select id="f-ou"><option value="">any</option>${[...ous.entries()].map(([id, name]) => `<option value="${e(id)}">${e(name)} (${e(id)})</option>`).join('')}</select></label>
<label>Severity<select id="f-sev"><option value="">any</option>${SEVERITIES.map((k) => `<option value="${k}">${k} and above</option>`).join('')}${SEVERITIES.map((k) => `<option value="only-${k}">${k} only</option>`).join('')}</select></label>
<label>Duty<select id="f-duty"><option value="">any</option>${report.duties.map((d) => `<option value="${e(d.id)}">${e(d.name)}</option>`).join('')}</select></label>
<label>Search<input id="f-q" type="search" placeholder="check, resource, account, text"></label>
<span id="count" class="muted"></span>
</div>
${crossAccountPaths(report, rows)}
${orgComplianceSection(report)}
<section id="accounts"><h2>Accounts by duty (worst accounts first)</h2>
<p class="muted">A cell shows the open findings of the duty in that account, coloured by the worst severity; "ok" passes, "partly" had checks that could not be assessed, "n/a" was not assessed.</p>
<div class="scroll"><table class="heat"><thead><tr><th>Account</th><th>OU</th><th>Status</th><th title="Whether the organization's SCPs and RCPs were part of the account's verdicts">Guardrails</th><th>Findings</th><th>By severity</th>${report.duties.map((d) => `<th title="${e(d.name)}">${e(d.name)}</th>`).join('')}</tr></thead><tbody>`;
  for (const r of report.accounts) yield accountRow(r, report.duties);
  yield `</tbody></table></div></section>
${orgTrendSection(report, rows)}
<section id="top"><h2>All findings across the organization, in rank order</h2>
<div class="scroll"><table><thead><tr><th>#</th><th>Severity</th><th>Finding</th><th>Resource</th><th>Account</th></tr></thead><tbody>`;
  // The report lists more than the top (each problem's lead, paths and their parts): the page shows the top.
  for (const f of report.findings) if (f.priority <= ORG_TOP_FINDINGS) yield findingRow(f, report, rows);
  const more = report.summary.findings - ORG_TOP_FINDINGS;
  yield `</tbody></table></div>${more > 0 ? `<p class="muted">${more} more findings are in org-report.json and in each account's report.</p>` : ''}${report.findings.length ? '' : '<p class="muted">No open findings.</p>'}</section>
</main>
<script>${SCRIPT}</script>
</body></html>
`;
}

export function renderOrgHtml(report: OrgReport): string {
  return [...renderOrgHtmlChunks(report)].join('');
}
