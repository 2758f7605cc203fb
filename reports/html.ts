// One self-contained, offline HTML report. No external resources; a Content-Security-Policy
// allows only the inline style and script below (by hash). Values from AWS are escaped
// when rendered server-side, and the script builds the findings list with textContent
// only, so tags, descriptions and policy text that carry markup stay text.

import { createHash } from 'node:crypto';
import type { Report } from '../src/model/findings.js';

export function escapeHtml(v: unknown): string {
  return String(v ?? '').replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!);
}

/** JSON safe inside <script type="application/json">: no "<", ">", "&" or line separators survive raw. */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

const STYLE = `
:root{--crit:#8b0000;--high:#c2410c;--med:#a16207;--low:#1d4ed8;--info:#475569;--bg:#f8fafc;--fg:#0f172a;--muted:#64748b;--line:#e2e8f0}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{background:#0f172a;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#cbd5e1}
main{padding:16px 24px;max-width:1400px;margin:auto}section{margin-bottom:24px}h2{font-size:16px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f1f5f9;font-weight:600}.sev{display:inline-block;min-width:64px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:1px 6px;font-weight:600}
.sev-critical{background:var(--crit)}.sev-high{background:var(--high)}.sev-medium{background:var(--med)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.st-failing{color:var(--crit);font-weight:600}.st-passing{color:#15803d;font-weight:600}.st-partly-assessed{color:var(--med);font-weight:600}.st-not-assessed{color:var(--muted);font-weight:600}
.cards{display:flex;gap:8px;flex-wrap:wrap}.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:110px}.card b{font-size:20px;display:block}
.controls{display:flex;gap:8px;flex-wrap:wrap;align-items:center;background:#fff;border:1px solid var(--line);padding:8px;border-radius:6px;position:sticky;top:0;z-index:1}
.controls label{font-size:12px;color:var(--muted);display:flex;flex-direction:column}select,input{font:inherit;padding:3px 6px}
details.f{background:#fff;border:1px solid var(--line);border-radius:6px;margin:4px 0}details.f>summary{cursor:pointer;padding:6px 10px;display:flex;gap:10px;align-items:center;list-style:none}
details.f>summary::-webkit-details-marker{display:none}.prio{color:var(--muted);min-width:40px;font-variant-numeric:tabular-nums}.res{color:var(--muted);margin-left:auto;max-width:40%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.body{padding:8px 12px;border-top:1px solid var(--line)}pre{background:#0f172a;color:#e2e8f0;padding:8px;border-radius:4px;overflow:auto;max-height:320px;white-space:pre-wrap;word-break:break-word}
.group{margin:16px 0 4px;font-weight:600}.muted{color:var(--muted)}.tag{display:inline-block;background:#e2e8f0;border-radius:3px;padding:0 5px;margin-right:4px;font-size:12px}
button{font:inherit;padding:4px 10px;margin:8px 0}.sup{opacity:.7}.spaced{margin-top:12px}
`;

