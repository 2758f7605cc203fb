// The scan history in a real headless Chromium, at a desktop and a phone width: charts whose
// text stays readable with legends and scan times, a baseline that sets neither "new" nor the
// scale, the changes since the previous scan by name, the new / overdue filters, and the
// organization's trend.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { renderHtml } from '../../reports/html.js';
import { renderOrgHtml } from '../../reports/org-html.js';
import { readSnapshot, DEMO_SNAPSHOT } from '../../src/cli.js';
import { withHistory } from '../../src/engine/history-annotation.js';
import { nextLifecycle } from '../../src/engine/lifecycle.js';
import { orgTrendOf } from '../../src/engine/org-trend.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Report } from '../../src/model/findings.js';
import type { TrendPoint } from '../../src/model/scan-history.js';
import { DEFAULT_SLA } from '../../src/model/sla.js';
import { OrgReportBuilder } from '../../src/org/report.js';
import { runBrowserTests, startBrowser, type BrowserSession } from '../helpers/browser.js';
import { errorsOf, validateOrgReport } from '../helpers/schemas.js';

const DAY = 86_400_000;
const WIDTHS = [
  [1440, 900],
  [390, 844],
] as const;

/** The sequence: a baseline of 122 open findings, then 12 new, then 1 resolved, all on one day. */
function points(accountId: string, at: string): TrendPoint[] {
  const open = (n: number) => ({ critical: 2, high: 10, medium: n - 22, low: 8, info: 2 });
  const when = (h: number) => new Date(Date.parse(at) - (3 - h) * 3_600_000).toISOString();
  const score = (s: number) => [
    { key: 'fsbp', score: s, pass: 10, fail: 30 },
    { key: 'cis-7.0', score: s - 5, pass: 6, fail: 21 },
  ];
  const base = { accountId, complete: true, reopened: 0, unverified: 0, suppressed: 0 };
  return [
    { ...base, scanId: 1, collectedAt: when(0), open: open(122), new: 0, baseline: true, resolved: 0, compliance: score(20) },
    { ...base, scanId: 2, collectedAt: when(1), open: open(134), new: 12, resolved: 0, compliance: score(18) },
    { ...base, scanId: 3, collectedAt: when(2), open: open(133), new: 0, resolved: 1, compliance: score(19) },
    { ...base, scanId: 4, collectedAt: at, open: open(130), new: 5, resolved: 8, reopened: 1, compliance: score(22) },
  ];
}

/** The demo account with history: 5 findings new since a scan 40 days ago (so some are overdue), one resolved. */
function demoWithHistory(): Report {
  const snapshot = readSnapshot(DEMO_SNAPSHOT);
  const earlier = evaluate(snapshot, CHECKS);
  const report = evaluate(snapshot, CHECKS);
  const at = report.scan.collectedAt;
  const before = new Date(Date.parse(at) - 40 * DAY).toISOString();
  earlier.scan.collectedAt = before;
  const gone = structuredClone(report.findings[7]!);
  gone.fingerprint = 'f'.repeat(64);
  gone.title = 'A finding fixed since';
  earlier.findings = [...earlier.findings.slice(5), gone];
  const first = nextLifecycle(new Map(), earlier);
  const second = nextLifecycle(new Map(first.rows.map((r) => [r.fingerprint, r])), report);
  return withHistory(
    report,
    {
      store: 'pglite',
      scanId: 4,
      rows: new Map(second.rows.map((r) => [r.fingerprint, r])),
      previousComplete: before,
      previous: before,
      trend: points(report.scan.accountId, at),
      mttr: [{ duty: 'network', days: 12.5, resolved: 4 }],
    },
    DEFAULT_SLA,
  );
}

/** Every visible chart text drawn at least `px` tall, and no chart wider than the page. */
async function chartReadability(page: Page): Promise<{ smallestText: number; widest: number; view: number; visible: number }> {
  return page.evaluate(() => {
    const svgs = [...document.querySelectorAll<SVGSVGElement>('svg.trend')].filter((s) => s.getBoundingClientRect().width > 0);
    const heights = svgs.flatMap((s) => [...s.querySelectorAll('text')].map((t) => t.getBoundingClientRect().height));
    return {
      smallestText: Math.min(...heights),
      widest: Math.max(...svgs.map((s) => s.getBoundingClientRect().right)),
      view: document.documentElement.clientWidth,
      visible: svgs.length,
    };
  });
}

