// One self-contained, offline HTML report. No external resources; a Content-Security-Policy
// allows only the inline style and script (by hash). Values from AWS are escaped when rendered
// here, and the script builds the findings list with textContent only, so tags, descriptions
// and policy text that carry markup stay text.

import { controlLabel } from '../src/model/frameworks.js';
import { SEVERITIES, type DutySummary, type Report } from '../src/model/findings.js';
import { awsDocsFor } from '../src/model/aws-docs.js';
import { jsonChunks } from '../src/util/json-stream.js';
import { cspHash, escapeForScript, escapeHtml } from './html-safe.js';
import { SCRIPT, STYLE } from './html-assets.js';
import { COMPLIANCE_SCRIPT, COMPLIANCE_STYLE, complianceSection } from './html-compliance.js';
import { historySection } from './html-history.js';
import { CHART_STYLE } from './history-charts.js';
import { suppressionsSection } from './html-suppressions.js';
import { attackChains, organizationPaths } from './html-chains.js';
import { rankReason } from '../src/model/rank-reason.js';

const e = escapeHtml;
const TABLE_ROWS = 2000;
const PAGE_STYLE = STYLE + COMPLIANCE_STYLE + CHART_STYLE;

type Finding = Report['findings'][number];
type CheckFacts = Pick<Finding, 'title' | 'service' | 'duties' | 'refs' | 'remediation'> & { docs?: string; controls: string[] };

/** What the page needs, with the facts shared by all findings of a check stored once per check. */
/** In an organization scan: the account's name and OU, and the way back to the organization's page. */
function memberLine(report: Report): string {
  const m = report.organizationMember;
  if (!m) return '';
  const back = m.reportHref ? `<a id="org-back" href="${e(m.reportHref)}">← organization report</a> · ` : '';
  return `<p class="muted">${back}account ${e(m.accountName)} · OU ${e(m.ouPath.join(' / ') || '(root)')}</p>`;
}

function guardrailText(g: Report['scan']['guardrails']): string {
  if (!g) return 'organization guardrails not evaluated';
  if (g.status === 'management-account') return 'management account of the organization: no SCP or RCP applies';
  if (g.status === 'evaluated') return `organization guardrails evaluated (${g.scps ?? 0} SCP, ${g.rcps ?? 0} RCP along its path)`;
  return `<span title="${e(g.reason ?? '')}">organization guardrails not evaluated</span>`;
}

export function slimData(report: Report): { checks: Record<string, CheckFacts>; findings: unknown[]; suppressedFindings: unknown[] } {
  const checks: Record<string, CheckFacts> = {};
  const slim = ({ title, service, duties, refs, remediation, ...rest }: Finding) => {
    const docs = awsDocsFor(rest.checkId);
    checks[rest.checkId] ??= {
      title,
      service,
      duties,
      refs,
      remediation: { summary: remediation.summary },
      controls: (refs.controls ?? []).map(controlLabel),
      ...(docs ? { docs } : {}),
    };
    // The fix is the finding's own: its placeholders are filled with its values (engine/fix-fill).
    const { cli, terraform, choose } = remediation;
    return { ...rest, fix: { cli, terraform, choose } };
  };
  return { checks, findings: report.findings.map(slim), suppressedFindings: report.suppressedFindings.map(slim) };
}

/** Graded duty status in words: how bad, and whether part of it could not be assessed. */
export function dutyStatusText(d: DutySummary): string {
  const partly = d.notAssessed > 0 ? ', partly assessed' : '';
  if (d.status === 'failing') return `failing: worst ${d.worstSeverity ?? 'unknown'}${partly}`;
  return d.status.replace('-', ' ');
}

const BAND_WORDS: Record<string, string> = {
  strong: 'strong',
  fair: 'fair',
  weak: 'weak: a high finding or under 75%',
  failing: 'failing: a critical finding or under 50%',
};

function scoreCell(d: DutySummary): string {
  if (!d.score) return '<td class="muted">-</td>';
  const s = d.score;
  return `<td class="band band-${e(s.band)}" title="${s.passedWeight} of ${s.totalWeight} severity-weighted evaluations passed"><b>${s.value}%</b> <span class="muted">${e(BAND_WORDS[s.band] ?? s.band)}</span></td>`;
}

