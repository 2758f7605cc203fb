// Trend charts for the account and organization reports: open findings by severity, new and
// reopened against resolved, and compliance scores, per scan. Inline SVG only (no script, no
// CDN). Each chart is drawn twice, at the two widths a report is read at (desktop and phone),
// and CSS shows the one that fits, so text stays at its drawn size instead of shrinking to a
// few pixels. Legends are HTML; every bar and point carries its numbers as a tooltip, and the
// numbers the bars stand for are printed wherever there is room.

import { SEVERITIES, type Severity } from '../src/model/findings.js';
import { severityTotal } from '../src/model/severity.js';
import type { TrendPoint } from '../src/model/scan-history.js';
import { escapeHtml as e } from './html-safe.js';

/** What a chart needs of a scan (an account's scan, or an organization scan's total). */
export type ChartPoint = Pick<
  TrendPoint,
  'collectedAt' | 'complete' | 'open' | 'new' | 'resolved' | 'reopened' | 'unverified' | 'baseline' | 'compliance'
>;

export const CHART_STYLE = `
figure.chart{margin:8px 0 16px}figure.chart figcaption{font-weight:600;margin-bottom:4px}
svg.trend{background:#fff;border:1px solid var(--line);border-radius:6px;display:block;max-width:100%;height:auto}svg.trend.narrow{display:none}
ul.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px}ul.legend li{display:flex;align-items:center;gap:5px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px}.sw-critical{background:var(--crit)}.sw-high{background:var(--high)}.sw-medium{background:var(--med)}.sw-low{background:var(--low)}.sw-info{background:var(--info)}
.sw-new{background:#c2410c}.sw-reopened{background:#7c2d12}.sw-resolved{background:#15803d}.sw-baseline{background:#94a3b8;border-radius:6px}.sw-faded{background:#64748b;opacity:.4}
.sw-l0{background:#0f766e}.sw-l1{background:#7c3aed}.sw-l2{background:#be185d}.sw-l3{background:#0369a1}.sw-l4{background:#a16207}
@media (max-width:700px){svg.trend.wide{display:none}svg.trend.narrow{display:block;width:100%;height:auto}}
`;

const SEVERITY_FILL: Record<Severity, string> = {
  critical: '#8b0000',
  high: '#c2410c',
  medium: '#a16207',
  low: '#1d4ed8',
  info: '#475569',
};
const LINE_FILL = ['#0f766e', '#7c3aed', '#be185d', '#0369a1', '#a16207'];

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  font: number;
}
const WIDE: Frame = { width: 720, height: 220, left: 44, right: 16, top: 16, bottom: 40, font: 12 };
const NARROW: Frame = { width: 360, height: 200, left: 36, right: 8, top: 16, bottom: 40, font: 11 };

const plotWidth = (f: Frame) => f.width - f.left - f.right;
const plotHeight = (f: Frame) => f.height - f.top - f.bottom;

/** A scan's time as a label: "Dec 03 14:05" (UTC); scans of one day differ by their time. */
export function scanTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso.slice(0, 16);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${month} ${String(d.getUTCDate()).padStart(2, '0')} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** Which scans get an x label: first, last and evenly between, as many as fit without overlap. */
function labelled(count: number, f: Frame): number[] {
  const fit = Math.max(1, Math.floor(plotWidth(f) / (f.font * 7.5)));
  if (count <= fit) return [...Array(count).keys()];
  const step = (count - 1) / (fit - 1);
  return [...new Set([...Array(fit).keys()].map((k) => Math.round(k * step)))];
}

function axis(points: ChartPoint[], f: Frame, max: number, zeroY: number): string {
  const slot = plotWidth(f) / points.length;
  const x = (i: number) => f.left + i * slot + slot / 2;
  const labels = labelled(points.length, f)
    .map((i) => {
      const anchor = points.length === 1 ? 'middle' : i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle';
      const at = anchor === 'start' ? f.left : anchor === 'end' ? f.width - f.right : x(i);
      return `<line x1="${x(i).toFixed(1)}" y1="${f.height - f.bottom}" x2="${x(i).toFixed(1)}" y2="${f.height - f.bottom + 4}" stroke="#94a3b8"/><text x="${at.toFixed(1)}" y="${f.height - f.bottom + 8 + f.font}" font-size="${f.font}" text-anchor="${anchor}">${e(scanTime(points[i]!.collectedAt))}</text>`;
    })
    .join('');
  return `<line x1="${f.left}" y1="${zeroY}" x2="${f.width - f.right}" y2="${zeroY}" stroke="#94a3b8"/><line x1="${f.left}" y1="${f.top}" x2="${f.width - f.right}" y2="${f.top}" stroke="#e2e8f0"/><text x="${f.left - 4}" y="${f.top + f.font / 2}" font-size="${f.font}" text-anchor="end">${max}</text>${labels}`;
}

