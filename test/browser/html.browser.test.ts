// The HTML report in a real headless Chromium: it renders offline, stays inert with
// hostile values from AWS, and its filters work. Needs Debian's chromium (.ci/run installs it).

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { renderHtml } from '../../reports/html.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { readSnapshot, DEMO_SNAPSHOT } from '../../src/cli.js';
import { addInstance, addSg, emptySnapshot, world } from '../helpers/builder.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const run = hasChromium || process.env.CI === 'true';
if (!run) console.warn(`chromium not found at ${CHROMIUM}: browser tests SKIPPED (apt-get install chromium)`);

const PAYLOAD = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>bold</b>';

function hostileReport(extraGroups = 0): string {
  const s = emptySnapshot();
  addSg(s, 'sg-evil', [world(22)], { name: `evil ${PAYLOAD}`, description: PAYLOAD });
  addInstance(s, 'i-evil', ['sg-evil'], { tags: { Name: PAYLOAD } });
  for (let i = 0; i < extraGroups; i++) addSg(s, `sg-${i}`, [world(22), world(5432), world(8080)]);
  return renderHtml(evaluate(s, CHECKS));
}

describe.runIf(run)('HTML report in headless Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'incloud-html-'));
  const external: string[] = [];
  const problems: string[] = [];

  async function open(html: string, name: string): Promise<Page> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage();
    page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.route('**/*', (route) => {
      if (!route.request().url().startsWith('file://')) external.push(route.request().url());
      return route.request().url().startsWith('file://') ? route.continue() : route.abort();
    });
    await page.goto(`file://${file}`);
    await page.waitForSelector('#count');
    return page;
  }

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`CI=true requires chromium at ${CHROMIUM}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  });
  afterAll(async () => { await browser?.close(); });

  it('keeps hostile tag and description values inert', async () => {
    const page = await open(hostileReport(), 'hostile.html');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#findings b').count()).toBe(0); // no markup from data
    const text = await page.locator('#findings').innerText();
    expect(text).toContain('<img src=x onerror="window.__pwned=2">');
    const sg = page.locator('details.f', { hasText: 'SSH (22) open' }).first();
    await sg.click();
    expect(await sg.locator('.body pre').first().innerText()).toContain('</script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });

  it('renders the demo report with scorecard, filters, search and grouping', async () => {
    const report = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
    const page = await open(renderHtml(report), 'demo.html');
    const total = report.findings.length;
    expect(await page.locator('#count').innerText()).toBe(`${total} of ${total} findings`);
    expect(await page.locator('#scorecard tbody tr').count()).toBe(9);
    expect(await page.locator('#scorecard').innerText()).toMatch(/Guest OS[\s\S]*not assessed/);
    await page.selectOption('#f-sev', 'critical');
    const critical = report.findings.filter((f) => f.severity === 'critical').length;
    expect(await page.locator('#count').innerText()).toBe(`${critical} of ${total} findings`);
    expect(await page.locator('details.f .sev').allInnerTexts()).toEqual(new Array(critical).fill('critical'));
    await page.selectOption('#f-sev', '');
    await page.selectOption('#f-duty', 'recovery');
    const recovery = report.findings.filter((f) => f.duties.includes('recovery')).length;
    expect(await page.locator('#count').innerText()).toBe(`${recovery} of ${total} findings`);
    await page.selectOption('#f-duty', '');
    await page.fill('#f-q', 'acme-public-assets');
    await page.waitForFunction((n) => document.getElementById('count')!.textContent !== `${n} of ${n} findings`, total);
    const matching = report.findings.filter((f) => `${f.title} ${f.checkId} ${f.message} ${f.resource.arn} ${f.resource.name} ${f.fingerprint}`.toLowerCase().includes('acme-public-assets')).length;
    expect(await page.locator('#count').innerText()).toBe(`${matching} of ${total} findings`);
    await page.fill('#f-q', '');
    await page.selectOption('#f-group', 'check');
    await page.waitForSelector('.group');
    expect(await page.locator('.group').count()).toBe(new Set(report.findings.map((f) => f.checkId)).size);
    // Priority order: the first item is priority 1.
    await page.selectOption('#f-group', '');
    expect(await page.locator('details.f .prio').first().innerText()).toBe('#1');
    expect(problems).toEqual([]);
    expect(external).toEqual([]);
    await page.close();
  });

  it('pages through thousands of findings', async () => {
    const page = await open(hostileReport(1200), 'big.html');
    const count = await page.locator('#count').innerText();
    const total = Number(count.split(' ')[0]);
    expect(total).toBeGreaterThan(3000);
    expect(await page.locator('details.f').count()).toBe(300);
    await page.click('#more');
    expect(await page.locator('details.f').count()).toBe(600);
    expect(problems).toEqual([]);
    await page.close();
  });
});
