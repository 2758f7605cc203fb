// The Compliance view of the account HTML report: a score per framework and section, each
// control expandable to why it has its status and the findings that fail it with their fixes.
// Markup is built here with every value escaped; the small script below only filters it
// (control id or title, status, framework), keeps that state in the URL, and opens the
// control named there.

import type { Finding, Report } from '../src/model/findings.js';
import {
  CONTROL_STATUSES,
  scoreOf,
  statusCounts,
  type ControlStatus,
  type ControlVerdict,
  type FrameworkVerdicts,
} from '../src/model/frameworks.js';
import { escapeHtml as e } from './html-safe.js';

const SHOWN_FINDINGS = 20;
const STATUS_LABEL: Record<ControlStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  'not-assessed': 'not assessed',
  manual: 'manual',
  'out-of-scope': 'out of scope',
};

export const COMPLIANCE_STYLE = `
.ctl{background:#fff;border:1px solid var(--line);border-radius:6px;margin:3px 0}.ctl>summary{cursor:pointer;padding:5px 10px;display:flex;gap:10px;flex-wrap:wrap}
.ctl .body p{margin:4px 0}.cs{display:inline-block;min-width:92px;text-align:center;border-radius:4px;font-size:12px;padding:1px 6px;font-weight:600}
.cs-pass{background:#dcfce7;color:#14532d}.cs-fail{background:#fee2e2;color:#7f1d1d}.cs-not-assessed{background:#fef9c3;color:#713f12}.cs-manual,.cs-out-of-scope{background:#e2e8f0;color:#334155}
.cid{font-variant-numeric:tabular-nums;min-width:64px;font-weight:600}.fw{margin:12px 0}.fw>h3{margin:4px 0}.ctl.hidden,.fw.hidden,.sec.hidden{display:none}
`;

export const COMPLIANCE_SCRIPT = `
(function(){
'use strict';
var root=document.getElementById('compliance');if(!root)return;
function $(id){return document.getElementById(id);}
var KEYS={cq:'c-q',cst:'c-status',cfw:'c-fw'};
function read(){var p=new URLSearchParams(location.hash.replace(/^#/,''));Object.keys(KEYS).forEach(function(k){$(KEYS[k]).value=p.get(k)||'';});return p.get('ctl')||'';}
function write(open){var p=new URLSearchParams(location.hash.replace(/^#/,''));Object.keys(KEYS).concat(['ctl']).forEach(function(k){p.delete(k);});
  Object.keys(KEYS).forEach(function(k){var v=$(KEYS[k]).value.trim();if(v)p.set(k,v);});if(open)p.set('ctl',open);
  var h=p.toString();history.replaceState(null,'',h?'#'+h:location.pathname+location.search);}
function apply(){
  var q=$('c-q').value.toLowerCase().trim(),st=$('c-status').value,fw=$('c-fw').value,shown=0;
  root.querySelectorAll('.fw').forEach(function(f){
    var fwVisible=!fw||f.getAttribute('data-fw')===fw,any=false;
    f.querySelectorAll('.ctl').forEach(function(c){
      var hit=fwVisible&&(!st||c.getAttribute('data-status')===st)&&(!q||c.getAttribute('data-search').indexOf(q)>=0);
      c.classList.toggle('hidden',!hit);if(hit){any=true;shown++;}
    });
    f.classList.toggle('hidden',!any);
  });
  $('c-count').textContent=shown+' control(s)';
}
var opened=read();apply();
if(opened){var c=document.getElementById('ctl-'+opened);if(c){c.open=true;c.classList.remove('hidden');c.scrollIntoView();}}
['c-status','c-fw'].forEach(function(id){$(id).addEventListener('change',function(){write('');apply();});});
var t;$('c-q').addEventListener('input',function(){clearTimeout(t);t=setTimeout(function(){write('');apply();},120);});
root.querySelectorAll('.ctl').forEach(function(c){c.addEventListener('toggle',function(){if(c.open)write(c.id.slice(4));});});
})();
`;

const anchor = (fw: FrameworkVerdicts, c: ControlVerdict) => `${fw.key}:${c.id}`;

function findingLine(f: Finding): string {
  return `<li><a href="#fp=${e(f.fingerprint)}">#${f.priority}</a> <span class="sev sev-${e(f.severity)}">${e(f.severity)}</span> ${e(f.resource.name)} <span class="muted">${e(f.checkId)}</span> ${e(f.message)}<div class="muted">Fix: ${e(f.remediation.summary)}</div></li>`;
}