function fixFirst(report: Report): string {
  const top = report.findings.slice(0, 5);
  if (!top.length) return '<p class="muted">No open findings.</p>';
  return `<ol>${top
    .map(
      (f) => `<li><a href="#fp=${e(f.fingerprint)}"><span class="sev sev-${e(f.severity)}">${e(f.severity)}</span> <b>${e(f.title)}</b></a>
 — ${e(f.resource.name)}${f.resource.region && f.resource.region !== 'global' ? `, ${e(f.resource.region)}` : ''}
<span class="why">Why first: ${e(rankReason(f))}</span><span class="how">Fix: ${e(f.remediation.summary)}</span></li>`,
    )
    .join('')}</ol>`;
}

/** With --db: filter the list by what changed (new, reopened) or by SLA state. */
function stateFilter(report: Report): string {
  const options = [
    ['', 'any'],
    ['changed', 'new or reopened'],
    ['new', 'new'],
    ['reopened', 'reopened'],
    ['overdue', 'SLA overdue'],
    ['due-soon', 'SLA due soon'],
  ]
    .map(([v, text]) => `<option value="${v}">${text}</option>`)
    .join('');
  return `<label${report.history ? '' : ' hidden'}>Since last scan<select id="f-state">${options}</select></label>`;
}

/** A few regions by name, the rest as a count (the full list is in a tooltip and report.json). */
function regionsText(regions: string[]): string {
  if (regions.length === 0) return 'no regions';
  const named = regions.slice(0, 3).join(', ');
  return regions.length <= 3
    ? `regions ${e(named)}`
    : `<span title="${e(regions.join(', '))}">${regions.length} regions (${e(named)}, …)</span>`;
}

function truncated(shown: number, total: number): string {
  return total > shown ? `<p class="muted">${total - shown} more row(s) not shown here; report.json has all ${total}.</p>` : '';
}

export function renderHtml(report: Report): string {
  return [...renderHtmlChunks(report)].join('');
}

