// HTML report size and load time in headless Chromium for a synthetic account with about
// 10,000 findings. Pass another build's reports/html.js to compare renderers on the same report.
//   npm run build && node dist/bench/html.js [--compare path/to/other/dist/reports/html.js]

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHECKS } from '../checks/index.js';
import { renderHtml } from '../reports/html.js';
import { evaluate } from '../src/engine/evaluate.js';
import type { Report } from '../src/model/findings.js';
import { synthetic } from './bench.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const compareIdx = process.argv.indexOf('--compare');
const compare = compareIdx > 0 ? process.argv[compareIdx + 1] : undefined;

const report = evaluate(synthetic(4.5), CHECKS);
const renderers: [string, (r: Report) => string][] = [['this build', renderHtml]];
if (compare)
  renderers.push([compare, ((await import(pathToFileURL(resolve(compare)).href)) as { renderHtml: (r: Report) => string }).renderHtml]);

const dir = mkdtempSync(join(tmpdir(), 'incloud-html-bench-'));
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
console.log(`${report.findings.length} findings`);
console.log('renderer'.padEnd(50), 'render_ms', ' size_mb', ' load_ms (median of 3)');
for (const [name, render] of renderers) {
  const t = performance.now();
  const html = render(report);
  const renderMs = performance.now() - t;
  const file = join(dir, `${renderers.findIndex(([n]) => n === name)}.html`);
  writeFileSync(file, html);
  const loads: number[] = [];
  for (let i = 0; i < 3; i++) {
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => /findings/.test(document.getElementById('count')?.textContent ?? ''));
    loads.push(performance.now() - started);
    await page.close();
  }
  loads.sort((a, b) => a - b);
  console.log(
    name.slice(-50).padEnd(50),
    renderMs.toFixed(0).padStart(9),
    (html.length / 2 ** 20).toFixed(1).padStart(8),
    loads[1]!.toFixed(0).padStart(9),
  );
}
await browser.close();