function svg(kind: 'wide' | 'narrow', f: Frame, label: string, body: string): string {
  return `<svg class="trend ${kind}" role="img" aria-label="${e(label)}" viewBox="0 0 ${f.width} ${f.height}" width="${f.width}" height="${f.height}">${body}</svg>`;
}

function figure(caption: string, legend: [string, string][], draw: (f: Frame) => string, label: string): string {
  const items = legend.map(([cls, text]) => `<li><span class="sw ${cls}"></span>${e(text)}</li>`).join('');
  return `<figure class="chart"><figcaption>${e(caption)}</figcaption>${svg('wide', WIDE, label, draw(WIDE))}${svg('narrow', NARROW, label, draw(NARROW))}<ul class="legend">${items}</ul></figure>`;
}

const totalOpen = (p: ChartPoint) => severityTotal(p.open);
const barHeight = (n: number, max: number, room: number) => (n ? Math.max(2, (n / max) * room) : 0);

/** Open findings after each scan, stacked by severity; an incomplete scan's bar is faded. */
export function openChart(points: ChartPoint[], what = 'scans'): string {
  const max = Math.max(1, ...points.map(totalOpen));
  const draw = (f: Frame) => {
    const slot = plotWidth(f) / points.length;
    const bw = Math.max(3, Math.min(36, slot * 0.7));
    const zero = f.height - f.bottom;
    const bars = points
      .map((p, i) => {
        let y = zero;
        const x = f.left + i * slot + (slot - bw) / 2;
        const fade = p.complete ? '' : ' opacity="0.4"';
        const stack = SEVERITIES.filter((s) => p.open[s])
          .map((s) => {
            const h = barHeight(p.open[s], max, plotHeight(f));
            y -= h;
            return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bw.toFixed(1)}" height="${h.toFixed(1)}" fill="${SEVERITY_FILL[s]}"${fade}><title>${e(scanTime(p.collectedAt))}: ${p.open[s]} ${s} open${p.complete ? '' : ' (incomplete scan)'}</title></rect>`;
          })
          .join('');
        const total =
          slot >= f.font * 2.6
            ? `<text x="${(x + bw / 2).toFixed(1)}" y="${(y - 3).toFixed(1)}" font-size="${f.font}" text-anchor="middle">${totalOpen(p)}</text>`
            : '';
        return stack + total;
      })
      .join('');
    return axis(points, f, max, zero) + bars;
  };
  return figure(
    `Open findings after each of the last ${points.length} ${what}`,
    [...SEVERITIES.map((s): [string, string] => [`sw-${s}`, s]), ['sw-faded', 'faded: incomplete scan']],
    draw,
    `Open findings by severity over the last ${points.length} ${what}`,
  );
}

/** Per scan: new and reopened findings up, resolved ones down; a baseline scan is a dot, not a bar. */
export function flowChart(points: ChartPoint[], what = 'scans'): string {
  const max = Math.max(1, ...points.map((p) => Math.max(p.new + p.reopened, p.resolved)));
  const draw = (f: Frame) => {
    const slot = plotWidth(f) / points.length;
    const bw = Math.max(3, Math.min(24, slot * 0.6));
    const mid = f.top + plotHeight(f) / 2;
    const room = plotHeight(f) / 2 - f.font - 2;
    const numbers = slot >= f.font * 2.2;
    const bars = points
      .map((p, i) => {
        const x = f.left + i * slot + (slot - bw) / 2;
        const cx = (x + bw / 2).toFixed(1);
        const when = e(scanTime(p.collectedAt));
        if (p.baseline)
          return `<circle cx="${cx}" cy="${mid}" r="5" fill="#94a3b8"><title>${when}: baseline scan (the first recorded): ${totalOpen(p)} open findings, none counted as new</title></circle>`;
        const hNew = barHeight(p.new, max, room);
        const hReopened = barHeight(p.reopened, max, room);
        const hResolved = barHeight(p.resolved, max, room);
        const up = `<rect x="${x.toFixed(1)}" y="${(mid - hNew).toFixed(1)}" width="${bw.toFixed(1)}" height="${hNew.toFixed(1)}" fill="#c2410c"><title>${when}: ${p.new} new</title></rect><rect x="${x.toFixed(1)}" y="${(mid - hNew - hReopened).toFixed(1)}" width="${bw.toFixed(1)}" height="${hReopened.toFixed(1)}" fill="#7c2d12"><title>${when}: ${p.reopened} reopened</title></rect>`;
        const down = `<rect x="${x.toFixed(1)}" y="${mid}" width="${bw.toFixed(1)}" height="${hResolved.toFixed(1)}" fill="#15803d"><title>${when}: ${p.resolved} resolved${p.unverified ? `, ${p.unverified} not re-assessed (kept open)` : ''}</title></rect>`;
        const upN =
          numbers && p.new + p.reopened
            ? `<text x="${cx}" y="${(mid - hNew - hReopened - 3).toFixed(1)}" font-size="${f.font}" text-anchor="middle">+${p.new + p.reopened}</text>`
            : '';
        const downN =
          numbers && p.resolved
            ? `<text x="${cx}" y="${(mid + hResolved + f.font).toFixed(1)}" font-size="${f.font}" text-anchor="middle">−${p.resolved}</text>`
            : '';
        return up + down + upN + downN;
      })
      .join('');
    return axis(points, f, max, mid) + bars;
  };
  return figure(
    `What changed at each of the last ${points.length} ${what}`,
    [
      ['sw-new', 'new (up)'],
      ['sw-reopened', 'reopened (up)'],
      ['sw-resolved', 'resolved (down)'],
      ['sw-baseline', 'baseline: first recorded scan'],
    ],
    draw,
    `New, reopened and resolved findings over the last ${points.length} ${what}`,
  );
}