describe.runIf(runBrowserTests)('scan history in headless Chromium', () => {
  let session: BrowserSession;
  beforeAll(async () => {
    session = await startBrowser();
  });
  afterAll(async () => {
    await session?.close();
  });

  it.each(WIDTHS)(
    'account history at %i px: readable charts with legends and scan times; the baseline sets neither "new" nor the scale',
    async (width, height) => {
      const report = demoWithHistory();
      const page = await session.open(renderHtml(report), `history-${width}.html`, '', { width, height });
      await session.shot(page, `history-${width}`, async () => {
        if (process.env.SHOT_DIR) await page.locator('#history').screenshot({ path: `${process.env.SHOT_DIR}/history-${width}.png` });
        const r = await chartReadability(page);
        expect(r.visible).toBe(3); // open, flow, score: one drawing of each for this width
        expect(r.smallestText).toBeGreaterThanOrEqual(11);
        expect(r.widest).toBeLessThanOrEqual(r.view);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        // Legends name every colour; x labels are scan times, distinct although the scans share a day.
        const legend = await page.locator('#history figure.chart ul.legend').first().innerText();
        for (const s of ['critical', 'high', 'medium', 'low', 'info', 'incomplete']) expect(legend).toContain(s);
        expect(await page.locator('#history figure.chart').nth(1).locator('ul.legend').innerText()).toMatch(
          /new[\s\S]*reopened[\s\S]*resolved[\s\S]*baseline/,
        );
        expect(await page.locator('#history figure.chart').nth(2).locator('ul.legend').innerText()).toContain('fsbp (now 22%)');
        const times = await page.evaluate(() =>
          [...document.querySelectorAll<SVGTextElement>('#history figure.chart:first-of-type svg.trend text')]
            .filter((t) => t.getBoundingClientRect().width > 0)
            .map((t) => t.textContent ?? '')
            .filter((t) => /^[A-Z][a-z]{2} \d\d \d\d:\d\d$/.test(t)),
        );
        expect(times.length).toBeGreaterThanOrEqual(2);
        expect(new Set(times).size).toBe(times.length);
        // The flow chart: the baseline is a dot, not 122 "new"; the 12-new bar is the tallest, and
        // the single resolved finding still shows as a bar with its number.
        const flow = await page.evaluate(() => {
          const svg = [...document.querySelectorAll<SVGSVGElement>('#history figure.chart:nth-of-type(2) svg.trend')].find(
            (s) => s.getBoundingClientRect().width > 0,
          )!;
          const bar = (title: RegExp) =>
            [...svg.querySelectorAll('rect')].find((r) => title.test(r.querySelector('title')?.textContent ?? ''))?.getBoundingClientRect()
              .height ?? -1;
          return {
            baseline: svg.querySelectorAll('circle').length,
            twelve: bar(/: 12 new$/),
            one: bar(/: 1 resolved$/),
            numbers: [...svg.querySelectorAll('text')].map((t) => t.textContent),
          };
        });
        expect(flow.baseline).toBe(1);
        expect(flow.twelve).toBeGreaterThan(40);
        expect(flow.one).toBeGreaterThanOrEqual(2);
        expect(flow.numbers).toEqual(expect.arrayContaining(['+12', '−1', '+6', '−8']));
      });
      expect(session.problems).toEqual([]);
      expect(session.external).toEqual([]);
      await page.close();
    },
  );

  it('names the changes since the previous scan, and the new / overdue filters narrow the list (URL state, hashchange)', async () => {
    const report = demoWithHistory();
    const fresh = report.findings.filter((f) => f.history?.new && !f.history.reopened);
    const overdue = report.findings.filter((f) => f.history?.sla.state === 'overdue');
    expect(fresh).toHaveLength(5);
    expect(overdue.length).toBeGreaterThan(0);
    expect(report.history!.resolved.map((r) => r.title)).toEqual(['A finding fixed since']);
    const page = await session.open(renderHtml(report), 'history-changes.html');
    await session.shot(page, 'history-changes', async () => {
      const changes = page.locator('#changes');
      expect(await changes.locator('h3', { hasText: 'New (5)' }).count()).toBe(1);
      for (const f of fresh) expect(await changes.locator(`a[href="#fp=${f.fingerprint}"]`).count()).toBe(1);
      expect(await changes.innerText()).toContain('Resolved: gone, and this scan looked (1)');
      expect(await changes.innerText()).toContain('A finding fixed since');
      await changes.locator(`a[href="#fp=${fresh[0]!.fingerprint}"]`).click();
      await page.waitForFunction(() => /^1 finding/.test(document.getElementById('count')!.textContent ?? ''));
      expect(await page.locator('details.f[open]').getAttribute('data-fp')).toBe(fresh[0]!.fingerprint);
      // The summary's counts are filters.
      await page.locator('#history a[href="#state=new"]').first().click();
      await page.waitForFunction((n) => (document.getElementById('count')!.textContent ?? '').startsWith(`${n} of`), fresh.length);
      expect(await page.locator('#f-state').inputValue()).toBe('new');
      await page.evaluate(() => {
        location.hash = 'state=overdue';
      });
      await page.waitForFunction((n) => (document.getElementById('count')!.textContent ?? '').startsWith(`${n} of`), overdue.length);
      expect(await page.locator('details.f .tag.sla-overdue').count()).toBe(overdue.length);
      await page.selectOption('#f-state', 'changed');
      expect(page.url()).toContain('#state=changed');
    });
    expect(session.problems).toEqual([]);
    await page.close();
  });

  it('the first recorded scan says it is the baseline, and a report without history shows no state filter', async () => {
    const plain = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
    const first = nextLifecycle(new Map(), plain);
    const baseline = withHistory(
      plain,
      {
        store: 'pglite',
        scanId: 1,
        rows: new Map(first.rows.map((r) => [r.fingerprint, r])),
        trend: points(plain.scan.accountId, plain.scan.collectedAt).slice(0, 1),
        mttr: [],
      },
      DEFAULT_SLA,
    );
    const page = await session.open(renderHtml(baseline), 'history-baseline.html');
    expect(await page.locator('#changes').innerText()).toContain(`its ${plain.findings.length} open findings are the baseline, not new`);
    expect(await page.locator('details.f .tag', { hasText: /^new$/ }).count()).toBe(0);
    await page.close();
    const none = await session.open(renderHtml(plain), 'no-history.html');
    expect(await none.locator('#f-state').isVisible()).toBe(false);
    await none.close();
  });

  it.each(WIDTHS)('organization trend at %i px: totals per organization scan and each account across them', async (width, height) => {
    const builder = new OrgReportBuilder({
      scanId: 'org-4',
      organization: { id: 'o-trend', source: 'organizations' },
      runner: { mode: 'in-process' },
    });
    const report = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
    const ids = ['111111111111', '222222222222', '333333333333'];
    for (const id of ids)
      builder.add({
        target: { accountId: id, name: `team-${id[0]}`, ouPath: [{ id: 'ou-1', name: 'Prod' }] },
        status: 'assessed',
        report,
        durationMs: 1,
      });
    const scans = ids.flatMap((id, k) =>
      points(id, report.scan.collectedAt).map((p, i) => ({
        ...p,
        orgScanId: `org-${i + 1}`,
        accountName: `team-${id[0]}`,
        resolved: p.resolved + k,
      })),
    );
    scans.sort((a, b) => a.orgScanId.localeCompare(b.orgScanId));
    const org = { ...builder.build(), trend: orgTrendOf(scans) };
    expect(validateOrgReport(org), errorsOf(validateOrgReport)).toBe(true);
    expect(org.trend.map((t) => t.new)).toEqual([0, 36, 0, 15]);
    const page = await session.open(renderOrgHtml(org), `org-trend-${width}.html`, '', { width, height });
    await session.shot(page, `org-trend-${width}`, async () => {
      if (process.env.SHOT_DIR) await page.locator('#trend').screenshot({ path: `${process.env.SHOT_DIR}/org-trend-${width}.png` });
      const r = await chartReadability(page);
      expect(r.visible).toBe(2);
      expect(r.smallestText).toBeGreaterThanOrEqual(11);
      expect(r.widest).toBeLessThanOrEqual(r.view);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const trend = page.locator('#trend');
      expect(await trend.innerText()).toContain('The latest: 15 new, 3 reopened');
      expect(await trend.locator('tr[data-account]').count()).toBe(3);
      expect(await trend.locator('tr[data-account="333333333333"]').innerText()).toMatch(/team-3[\s\S]*130[\s\S]*\+6 \/ −10/);
      // The account filter narrows the per-account rows too.
      await page.selectOption('#f-account', '222222222222');
      expect(await trend.locator('tr[data-account]:visible').count()).toBe(1);
    });
    expect(session.problems).toEqual([]);
    await page.close();
  });
});
