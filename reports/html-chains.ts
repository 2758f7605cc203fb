// The attack chains of a report, as the first thing a reader sees: each distinct chain (not a
// hop of a longer one) as a path from its entry to what it lands on, with every hop's action
// and the statements or rules that allow it, so a reviewer can check it by hand.

import type { Report } from '../src/model/findings.js';
import { hopsOf, pathText, type WitnessHop } from '../src/model/witness.js';
import { escapeHtml as e } from './html-safe.js';

const SHOWN = 20;

export function hopList(hops: WitnessHop[]): string {
  return `<ol class="hops">${hops
    .map(
      (h) =>
        `<li><b>${e(h.from)} → ${e(h.to)}</b>: ${e(h.action)}${h.conditional ? ' <span class="tag">under a condition</span>' : ''}` +
        (h.allowedBy.length ? `<ul>${h.allowedBy.map((a) => `<li>allowed by ${e(a)}</li>`).join('')}</ul>` : '') +
        '</li>',
    )
    .join('')}</ol>`;
}

export function attackChains(report: Report): string {
  const chains = report.findings.filter((f) => !f.partOf && hopsOf(f.evidence));
  if (!chains.length) return '<p class="muted">No attack chain: no path from outside the account to admin or to data was found.</p>';
  return `<p class="muted">${chains.length} chain(s), each one finding; the findings a chain is built from are ranked under it.</p><ol>${chains
    .slice(0, SHOWN)
    .map((f) => {
      const hops = hopsOf(f.evidence)!;
      return `<li><details><summary><a href="#fp=${e(f.fingerprint)}">#${f.priority}</a> <span class="sev sev-${e(f.severity)}">${e(f.severity)}</span> ${e(pathText(hops))}</summary>${hopList(hops)}</details></li>`;
    })
    .join('')}</ol>${chains.length > SHOWN ? `<p class="muted">${chains.length - SHOWN} more in the findings list.</p>` : ''}`;
}

/** In an organization scan: the paths across accounts this account is on, linked to the organization report. */
export function organizationPaths(report: Report): string {
  const links = report.organizationPaths;
  if (!links?.length) return '';
  const items = links.map((l) => {
    const parts = l.findings.map((fp) => `<a href="#fp=${e(fp)}">#${e(fp.slice(0, 8))}</a>`).join(' ');
    return `<li><a href="${e(l.href)}">${e(l.role)}</a> <span class="sev sev-${e(l.severity)}">${e(l.severity)}</span> ${e(l.path)}${parts ? ` <span class="muted">this account's hops: ${parts}</span>` : ''}</li>`;
  });
  return `<h3 class="spaced">Paths across accounts through this account</h3><p class="muted">Found by the organization scan; each is one finding of the organization report.</p><ul id="org-paths">${items.join('')}</ul>`;
}