/** Each framework's score (0-100 %) over the scans that recorded one; nothing before any did. */
export function scoreChart(points: ChartPoint[], what = 'scans'): string {
  const keys = [...new Set(points.flatMap((p) => (p.compliance ?? []).map((c) => c.key)))].slice(0, LINE_FILL.length);
  if (!keys.length) return '';
  const draw = (f: Frame) => {
    const slot = plotWidth(f) / points.length;
    const y = (score: number) => f.height - f.bottom - (score / 100) * plotHeight(f);
    const lines = keys
      .map((key, k) => {
        const colour = LINE_FILL[k]!;
        const marks = points.flatMap((p, i) => {
          const c = p.compliance?.find((x) => x.key === key);
          return c && c.score !== null ? [{ x: f.left + i * slot + slot / 2, y: y(c.score), p, c }] : [];
        });
        const path = marks.map((m) => `${m.x.toFixed(1)},${m.y.toFixed(1)}`).join(' ');
        const dots = marks
          .map(
            (m) =>
              `<circle cx="${m.x.toFixed(1)}" cy="${m.y.toFixed(1)}" r="3.5" fill="${colour}"><title>${e(scanTime(m.p.collectedAt))}: ${e(key)} ${m.c.score}% (${m.c.pass} pass, ${m.c.fail} fail)</title></circle>`,
          )
          .join('');
        return `<polyline points="${path}" fill="none" stroke="${colour}" stroke-width="2"/>${dots}`;
      })
      .join('');
    return axis(points, f, 100, f.height - f.bottom) + lines;
  };
  const latest = (key: string) => [...points].reverse().find((p) => p.compliance?.some((c) => c.key === key && c.score !== null));
  return figure(
    `Compliance score per framework (0-100 %) over the last ${points.length} ${what}`,
    keys.map((key, k): [string, string] => {
      const score = latest(key)?.compliance?.find((c) => c.key === key)?.score;
      return [`sw-l${k}`, `${key}${score === undefined ? '' : ` (now ${score}%)`}`];
    }),
    draw,
    `Compliance score per framework over the last ${points.length} ${what}`,
  );
}

/** The same numbers as the charts, as a table readable at any width. */
export function trendTable(points: (ChartPoint & { name?: string })[]): string {
  const keys = [...new Set(points.flatMap((p) => (p.compliance ?? []).map((c) => c.key)))];
  const rows = points
    .map(
      (p) =>
        `<tr><td>${e(scanTime(p.collectedAt))}${p.name ? `<div class="muted">${e(p.name)}</div>` : ''}</td><td>${p.complete ? 'complete' : 'incomplete'}</td><td>${SEVERITIES.map((s) => p.open[s]).join(' / ')}</td><td>${p.baseline ? 'baseline' : p.new}</td><td>${p.reopened}</td><td>${p.resolved}</td><td>${p.unverified}</td>${keys
          .map((k) => {
            const c = p.compliance?.find((x) => x.key === k);
            return `<td>${c && c.score !== null ? `${c.score}%` : '–'}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('');
  return `<details class="trend-table"><summary>The same as a table</summary><div class="scroll"><table><thead><tr><th>Scan (UTC)</th><th>Scan</th><th>Open (crit / high / med / low / info)</th><th>New</th><th>Reopened</th><th>Resolved</th><th>Not re-assessed</th>${keys.map((k) => `<th>${e(k)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></div></details>`;
}