function findingList(fingerprints: string[], byFp: Map<string, Finding>, label: string): string {
  if (!fingerprints.length) return '';
  const items = fingerprints
    .slice(0, SHOWN_FINDINGS)
    .map((fp) => byFp.get(fp))
    .filter((f): f is Finding => Boolean(f));
  const more =
    fingerprints.length > SHOWN_FINDINGS ? `<p class="muted">${fingerprints.length - SHOWN_FINDINGS} more in the findings list.</p>` : '';
  return `<p>${label} (${fingerprints.length}):</p><ul>${items.map(findingLine).join('')}</ul>${more}`;
}

function controlBlock(fw: FrameworkVerdicts, c: ControlVerdict, byFp: Map<string, Finding>): string {
  const search = `${c.id} ${c.title} ${c.checks.join(' ')}`.toLowerCase();
  const checks = c.checks.length ? `<p class="muted">Decided by ${c.checks.map((x) => `<code>${e(x)}</code>`).join(', ')}</p>` : '';
  const risk = c.acceptedRisk?.length ? findingList(c.acceptedRisk, byFp, 'Accepted risk (suppressed)') : '';
  return `<details class="ctl" id="ctl-${e(anchor(fw, c))}" data-status="${e(c.status)}" data-search="${e(search)}"><summary><span class="cid">${e(c.id)}</span><span class="cs cs-${e(c.status)}">${e(STATUS_LABEL[c.status])}${c.acceptedRisk?.length ? ' (accepted risk)' : ''}</span><span>${e(c.title)}</span></summary><div class="body"><p>${e(c.why)}</p>${checks}${findingList(c.findings, byFp, 'Failing findings')}${risk}</div></details>`;
}

function sectionRows(fw: FrameworkVerdicts, titles: Map<string, string>): string {
  const sections = [...new Set(fw.controls.map((c) => c.section))];
  return sections
    .map((s) => {
      const n = statusCounts(fw.controls.filter((c) => c.section === s));
      const score = scoreOf(n);
      return `<tr><td>${e(s)} ${e(titles.get(s) ?? '')}</td><td>${score === null ? '-' : `${score}%`}</td><td>${n.pass}</td><td>${n.fail}</td><td>${n['not-assessed']}</td><td>${n.manual}</td><td>${n['out-of-scope']}</td></tr>`;
    })
    .join('');
}

/** The Compliance section, or nothing when the report has no framework verdicts. */
export function complianceSection(report: Report): string {
  const frameworks = report.compliance ?? [];
  if (!frameworks.length) return '';
  const byFp = new Map([...report.findings, ...report.suppressedFindings].map((f) => [f.fingerprint, f]));
  const blocks = frameworks.map((fw) => {
    const s = fw.summary;
    const others = fw.otherServices?.length
      ? `<p class="muted">Also out of scope: ${fw.otherServices.reduce((n, o) => n + o.controls, 0)} controls of ${fw.otherServices.length} services incloud does not collect (${e(fw.otherServices.map((o) => `${o.service} ${o.controls}`).join(', '))}).</p>`
      : '';
    return `<div class="fw" data-fw="${e(fw.key)}"><h3>${e(fw.title)} ${e(fw.version)}: score ${s.score === null ? '-' : `${s.score}%`}</h3><p class="muted">${s.pass} pass, ${s.fail} fail, ${s['not-assessed']} not assessed, ${s.manual} manual, ${s['out-of-scope']} out of scope. The score counts passes among the controls incloud decides or should decide; not assessed is never a pass.</p><div class="scroll"><table><thead><tr><th>Section</th><th>Score</th><th>Pass</th><th>Fail</th><th>Not assessed</th><th>Manual</th><th>Out of scope</th></tr></thead><tbody>${sectionRows(fw, new Map(fw.sections.map((x) => [x.id, x.title])))}</tbody></table></div>${others}<div class="sec">${fw.controls.map((c) => controlBlock(fw, c, byFp)).join('')}</div></div>`;
  });
  const options = frameworks.map((fw) => `<option value="${e(fw.key)}">${e(fw.title)} ${e(fw.version)}</option>`).join('');
  const statuses = CONTROL_STATUSES.map((k) => `<option value="${k}">${STATUS_LABEL[k]}</option>`).join('');
  return `<section id="compliance"><h2>Compliance</h2><div class="controls"><label>Framework<select id="c-fw"><option value="">all</option>${options}</select></label><label>Status<select id="c-status"><option value="">any</option>${statuses}</select></label><label>Control<input id="c-q" type="search" placeholder="id, title or check"></label><span id="c-count" class="muted"></span></div>${blocks.join('')}</section>`;
}
