// A headless Chromium for the HTML report tests: pages open offline from files (any request
// off the file system is recorded and refused), dialogs, console errors and page errors are
// collected, and a failed check saves a screenshot. Needs Debian's chromium (.ci/run installs it).

import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
/** Whether the browser tests run here: with Chromium, and always under CI=true (where its absence fails). */
export const runBrowserTests = hasChromium || process.env.CI === 'true';
if (!runBrowserTests) console.warn(`chromium not found at ${CHROMIUM}: browser tests SKIPPED (apt-get install chromium)`);

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');

export interface BrowserSession {
  open(html: string, name: string, fragment?: string, viewport?: { width: number; height: number }): Promise<Page>;
  /** Runs a check on a page; on failure a screenshot is saved and its path added to the error. */
  shot(page: Page, name: string, check: () => Promise<void>): Promise<void>;
  /** Requests that left the file system. */
  external: string[];
  /** Dialogs, console errors and page errors. */
  problems: string[];
  close(): Promise<void>;
}

export async function startBrowser(): Promise<BrowserSession> {
  if (!hasChromium) throw new Error(`CI=true requires chromium at ${CHROMIUM}`);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const dir = mkdtempSync(join(tmpdir(), 'incloud-html-'));
  const external: string[] = [];
  const problems: string[] = [];
  return {
    external,
    problems,
    async open(html, name, fragment = '', viewport = { width: 1280, height: 800 }) {
      const file = join(dir, name);
      writeFileSync(file, html);
      const context = await browser.newContext({ viewport });
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const page = await context.newPage();
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      await page.route('**/*', (route) => {
        if (!route.request().url().startsWith('file://')) external.push(route.request().url());
        return route.request().url().startsWith('file://') ? route.continue() : route.abort();
      });
      await page.goto(`file://${file}${fragment}`);
      await page.waitForSelector('#count');
      return page;
    },
    async shot(page, name, check) {
      try {
        await check();
      } catch (err) {
        const file = join(SHOTS, `${name}.png`);
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: file, fullPage: true }).catch(() => {});
        (err as Error).message += `\nscreenshot: ${file}`;
        throw err;
      }
    },
    close: () => browser.close(),
  };
}