/** The page as chunks: the embedded data is streamed and escaped piece by piece. */
export function* renderHtmlChunks(report: Report): Generator<string> {
  const s = report.summary;
  const csp = `default-src 'none'; style-src ${cspHash(PAGE_STYLE)}; script-src ${cspHash(SCRIPT)} ${cspHash(COMPLIANCE_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const dutyRows = report.duties
    .map(
      (d) =>
        `<tr class="duty" data-duty="${e(d.id)}"><td><a href="#duty=${e(d.id)}">${e(d.name)}<div class="muted">${e(d.id)}</div></a></td>${scoreCell(d)}<td class="st-${e(d.status)}">${e(dutyStatusText(d))}</td><td>${d.failing}</td><td>${d.passing}</td><td>${d.notAssessed}</td><td>${SEVERITIES.filter(
          (k) => d.bySeverity[k],
        )
          .map((k) => `<span class="sev sev-${k}">${d.bySeverity[k]} ${k}</span>`)
          .join(' ')}${d.note ? `<div class="muted">${e(d.note)}</div>` : ''}</td></tr>`,
    )
    .join('');
  const provider = report.providerSide.map((p) => `<li><b>${e(p.area)}</b>: ${e(p.note)}</li>`).join('');
  const cards = SEVERITIES.map(
    (k) => `<a class="card" href="#sev=only-${k}"><span class="sev sev-${k}">${k}</span><b>${s.bySeverity[k]}</b></a>`,
  ).join('');
  const na = report.notAssessed
    .slice(0, TABLE_ROWS)
    .map(
      (n) =>
        `<tr><td>${e(n.checkId)}</td><td>${e(n.resource.name)}<div class="muted">${e(n.resource.arn)}</div></td><td>${e(n.reason)}</td></tr>`,
    )
    .join('');
  const errs = report.errors
    .slice(0, TABLE_ROWS)
    .map(
      (x) =>
        `<tr><td>${e(x.service)}:${e(x.operation)}</td><td>${e(x.region ?? '')}</td><td>${e(x.resource ?? '')}</td><td>${e(x.kind)}</td><td>${e(x.code)}: ${e(x.message)}</td></tr>`,
    )
    .join('');
  const regions = report.scan.regions;
  const checksPassed = report.checks.filter((c) => c.failed === 0 && c.notAssessed === 0).length;
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>incloud report: account ${e(report.scan.accountId)}</title>
<style>${PAGE_STYLE}</style>
</head><body>
<header>${memberLine(report)}<h1>incloud: security in the cloud, account ${e(report.scan.accountId)}</h1>
<p>Collected ${e(report.scan.collectedAt)} (${e(report.scan.source)}) · ${regionsText(regions)} · ${report.scan.complete ? 'complete scan' : '<b>incomplete scan</b>: see "Not assessed" and "Collection errors"'} · ${guardrailText(report.scan.guardrails)} · ${e(report.tool.name)} ${e(report.tool.version)}, report schema ${e(report.schemaVersion)}</p></header>
<main>
<section id="chains"><h2>Attack chains</h2>${attackChains(report)}${organizationPaths(report)}</section>
<section id="fix-first"><h2>Fix first</h2>${fixFirst(report)}</section>
<section id="summary"><h2>Open findings by severity</h2><div class="cards">${cards}<a class="card" href="#sup=1">suppressed<b>${s.suppressed}</b></a><a class="card" href="#not-assessed">not assessed<b>${s.notAssessed}</b></a><a class="card" href="#errors">collection errors<b>${s.errors}</b></a></div>
<p class="muted">${checksPassed} of ${s.checksRun} checks passed everywhere they ran.</p></section>
${suppressionsSection(report)}
${historySection(report)}
<section id="scorecard"><h2>Your side of the shared responsibility model</h2>
<div class="scroll"><table><thead><tr><th>Customer duty</th><th title="Share of the duty's resource evaluations that passed, each weighted by severity">Score</th><th>Status</th><th>Findings</th><th>Resource evaluations passed</th><th>Not assessed</th><th>By severity</th></tr></thead><tbody>${dutyRows}</tbody></table></div>
<h2 class="spaced">Provider side (AWS): context you cannot change</h2><ul>${provider}</ul></section>
${complianceSection(report)}
<section id="list"><h2>Findings</h2>
<div class="controls">
<label>Severity<select id="f-sev"><option value="">any</option>${SEVERITIES.map((k) => `<option value="${k}">${k} and above</option>`).join('')}${SEVERITIES.map((k) => `<option value="only-${k}">${k} only</option>`).join('')}</select></label>
<label>Duty<select id="f-duty"><option value="">any</option></select></label>
<label>Service<select id="f-service"><option value="">any</option></select></label>
<label>Account<select id="f-account"><option value="">any</option></select></label>
<label>Region<select id="f-region"><option value="">any</option></select></label>
<label>Search<input id="f-q" type="search" placeholder="check, control, resource, CIDR, policy, text"></label>
<label>Sort<select id="f-sort"><option value="priority">priority (fix first)</option><option value="severity">severity</option><option value="check">check</option><option value="resource">resource</option></select></label>
<label>Group<select id="f-group"><option value="">none</option><option value="check">by check</option><option value="resource">by resource</option></select></label>
${stateFilter(report)}<label>Suppressed<input id="f-sup" type="checkbox"></label>
<span id="count" class="muted"></span>
</div>
<noscript><p>Enable JavaScript to browse findings interactively; report.json holds the same data.</p></noscript>
<div id="findings"></div>
</section>
<section id="not-assessed"><h2>Not assessed (${report.notAssessed.length})</h2>
${na ? `<div class="scroll"><table><thead><tr><th>Check</th><th>Resource</th><th>Why</th></tr></thead><tbody>${na}</tbody></table></div>${truncated(TABLE_ROWS, report.notAssessed.length)}` : '<p class="muted">Everything in scope was assessed.</p>'}</section>
<section id="errors"><h2>Collection errors (${report.errors.length})</h2>
${errs ? `<div class="scroll"><table><thead><tr><th>Call</th><th>Region</th><th>Resource</th><th>Kind</th><th>Error</th></tr></thead><tbody>${errs}</tbody></table></div>${truncated(TABLE_ROWS, report.errors.length)}` : '<p class="muted">None.</p>'}</section>
</main>
<script type="application/json" id="incloud-data">@@DATA@@</script>
<script>${SCRIPT}</script>
<script>${COMPLIANCE_SCRIPT}</script>
</body></html>
`;
  const [head, tail] = page.split('@@DATA@@') as [string, string];
  yield head;
  for (const chunk of jsonChunks(slimData(report))) yield escapeForScript(chunk);
  yield tail;
}
