// The report's "Suppressions to act on" section: accepted risks that expired (their findings are
// back in the list), that matched nothing (fixed, or a wrong pattern), or that end within 14 days.

import type { Report, SuppressionSignal } from '../src/model/findings.js';
import { escapeHtml as e } from './html-safe.js';

const whatOf = (s: SuppressionSignal): string =>
  s.fingerprint ? `finding ${e(s.fingerprint)}` : `${e(s.checkId ?? 'any check')} on ${e(s.resource ?? 'any resource')}`;

export function suppressionsSection(report: Report): string {
  const s = report.suppressions;
  if (!s) return '';
  const rows = [
    ...s.expired.map((x) => ['expired', x, `ended ${e(x.expires)}; its findings are open again`] as const),
    ...s.expiringSoon.map((x) => ['ends soon', x, `ends ${e(x.expires)} (${x.daysLeft} day(s) left)`] as const),
    ...s.unmatched.map((x) => ['matches nothing', x, 'fixed, or a wrong pattern: remove or correct it'] as const),
  ];
  if (!rows.length) return '';
  const body = rows
    .map(
      ([kind, x, what]) =>
        `<tr><td>${kind}</td><td>${whatOf(x)}</td><td>${e(x.reason)}${x.by ? ` <span class="muted">(${e(x.by)})</span>` : ''}</td><td>${what}</td></tr>`,
    )
    .join('');
  return `<section id="suppressions"><h2>Suppressions to act on (${rows.length})</h2>
<div class="scroll"><table><thead><tr><th>State</th><th>Suppression</th><th>Reason</th><th>What to do</th></tr></thead><tbody>${body}</tbody></table></div></section>`;
}
