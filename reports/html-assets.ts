// The inline style and script of the HTML report. The script builds everything from the
// embedded JSON with textContent only, so values from AWS never become markup; the page's
// Content-Security-Policy allows exactly these two blocks by hash.

export const STYLE = `
:root{--crit:#8b0000;--high:#c2410c;--med:#a16207;--low:#1d4ed8;--info:#475569;--bg:#f8fafc;--fg:#0f172a;--muted:#64748b;--line:#e2e8f0}
*{box-sizing:border-box}html,body{overflow-x:clip}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{background:#0f172a;color:#fff;padding:16px 24px}header h1{margin:0 0 4px;font-size:20px;overflow-wrap:anywhere}header p{margin:0;color:#cbd5e1}
main{padding:16px 24px;max-width:1400px;margin:auto}section{margin-bottom:24px}h2{font-size:16px;margin:0 0 8px}
a{color:inherit}.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}td{overflow-wrap:anywhere}
th{background:#f1f5f9;font-weight:600}.sev{display:inline-block;min-width:64px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:1px 6px;font-weight:600}
.sev-critical{background:var(--crit)}.sev-high{background:var(--high)}.sev-medium{background:var(--med)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
.st-failing{color:var(--crit);font-weight:600}.st-passing{color:#15803d;font-weight:600}.st-partly-assessed{color:var(--med);font-weight:600}.st-not-assessed{color:var(--muted);font-weight:600}
.cards{display:flex;gap:8px;flex-wrap:wrap}.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:110px;text-decoration:none}.card b{font-size:20px;display:block}
a.card:hover,tr.duty:hover{outline:2px solid #94a3b8}tr.duty a{text-decoration:none;display:block}tr.duty{cursor:pointer}.band-strong b{color:#15803d}.band-fair b{color:#4d7c0f}.band-weak b{color:var(--med)}.band-failing b{color:var(--crit)}
#fix-first ol{margin:0;padding-left:24px}#fix-first li{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:6px 0}
#fix-first .why,#fix-first .how{display:block;color:var(--muted);overflow-wrap:anywhere}
#chains>ol{margin:0;padding-left:24px}#chains>ol>li{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:6px 0;overflow-wrap:anywhere}
#chains summary{cursor:pointer}ol.hops{padding-left:20px;overflow-wrap:anywhere}ol.hops ul{color:var(--muted);margin:2px 0 6px}
.controls{display:flex;gap:8px;flex-wrap:wrap;align-items:center;background:#fff;border:1px solid var(--line);padding:8px;border-radius:6px;position:sticky;top:0;z-index:1}
.controls label[hidden]{display:none}.controls label{font-size:12px;color:var(--muted);display:flex;flex-direction:column}select,input{font:inherit;padding:3px 6px;max-width:100%}
details.f{background:#fff;border:1px solid var(--line);border-radius:6px;margin:4px 0}details.f>summary{cursor:pointer;padding:6px 10px;display:flex;gap:10px;align-items:center;list-style:none;flex-wrap:wrap}
details.f>summary::-webkit-details-marker{display:none}.prio{color:var(--muted);min-width:40px;font-variant-numeric:tabular-nums}.title{flex:1 1 240px;min-width:0}
.res{color:var(--muted);margin-left:auto;max-width:40%;overflow-wrap:anywhere}
.body{padding:8px 12px;border-top:1px solid var(--line);overflow-wrap:anywhere}pre{background:#0f172a;color:#e2e8f0;padding:8px;border-radius:4px;overflow:auto;max-height:320px;white-space:pre-wrap;word-break:break-word}
details.grp{margin:12px 0}details.grp>summary{cursor:pointer;font-weight:600;padding:4px 0}.muted{color:var(--muted)}.tag{display:inline-block;background:#e2e8f0;border-radius:3px;padding:0 5px;margin-right:4px;font-size:12px}
.sla-overdue{background:#fecaca;color:#7f1d1d}.sla-due-soon{background:#fef08a}ul.changes{padding-left:18px;margin:4px 0 8px;overflow-wrap:anywhere}ul.changes li{margin:3px 0}
button{font:inherit;padding:4px 10px;margin:8px 0}button.copy{padding:1px 8px;margin:0 0 4px;font-size:12px}.sup{opacity:.7}.spaced{margin-top:12px}.changed{color:var(--med)}
@media (max-width:600px){
header,main{padding:10px}header h1{font-size:16px}.controls{gap:4px;padding:4px}.controls label{flex:1 1 45%;font-size:11px}
.controls select,.controls input{width:100%}.card{min-width:0;flex:1 1 28%;padding:6px}.res{max-width:100%;margin-left:0;flex-basis:100%}
th,td{padding:4px}.prio{min-width:0}
}
`;