const SCRIPT = `
(function(){
'use strict';
var data=JSON.parse(document.getElementById('incloud-data').textContent);
var SEV=['critical','high','medium','low','info'];
function withCheck(f){var c=data.checks[f.checkId];f.title=c.title;f.service=c.service;f.duties=c.duties;f.refs=c.refs;f.remediation=c.remediation;return f;}
var all=data.findings.map(function(f){f._s=false;return withCheck(f);}).concat(data.suppressedFindings.map(function(f){f._s=true;return withCheck(f);}));
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined&&text!==null)e.textContent=String(text);return e;}
function $(id){return document.getElementById(id);}
function fill(id,values){var s=$(id);values.forEach(function(v){var o=el('option',null,v);o.value=v;s.appendChild(o);});}
function uniq(a){return Array.from(new Set(a)).sort();}
fill('f-duty',uniq([].concat.apply([],all.map(function(f){return f.duties;}))));
fill('f-service',uniq(all.map(function(f){return f.service;})));
fill('f-account',uniq(all.map(function(f){return f.resource.accountId;})));
fill('f-region',uniq(all.map(function(f){return f.resource.region;})));
var PAGE=300,shown=PAGE;
function current(){
  var sev=$('f-sev').value,duty=$('f-duty').value,svc=$('f-service').value,acc=$('f-account').value,reg=$('f-region').value,q=$('f-q').value.toLowerCase().trim(),sup=$('f-sup').checked;
  var list=all.filter(function(f){
    if(f._s&&!sup)return false;
    if(sev&&SEV.indexOf(f.severity)>SEV.indexOf(sev))return false;
    if(duty&&f.duties.indexOf(duty)<0)return false;
    if(svc&&f.service!==svc)return false;
    if(acc&&f.resource.accountId!==acc)return false;
    if(reg&&f.resource.region!==reg)return false;
    if(q){var hay=(f.title+' '+f.checkId+' '+f.message+' '+f.resource.arn+' '+f.resource.name+' '+f.fingerprint).toLowerCase();if(hay.indexOf(q)<0)return false;}
    return true;});
  var sort=$('f-sort').value;
  list.sort(function(a,b){
    if(sort==='severity')return SEV.indexOf(a.severity)-SEV.indexOf(b.severity)||a.priority-b.priority;
    if(sort==='check')return a.checkId<b.checkId?-1:a.checkId>b.checkId?1:a.priority-b.priority;
    if(sort==='resource')return a.resource.name<b.resource.name?-1:a.resource.name>b.resource.name?1:a.priority-b.priority;
    return (a._s-b._s)||a.priority-b.priority;});
  return list;
}
function detail(f,body){
  body.appendChild(el('p',null,f.message));
  if(f.exposure&&f.exposure.factors&&f.exposure.factors.length){var p=el('p','muted','Context: ');p.appendChild(document.createTextNode(f.exposure.factors.join('; ')));body.appendChild(p);}
  var meta=el('p','muted');meta.textContent='Check '+f.checkId+' | duties '+f.duties.join(', ')+' | '+f.resource.type+' | '+f.resource.arn+' | fingerprint '+f.fingerprint+' | score '+f.score;body.appendChild(meta);
  if(f.suppressed){body.appendChild(el('p',null,'Suppressed until '+f.suppressed.expires+': '+f.suppressed.reason));}
  var refs=[];for(var k in f.refs){if(f.refs[k])refs.push(k+': '+f.refs[k]);}
  if(refs.length)body.appendChild(el('p','muted',refs.join(' | ')));
  body.appendChild(el('h3',null,'Evidence'));body.appendChild(el('pre',null,JSON.stringify(f.evidence,null,2)));
  body.appendChild(el('h3',null,'Remediation'));body.appendChild(el('p',null,f.remediation.summary));
  if(f.remediation.cli){body.appendChild(el('div','muted','AWS CLI'));body.appendChild(el('pre',null,f.remediation.cli));}
  if(f.remediation.terraform){body.appendChild(el('div','muted','Terraform'));body.appendChild(el('pre',null,f.remediation.terraform));}
}
function item(f){
  var d=el('details','f'+(f._s?' sup':''));d.dataset.fp=f.fingerprint;
  var s=el('summary');
  s.appendChild(el('span','prio','#'+f.priority));
  s.appendChild(el('span','sev sev-'+f.severity,f.severity));
  s.appendChild(el('span','title',f.title));
  if(f._s)s.appendChild(el('span','tag','suppressed'));
  s.appendChild(el('span','res',f.resource.name+' · '+f.resource.region));
  d.appendChild(s);
  var filled=false;
  d.addEventListener('toggle',function(){if(d.open&&!filled){filled=true;var b=el('div','body');detail(f,b);d.appendChild(b);}});
  return d;
}
function render(){
  var list=current(),box=$('findings');box.textContent='';
  $('count').textContent=list.length+' of '+all.length+' findings';
  var group=$('f-group').value,frag=document.createDocumentFragment(),n=0,last=null;
  var ordered=list;
  if(group){ordered=list.slice().sort(function(a,b){var ka=group==='check'?a.checkId:a.resource.arn,kb=group==='check'?b.checkId:b.resource.arn;return ka<kb?-1:ka>kb?1:a.priority-b.priority;});}
  for(var i=0;i<ordered.length&&n<shown;i++,n++){
    var f=ordered[i];
    if(group){var key=group==='check'?f.checkId+' — '+f.title:f.resource.name+' ('+f.resource.type+')';if(key!==last){frag.appendChild(el('div','group',key));last=key;}}
    frag.appendChild(item(f));
  }
  box.appendChild(frag);
  if(ordered.length>shown){var b=el('button',null,'Show '+Math.min(PAGE,ordered.length-shown)+' more');b.id='more';b.addEventListener('click',function(){shown+=PAGE;render();});box.appendChild(b);}
}
['f-sev','f-duty','f-service','f-account','f-region','f-sort','f-group','f-sup'].forEach(function(id){$(id).addEventListener('change',function(){shown=PAGE;render();});});
var t;$('f-q').addEventListener('input',function(){clearTimeout(t);t=setTimeout(function(){shown=PAGE;render();},120);});
render();
})();
`;

type Finding = Report['findings'][number];
type CheckFacts = Pick<Finding, 'title' | 'service' | 'duties' | 'refs' | 'remediation'>;

/** What the page needs, with the facts shared by all findings of a check stored once per check. */
export function slimData(report: Report): { checks: Record<string, CheckFacts>; findings: unknown[]; suppressedFindings: unknown[] } {
  const checks: Record<string, CheckFacts> = {};
  const slim = ({ title, service, duties, refs, remediation, ...rest }: Finding) => {
    checks[rest.checkId] ??= { title, service, duties, refs, remediation };
    return rest;
  };
  return { checks, findings: report.findings.map(slim), suppressedFindings: report.suppressedFindings.map(slim) };
}

