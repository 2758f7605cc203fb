// The scan-history part of the HTML report: open findings by severity over the last scans, new
// against resolved per scan, each framework's compliance score (all inline SVG, no script, no
// CDN), mean time to remediate per duty, and the findings that stay open because the scan could
// not look at them again.

import { SEVERITIES, type Report, type Severity } from '../src/model/findings.js';
import type { TrendPoint } from '../src/model/scan-history.js';
import { escapeHtml as e } from './html-safe.js';

const COLOURS: Record<Severity, string> = {
  critical: '#8b0000',
  high: '#c2410c',
  medium: '#a16207',
  low: '#1d4ed8',
  info: '#475569',
};
const W = 640;
const H = 180;
const PAD = 28;

const day = (iso: string) => iso.slice(0, 10);

function openChart(trend: TrendPoint[]): string {
  const totals = trend.map((t) => SEVERITIES.reduce((n, s) => n + t.open[s], 0));
  const max = Math.max(1, ...totals);
  const slot = (W - PAD * 2) / trend.length;
  const bw = Math.max(2, Math.min(32, slot * 0.7));
  const bars = trend
    .map((t, i) => {
      let y = H - PAD;
      const x = PAD + i * slot + (slot - bw) / 2;
      return SEVERITIES.filter((s) => t.open[s])
        .map((s) => {
          const h = (t.open[s] / max) * (H - PAD * 2);
          y -= h;
          return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${COLOURS[s]}"><title>${e(day(t.collectedAt))}: ${t.open[s]} ${s}${t.complete ? '' : ' (incomplete scan)'}</title></rect>`;
        })
        .join('');
    })
    .join('');
  const labels = [0, trend.length - 1]
    .filter((i, k, a) => a.indexOf(i) === k)
    .map(
      (i) =>
        `<text x="${(PAD + i * slot + slot / 2).toFixed(1)}" y="${H - 8}" font-size="11" text-anchor="middle">${e(day(trend[i]!.collectedAt))}</text>`,
    )
    .join('');
  return `<svg class="trend" role="img" aria-label="Open findings by severity over the last ${trend.length} scans" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><text x="${PAD}" y="16" font-size="12">open findings by severity (max ${max})</text><line x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" stroke="#94a3b8"/>${bars}${labels}</svg>`;
}

function flowChart(trend: TrendPoint[]): string {
  const max = Math.max(1, ...trend.map((t) => Math.max(t.new + t.reopened, t.resolved)));
  const slot = (W - PAD * 2) / trend.length;
  const bw = Math.max(2, Math.min(14, slot * 0.35));
  const mid = H / 2;
  const scale = (n: number) => (n / max) * (mid - PAD);
  const bars = trend
    .map((t, i) => {
      const x = PAD + i * slot + slot / 2;
      const up = scale(t.new + t.reopened);
      const down = scale(t.resolved);
      return `<rect x="${(x - bw).toFixed(1)}" y="${(mid - up).toFixed(1)}" width="${bw.toFixed(1)}" height="${up.toFixed(1)}" fill="#c2410c"><title>${e(day(t.collectedAt))}: ${t.new} new, ${t.reopened} reopened</title></rect><rect x="${x.toFixed(1)}" y="${mid.toFixed(1)}" width="${bw.toFixed(1)}" height="${down.toFixed(1)}" fill="#15803d"><title>${e(day(t.collectedAt))}: ${t.resolved} resolved${t.unverified ? `, ${t.unverified} not re-assessed` : ''}</title></rect>`;
    })
    .join('');
  return `<svg class="trend" role="img" aria-label="New and resolved findings per scan" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><text x="${PAD}" y="16" font-size="12">new and reopened (up), resolved (down) per scan (max ${max})</text><line x1="${PAD}" y1="${mid}" x2="${W - PAD}" y2="${mid}" stroke="#94a3b8"/>${bars}</svg>`;
}

const LINE_COLOURS = ['#0f766e', '#7c3aed', '#be185d', '#0369a1', '#a16207'];

/** Each framework's score (0-100 %) over the scans that recorded one; nothing before any did. */
function scoreChart(trend: TrendPoint[]): string {
  const keys = [...new Set(trend.flatMap((t) => (t.compliance ?? []).map((c) => c.key)))];
  if (!keys.length) return '';
  const slot = (W - PAD * 2) / trend.length;
  const y = (score: number) => H - PAD - (score / 100) * (H - PAD * 2);
  const lines = keys
    .map((key, k) => {
      const colour = LINE_COLOURS[k % LINE_COLOURS.length]!;
      const points = trend.flatMap((t, i) => {
        const c = t.compliance?.find((x) => x.key === key);
        return c && c.score !== null ? [{ x: PAD + i * slot + slot / 2, y: y(c.score), t, c }] : [];
      });
      const path = points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      const dots = points
        .map(
          (p) =>
            `<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="3" fill="${colour}"><title>${e(day(p.t.collectedAt))}: ${e(key)} ${p.c.score}% (${p.c.pass} pass, ${p.c.fail} fail)</title></circle>`,
        )
        .join('');
      const legend = `<text x="${PAD + k * 110}" y="${H - 8}" font-size="11" fill="${colour}">${e(key)}</text>`;
      return `<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>${dots}${legend}`;
    })
    .join('');
  return `<svg class="trend" role="img" aria-label="Compliance score per framework over the last ${trend.length} scans" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><text x="${PAD}" y="16" font-size="12">compliance score per framework (0-100 %)</text><line x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" stroke="#94a3b8"/><line x1="${PAD}" y1="${PAD}" x2="${W - PAD}" y2="${PAD}" stroke="#e2e8f0"/>${lines}</svg>`;
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
  return `<section id="history"><h2>History</h2>
<p>Scan ${h.scanId} in the ${e(h.store)} store${h.previousCompleteScan ? `; "new" since the previous complete scan, ${e(h.previousCompleteScan)}` : h.previousScan ? `; no earlier complete scan: "new" since the previous scan, ${e(h.previousScan)}` : '; the first recorded scan'} · ${newCount} new, ${h.resolved.length} resolved, ${h.unverified.length} kept open without re-assessment · SLA (days: ${e(policy)}): ${h.sla.overdue} overdue, ${h.sla.dueSoon} due soon</p>
${openChart(h.trend)}
${flowChart(h.trend)}
${scoreChart(h.trend)}
<h3>Mean time to remediate by duty</h3>${mttr}${unverified}</section>`;
}