export const SCRIPT = `
(function(){
'use strict';
var data=JSON.parse(document.getElementById('incloud-data').textContent);
var SEV=['critical','high','medium','low','info'];
function withCheck(f){var c=data.checks[f.checkId];f.title=c.title;f.service=c.service;f.duties=c.duties;f.refs=c.refs;f.controls=c.controls||[];f.remediation=c.remediation;f.docs=c.docs;return f;}
var all=data.findings.map(function(f){f._s=false;return withCheck(f);}).concat(data.suppressedFindings.map(function(f){f._s=true;return withCheck(f);}));
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined&&text!==null)e.textContent=String(text);return e;}
function $(id){return document.getElementById(id);}
function fill(id,values){var s=$(id);values.forEach(function(v){var o=el('option',null,v);o.value=v;s.appendChild(o);});}
function uniq(a){return Array.from(new Set(a)).sort();}
fill('f-duty',uniq([].concat.apply([],all.map(function(f){return f.duties;}))));
fill('f-service',uniq(all.map(function(f){return f.service;})));
fill('f-account',uniq(all.map(function(f){return f.resource.accountId;})));
fill('f-region',uniq(all.map(function(f){return f.resource.region;})));
var FIELDS={sev:'f-sev',duty:'f-duty',service:'f-service',account:'f-account',region:'f-region',q:'f-q',sort:'f-sort',group:'f-group',state:'f-state'};
var PAGE=300,shown=PAGE,focus='';
function readHash(){
  var p=new URLSearchParams(location.hash.replace(/^#/,''));
  Object.keys(FIELDS).forEach(function(k){var e=$(FIELDS[k]);var v=p.get(k)||'';if(e.tagName==='SELECT'&&v&&!Array.prototype.some.call(e.options,function(o){return o.value===v;}))v='';e.value=v||(k==='sort'?'priority':'');});
  $('f-sup').checked=p.get('sup')==='1';focus=p.get('fp')||'';
}
function writeHash(){
  var p=new URLSearchParams(location.hash.replace(/^#/,''));
  Object.keys(FIELDS).concat(['sup','fp']).forEach(function(k){p.delete(k);});
  Object.keys(FIELDS).forEach(function(k){var v=$(FIELDS[k]).value;if(v&&!(k==='sort'&&v==='priority'))p.set(k,v);});
  if($('f-sup').checked)p.set('sup','1');
  var h=p.toString();history.replaceState(null,'',h?'#'+h:location.pathname+location.search);
}
function current(){
  var sev=$('f-sev').value,duty=$('f-duty').value,svc=$('f-service').value,acc=$('f-account').value,reg=$('f-region').value,st=$('f-state').value,q=$('f-q').value.toLowerCase().trim(),sup=$('f-sup').checked;
  var list=all.filter(function(f){
    if(focus)return f.fingerprint===focus;
    if(f._s&&!sup)return false;
    if(sev&&(sev.indexOf('only-')===0?f.severity!==sev.slice(5):SEV.indexOf(f.severity)>SEV.indexOf(sev)))return false;
    if(duty&&f.duties.indexOf(duty)<0)return false;
    if(svc&&f.service!==svc)return false;
    if(acc&&f.resource.accountId!==acc)return false;
    if(reg&&f.resource.region!==reg)return false;
    if(st&&!stateIs(f,st))return false;
    if(q&&hayOf(f).indexOf(q)<0)return false;
    return true;});
  var sort=$('f-sort').value;
  list.sort(function(a,b){
    if(sort==='severity')return SEV.indexOf(a.severity)-SEV.indexOf(b.severity)||SLA.indexOf(slaOf(a))-SLA.indexOf(slaOf(b))||a.priority-b.priority;
    if(sort==='check')return a.checkId<b.checkId?-1:a.checkId>b.checkId?1:a.priority-b.priority;
    if(sort==='resource')return a.resource.name<b.resource.name?-1:a.resource.name>b.resource.name?1:a.priority-b.priority;
    return (a._s-b._s)||a.priority-b.priority;});
  return list;
}
/** What the search looks through: the finding's text, ids, controls and every evidence value (CIDRs, IPs, policy names). */
function hayOf(f){
  if(f._hay===undefined){var vals=[];(function walk(v){if(v===null||v===undefined)return;if(typeof v==='object'){Object.keys(v).forEach(function(k){walk(v[k]);});}else vals.push(String(v));})(f.evidence);
    f._hay=[f.title,f.checkId,f.message,f.resource.arn,f.resource.name,f.resource.type,f.resource.region,f.resource.accountId,f.fingerprint,f.controls.join(' '),vals.join(' ')].join(' ').toLowerCase();}
  return f._hay;
}
var SLA=['overdue','due-soon','within','none'];
function slaOf(f){return f.history?f.history.sla.state:'none';}
function stateIs(f,st){var h=f.history;if(!h)return false;
  if(st==='changed')return h.new||h.reopened;if(st==='new')return h.new&&!h.reopened;if(st==='reopened')return h.reopened;return h.sla.state===st;}
function copyButton(text){
  var b=el('button','copy','Copy');
  b.addEventListener('click',function(){
    var done=function(){b.textContent='Copied';setTimeout(function(){b.textContent='Copy';},1500);};
    if(navigator.clipboard&&navigator.clipboard.writeText)navigator.clipboard.writeText(text).then(done,function(){b.textContent='Copy failed';});
    else b.textContent='Copy failed';
  });
  return b;
}
function snippet(body,label,t){if(!t)return;body.appendChild(el('div','muted',label));body.appendChild(copyButton(t));body.appendChild(el('pre',null,t));}
function choices(body,list){if(!list||!list.length)return;var ul=el('ul','choose');
  list.forEach(function(c){var li=el('li');li.appendChild(el('code',null,'<'+c.placeholder+'>'));li.appendChild(document.createTextNode(' choose: '+c.choose+(c.candidates?' (in this account: '+c.candidates.join(', ')+')':'')));ul.appendChild(li);});
  body.appendChild(el('div','muted','Before you paste, choose:'));body.appendChild(ul);}
function detail(f,body){
  body.appendChild(el('p',null,f.message));
  if(f.baseSeverity&&f.baseSeverity!==f.severity){
    var up=SEV.indexOf(f.severity)<SEV.indexOf(f.baseSeverity);
    body.appendChild(el('p','changed','Severity '+(up?'raised':'lowered')+' from '+f.baseSeverity+' to '+f.severity+' by context: '+(f.exposure.factors.join('; ')||'see evidence')));
  }else if(f.exposure&&f.exposure.factors&&f.exposure.factors.length){body.appendChild(el('p','muted','Context: '+f.exposure.factors.join('; ')));}
  var meta=el('p','muted');meta.textContent='Check '+f.checkId+' | duties '+f.duties.join(', ')+' | '+f.resource.type+' | '+f.resource.arn+' | fingerprint '+f.fingerprint+' | score '+f.score;body.appendChild(meta);
  if(f.suppressed){body.appendChild(el('p',null,'Suppressed until '+f.suppressed.expires+': '+f.suppressed.reason));}
  if(f.history){var h=f.history;body.appendChild(el('p','muted','First seen '+h.firstSeen+' | open '+h.ageDays+' day(s)'+(h.reopened?' since it came back':'')+(h.sla.dueAt?' | SLA '+h.sla.days+' days, due '+h.sla.dueAt+' ('+h.sla.state+')':'')));
    if(h.ticket){var tp=el('p','ticket','Ticket '+h.ticket.id+' ('+h.ticket.state+', '+h.ticket.target.split(':')[0]+')');if(h.ticket.url&&/^https?:/.test(h.ticket.url)){var ta=el('a',null,' open it');ta.href=h.ticket.url;ta.rel='noopener noreferrer';ta.target='_blank';tp.appendChild(ta);}body.appendChild(tp);}}
  var refs=[];if(f.controls.length)refs.push('controls: '+f.controls.join(', '));if(f.refs&&f.refs.prowler)refs.push('prowler: '+f.refs.prowler);
  if(refs.length)body.appendChild(el('p','muted',refs.join(' | ')));
  body.appendChild(el('h3',null,'Remediation'));body.appendChild(el('p',null,f.remediation.summary));
  snippet(body,'AWS CLI',f.fix.cli);snippet(body,'Terraform',f.fix.terraform);choices(body,f.fix.choose);
  if(f.docs){var a=el('a','docs','AWS documentation for this fix');a.href=f.docs;a.rel='noopener noreferrer';a.target='_blank';body.appendChild(a);}
  var hops=f.evidence&&Array.isArray(f.evidence.hops)?f.evidence.hops:null;
  if(hops&&hops.length){body.appendChild(el('h3',null,'Attack path'));var ol=el('ol','hops');
    hops.forEach(function(h){var li=el('li');li.appendChild(el('b',null,String(h.from)+' → '+String(h.to)));li.appendChild(document.createTextNode(': '+String(h.action)+(h.conditional?' (under a condition)':'')));
      if(Array.isArray(h.allowedBy)&&h.allowedBy.length){var ul=el('ul');h.allowedBy.forEach(function(a){ul.appendChild(el('li',null,'allowed by '+String(a)));});li.appendChild(ul);}ol.appendChild(li);});
    body.appendChild(ol);}
  var parts=f.evidence&&Array.isArray(f.evidence.linkedFindings)?f.evidence.linkedFindings:[];
  if(parts.length){var lp=el('p','muted linked','Its parts, each a finding of its own: ');parts.forEach(function(l){var a=el('a',null,String(l.checkId)+' #'+String(l.fingerprint).slice(0,8));a.href='#fp='+l.fingerprint;lp.appendChild(a);lp.appendChild(document.createTextNode(' '));});body.appendChild(lp);}
  if(f.partOf&&f.partOf.length){var p=el('p','muted','A hop of '+f.partOf.length+' attack chain(s): ');f.partOf.forEach(function(fp){var a=el('a',null,'#'+fp.slice(0,8));a.href='#fp='+fp;p.appendChild(a);p.appendChild(document.createTextNode(' '));});body.appendChild(p);}
  body.appendChild(el('h3',null,'Evidence'));body.appendChild(el('pre',null,JSON.stringify(f.evidence,null,2)));
}
function item(f){
  var d=el('details','f'+(f._s?' sup':''));d.dataset.fp=f.fingerprint;
  var s=el('summary');
  s.appendChild(el('span','prio','#'+f.priority));
  s.appendChild(el('span','sev sev-'+f.severity,f.severity));
  s.appendChild(el('span','title',f.title));
  if(f._s)s.appendChild(el('span','tag','suppressed'));
  if(f.partOf)s.appendChild(el('span','tag','part of a chain'));
  if(f.history){var h=f.history;if(h.sla.state==='overdue'||h.sla.state==='due-soon')s.appendChild(el('span','tag sla-'+h.sla.state,h.sla.state==='overdue'?'SLA overdue':'SLA due soon'));
    if(h.reopened)s.appendChild(el('span','tag','reopened'));else if(h.new)s.appendChild(el('span','tag','new'));s.appendChild(el('span','tag','open '+h.ageDays+' d'));if(h.ticket)s.appendChild(el('span','tag','ticket '+h.ticket.id));}
  s.appendChild(el('span','res',f.resource.name+' · '+f.resource.region));
  d.appendChild(s);
  var filledIn=false;
  var open=function(){if(!filledIn){filledIn=true;var b=el('div','body');detail(f,b);d.appendChild(b);}};
  d.addEventListener('toggle',function(){if(d.open)open();});
  if(focus===f.fingerprint){d.open=true;open();}
  return d;
}
function groups(list,by){
  var map={},order=[];
  list.forEach(function(f){var key=by==='check'?f.checkId+' — '+f.title:f.resource.name+' ('+f.resource.type+')';
    if(!map[key]){map[key]={key:key,items:[],best:Infinity,worst:4};order.push(key);}
    var g=map[key];g.items.push(f);g.best=Math.min(g.best,f.priority);g.worst=Math.min(g.worst,SEV.indexOf(f.severity));});
  return order.map(function(k){return map[k];}).sort(function(a,b){return a.best-b.best;});
}
function render(){
  var list=current(),box=$('findings');box.textContent='';
  $('count').textContent=(focus?'1 finding (from the fix-first list; clear the filters to see all)':list.length+' of '+all.length+' findings');
  var group=$('f-group').value,frag=document.createDocumentFragment(),n=0;
  if(group){
    groups(list,group).forEach(function(g,i){
      if(n>=shown)return;
      var d=el('details','grp');d.open=i<3;
      var s=el('summary');s.appendChild(el('span','sev sev-'+SEV[g.worst],SEV[g.worst]));s.appendChild(document.createTextNode(' '+g.key+' — '+g.items.length+' finding(s), best rank #'+g.best));
      d.appendChild(s);g.items.forEach(function(f){if(n<shown){d.appendChild(item(f));n++;}});frag.appendChild(d);
    });
  }else{
    for(var i=0;i<list.length&&n<shown;i++,n++)frag.appendChild(item(list[i]));
  }
  box.appendChild(frag);
  if(list.length>shown){var b=el('button',null,'Show '+Math.min(PAGE,list.length-shown)+' more');b.id='more';b.addEventListener('click',function(){shown+=PAGE;render();});box.appendChild(b);}
}
// A whole duty row filters by its duty, not only its name.
document.querySelectorAll('tr.duty[data-duty]').forEach(function(tr){tr.addEventListener('click',function(ev){if(ev.target.closest('a'))return;location.hash='duty='+tr.getAttribute('data-duty');});});
['f-sev','f-duty','f-service','f-account','f-region','f-state','f-sort','f-group','f-sup'].forEach(function(id){$(id).addEventListener('change',function(){focus='';shown=PAGE;writeHash();render();});});
var t;$('f-q').addEventListener('input',function(){clearTimeout(t);t=setTimeout(function(){focus='';shown=PAGE;writeHash();render();},120);});
window.addEventListener('hashchange',function(){readHash();shown=PAGE;render();if(/(^#|&)(fp|sev|duty|service|account|region|state|q|sort|group|sup)=/.test(location.hash))$('list').scrollIntoView();});
readHash();render();if(/(^#|&)(fp|sev|duty|service|account|region|state|q|sort|group|sup)=/.test(location.hash))$('list').scrollIntoView();
})();
`;