export function renderHtml(report: Report): string {
  const e = escapeHtml;
  const s = report.summary;
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const dutyRows = report.duties.map((d) => `<tr><td>${e(d.name)}<div class="muted">${e(d.id)}</div></td><td class="st-${e(d.status)}">${e(d.status.replace('-', ' '))}</td><td>${d.failing}</td><td>${d.passing}</td><td>${d.notAssessed}</td><td>${
    (['critical', 'high', 'medium', 'low', 'info'] as const).filter((k) => d.bySeverity[k]).map((k) => `<span class="sev sev-${k}">${d.bySeverity[k]} ${k}</span>`).join(' ')}${d.note ? `<div class="muted">${e(d.note)}</div>` : ''}</td></tr>`).join('');
  const provider = report.providerSide.map((p) => `<li><b>${e(p.area)}</b>: ${e(p.note)}</li>`).join('');
  const cards = (['critical', 'high', 'medium', 'low', 'info'] as const).map((k) => `<div class="card"><span class="sev sev-${k}">${k}</span><b>${s.bySeverity[k]}</b></div>`).join('');
  const na = report.notAssessed.slice(0, 2000).map((n) => `<tr><td>${e(n.checkId)}</td><td>${e(n.resource.name)}<div class="muted">${e(n.resource.arn)}</div></td><td>${e(n.reason)}</td></tr>`).join('');
  const errs = report.errors.slice(0, 2000).map((x) => `<tr><td>${e(x.service)}:${e(x.operation)}</td><td>${e(x.region ?? '')}</td><td>${e(x.resource ?? '')}</td><td>${e(x.kind)}</td><td>${e(x.code)}: ${e(x.message)}</td></tr>`).join('');
  const data = slimData(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(csp)}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>incloud report: account ${e(report.scan.accountId)}</title>
<style>${STYLE}</style>
</head><body>
<header><h1>incloud: security in the cloud, account ${e(report.scan.accountId)}</h1>
<p>Collected ${e(report.scan.collectedAt)} (${e(report.scan.source)}) · regions ${e(report.scan.regions.join(', ') || 'none')} · ${report.scan.complete ? 'complete scan' : '<b>incomplete scan</b>: see "Not assessed" and "Collection errors"'} · ${e(report.tool.name)} ${e(report.tool.version)}, report schema ${e(report.schemaVersion)}</p></header>
<main>
<section id="scorecard"><h2>Your side of the shared responsibility model</h2>
<table><thead><tr><th>Customer duty</th><th>Status</th><th>Findings</th><th>Checks passed</th><th>Not assessed</th><th>By severity</th></tr></thead><tbody>${dutyRows}</tbody></table>
<h2 class="spaced">Provider side (AWS): context you cannot change</h2><ul>${provider}</ul></section>
<section id="summary"><h2>Findings</h2><div class="cards">${cards}<div class="card">suppressed<b>${s.suppressed}</b></div><div class="card">not assessed<b>${s.notAssessed}</b></div><div class="card">collection errors<b>${s.errors}</b></div></div></section>
<section id="list">
<div class="controls">
<label>Severity at least<select id="f-sev"><option value="">any</option><option value="critical">critical</option><option value="high">high</option><option value="medium">medium</option><option value="low">low</option><option value="info">info</option></select></label>
<label>Duty<select id="f-duty"><option value="">any</option></select></label>
<label>Service<select id="f-service"><option value="">any</option></select></label>
<label>Account<select id="f-account"><option value="">any</option></select></label>
<label>Region<select id="f-region"><option value="">any</option></select></label>
<label>Search<input id="f-q" type="search" placeholder="check, resource, ARN, text"></label>
<label>Sort<select id="f-sort"><option value="priority">priority (fix first)</option><option value="severity">severity</option><option value="check">check</option><option value="resource">resource</option></select></label>
<label>Group<select id="f-group"><option value="">none</option><option value="check">by check</option><option value="resource">by resource</option></select></label>
<label>Suppressed<input id="f-sup" type="checkbox"></label>
<span id="count" class="muted"></span>
</div>
<noscript><p>Enable JavaScript to browse findings interactively; report.json holds the same data.</p></noscript>
<div id="findings"></div>
</section>
<section id="not-assessed"><h2>Not assessed (${report.notAssessed.length})</h2>
${na ? `<table><thead><tr><th>Check</th><th>Resource</th><th>Why</th></tr></thead><tbody>${na}</tbody></table>` : '<p class="muted">Everything in scope was assessed.</p>'}</section>
<section id="errors"><h2>Collection errors (${report.errors.length})</h2>
${errs ? `<table><thead><tr><th>Call</th><th>Region</th><th>Resource</th><th>Kind</th><th>Error</th></tr></thead><tbody>${errs}</tbody></table>` : '<p class="muted">None.</p>'}</section>
</main>
<script type="application/json" id="incloud-data">${jsonForScript(data)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
