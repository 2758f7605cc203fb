// The HTML report in a real headless Chromium: it renders offline, stays inert with
// hostile values from AWS, and its filters work (see test/helpers/browser.ts).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { renderHtml } from '../../reports/html.js';
import { ORG_TOP_FINDINGS, renderOrgHtml, renderOrgHtmlChunks } from '../../reports/org-html.js';
import { DEFAULT_CONFIG } from '../../src/model/check-config.js';
import { assessAccount } from '../../src/pipeline/assess-account.js';
import { errorsOf, validateOrgReport } from '../helpers/schemas.js';
import type { OrgReport } from '../../src/model/org-report.js';
import { OrgReportBuilder } from '../../src/org/report.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { readSnapshot, DEMO_SNAPSHOT } from '../../src/cli.js';
import { addInstance, addRole, addSg, emptySnapshot, world } from '../helpers/builder.js';
import { HOSTILE_NAMES } from '../helpers/hostile.js';
import { runBrowserTests, startBrowser, type BrowserSession } from '../helpers/browser.js';

const PAYLOAD = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><b>bold</b>';

function hostileReport(extraGroups = 0): string {
  const s = emptySnapshot();
  addSg(s, 'sg-evil', [world(22)], { name: `evil ${PAYLOAD}`, description: PAYLOAD });
  addInstance(s, 'i-evil', ['sg-evil'], { tags: { Name: PAYLOAD } });
  for (let i = 0; i < extraGroups; i++) addSg(s, `sg-${i}`, [world(22), world(5432), world(8080)]);
  return renderHtml(evaluate(s, CHECKS));
}

describe.runIf(runBrowserTests)('HTML report in headless Chromium', () => {
  let session: BrowserSession;
  const open: BrowserSession['open'] = (...args) => session.open(...args);
  const shot: BrowserSession['shot'] = (...args) => session.shot(...args);

  beforeAll(async () => {
    session = await startBrowser();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('keeps hostile tag and description values inert', async () => {
    const page = await open(hostileReport(), 'hostile.html');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#findings b').count()).toBe(0); // no markup from data
    const text = await page.locator('#findings').innerText();
    expect(text).toContain('<img src=x onerror="window.__pwned=2">');
    const sg = page.locator('details.f', { hasText: 'SSH (22) open' }).first();
    await sg.click();
    expect(await sg.locator('.body pre').last().innerText()).toContain('</script>'); // the evidence
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(session.problems).toEqual([]);
    expect(session.external).toEqual([]);
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
    const matching = report.findings.filter((f) =>
      `${f.title} ${f.checkId} ${f.message} ${f.resource.arn} ${f.resource.name} ${f.fingerprint}`
        .toLowerCase()
        .includes('acme-public-assets'),
    ).length;
    expect(await page.locator('#count').innerText()).toBe(`${matching} of ${total} findings`);
    await page.fill('#f-q', '');
    await page.selectOption('#f-group', 'check');
    await page.waitForSelector('details.grp');
    expect(await page.locator('details.grp').count()).toBe(new Set(report.findings.map((f) => f.checkId)).size);
    // Groups keep priority: the first group holds finding #1 and says how many it has.
    expect(await page.locator('details.grp').first().locator('details.f .prio').first().innerText()).toBe('#1');
    expect(await page.locator('details.grp > summary').first().innerText()).toMatch(/\d+ finding\(s\), best rank #1/);
    // Priority order: the first item is priority 1.
    await page.selectOption('#f-group', '');
    expect(await page.locator('details.f .prio').first().innerText()).toBe('#1');
    expect(session.problems).toEqual([]);
    expect(session.external).toEqual([]);
    await page.close();
  });

  it('answers "what first" on the first screen, above the duty scorecard', async () => {
    const report = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
    const page = await open(renderHtml(report), 'first.html');
    await shot(page, 'fix-first', async () => {
      const items = page.locator('#fix-first li');
      expect(await items.count()).toBe(5);
      const box = await page.locator('#fix-first').boundingBox();
      const card = await page.locator('#scorecard').boundingBox();
      expect(box!.y + 120).toBeLessThan(800); // starts within the first screen
      expect(box!.y).toBeLessThan(card!.y);
      expect(await items.first().innerText()).toMatch(new RegExp(`${report.findings[0]!.severity}[\\s\\S]*Why first: [\\s\\S]*Fix: `));
      // Its link opens that very finding in the list.
      await items.first().locator('a').click();
      await page.waitForFunction(() => /1 finding/.test(document.getElementById('count')!.textContent ?? ''));
      expect(await page.locator('details.f[open] .body').count()).toBe(1);
    });
    await page.close();
  });

  it('a click on a duty or a severity filters the list, and the URL fragment keeps the view', async () => {
    const report = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
    const html = renderHtml(report);
    const page = await open(html, 'duty.html');
    const total = report.findings.length;
    await shot(page, 'duty-filter', async () => {
      // The duties are graded, not all "failing": a score with its band, and the whole row is a filter.
      const bands = await page.locator('#scorecard td.band').allInnerTexts();
      expect(new Set(bands.map((b) => b.split(' ')[1])).size).toBeGreaterThan(1);
      expect(bands.every((b) => /^\d+% /.test(b))).toBe(true);
      await page.click('#scorecard tr[data-duty="recovery"] td.band');
      const recovery = report.findings.filter((f) => f.duties.includes('recovery')).length;
      const shows = (n: number) =>
        page.waitForFunction((a) => document.getElementById('count')!.textContent === `${a.n} of ${a.total} findings`, { n, total });
      await shows(recovery);
      expect(await page.locator('#f-duty').inputValue()).toBe('recovery');
      // A severity card shows that severity exactly: "high 7" opens 7 findings, not high and above.
      await page.click('#summary a[href="#sev=only-high"]');
      const high = report.findings.filter((f) => f.severity === 'high').length;
      expect(await page.locator('#summary a[href="#sev=only-high"] b').innerText()).toBe(String(high));
      await shows(high);
      await page.selectOption('#f-group', 'check');
      expect(page.url()).toMatch(/#sev=only-high&group=check$/);
    });
    // A shared link restores the same view.
    const again = await open(html, 'duty.html', '#sev=high&group=check&duty=network');
    await shot(again, 'fragment-restore', async () => {
      expect(await again.locator('#f-sev').inputValue()).toBe('high');
      expect(await again.locator('#f-group').inputValue()).toBe('check');
      const n = report.findings.filter((f) => ['critical', 'high'].includes(f.severity) && f.duties.includes('network')).length;
      expect(await again.locator('#count').innerText()).toBe(`${n} of ${total} findings`);
      expect(await again.locator('details.grp').count()).toBeGreaterThan(0);
    });
    await page.close();
    await again.close();
  });

  it("fills the fix with the finding's own ids, copies it, links the AWS docs and explains a severity change", async () => {
    const report = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
    const ssh = report.findings.find((f) => f.checkId === 'ec2.sg-ssh-open-internet')!;
    const page = await open(renderHtml(report), 'fix.html', `#fp=${ssh.fingerprint}`);
    await shot(page, 'remediation', async () => {
      const body = page.locator('details.f[open] .body');
      const cli = await body.locator('pre').first().innerText();
      expect(cli).toContain(`--group-id ${String(ssh.evidence.groupId)}`);
      expect(cli).not.toContain('<sg-id>');
      await body.locator('button.copy').first().click();
      await page.waitForFunction(() => document.querySelector('button.copy')!.textContent === 'Copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(cli);
      expect(await body.locator('a.docs').getAttribute('href')).toBe(
        'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
      );
      if (ssh.baseSeverity)
        expect(await body.innerText()).toMatch(new RegExp(`Severity raised from ${ssh.baseSeverity} to ${ssh.severity} by context: .+`));
    });
    await page.close();
    // The top attack chain: its ENI is filled in, what is left is named with what to choose, and its parts are links.
    const chain = report.findings[0]!;
    const top = await open(renderHtml(report), 'chain-fix.html', `#fp=${chain.fingerprint}`);
    const body = top.locator('details.f[open] .body');
    const cli = await body.locator('pre').first().innerText();
    expect(cli).toMatch(/--network-interface-id eni-[0-9a-f]+ /);
    expect(await body.locator('ul.choose').innerText()).toMatch(/<restricted-sg-id> choose: a security group/);
    const parts = chain.evidence.linkedFindings as { fingerprint: string }[];
    expect(await body.locator('p.linked a').count()).toBe(parts.length);
    await body.locator('p.linked a').first().click();
    await top.waitForFunction((fp) => document.querySelector(`details.f[open][data-fp="${fp}"]`) !== null, parts[0]!.fingerprint);
    await top.close();
  });

  it.each([
    [1440, 900],
    [390, 844],
  ])('at %i px the filter bar stays on screen while the list scrolls', async (width, height) => {
    const report = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
    const page = await open(renderHtml(report), `sticky-${width}.html`, '', { width, height });
    const listTop = await page.evaluate(() => document.getElementById('list')!.getBoundingClientRect().top + window.scrollY);
    for (const extra of [1500, 3000]) {
      await page.evaluate((y) => window.scrollTo(0, y), listTop + extra);
      const box = await page.locator('.controls').boundingBox();
      expect(box!.y, `after ${extra} px into the list`).toBeGreaterThanOrEqual(-1);
      expect(box!.y).toBeLessThan(5);
    }
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.doc).toBeLessThanOrEqual(widths.view);
    await page.close();
  });

  it('search finds what a user types: a CIDR, a policy name, a control id, an evidence value', async () => {
    const report = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
    const page = await open(renderHtml(report), 'search.html');
    const count = async (q: string) => {
      await page.fill('#f-q', q);
      await page.waitForFunction((v) => location.hash.includes(`q=${encodeURIComponent(v).replace(/%20/g, '+')}`), q);
      return Number((await page.locator('#count').innerText()).split(' ')[0]);
    };
    const withEvidence = (text: string) => report.findings.filter((f) => JSON.stringify(f.evidence).toLowerCase().includes(text)).length;
    expect(await count('0.0.0.0/0')).toBeGreaterThanOrEqual(withEvidence('0.0.0.0/0'));
    expect(withEvidence('0.0.0.0/0')).toBeGreaterThan(0);
    const policy = report.findings.find((f) => f.resource.type === 'AWS::IAM::ManagedPolicy')!;
    expect(await count(policy.resource.name.toLowerCase())).toBeGreaterThan(0);
    expect(await count('fsbp ec2.19')).toBeGreaterThan(0);
    expect(await count('no-such-thing-anywhere')).toBe(0);
    await page.close();
  });

  it('works at 390 px wide without horizontal scrolling', async () => {
    const report = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
    const page = await open(renderHtml(report), 'narrow.html', '', { width: 390, height: 844 });
    await shot(page, 'narrow', async () => {
      await page.locator('details.f').first().click();
      await page.selectOption('#f-group', 'resource');
      const widths = await page.evaluate(() => ({
        doc: document.documentElement.scrollWidth,
        body: document.body.scrollWidth,
        view: window.innerWidth,
      }));
      expect(widths.doc).toBeLessThanOrEqual(widths.view);
      expect(widths.body).toBeLessThanOrEqual(widths.view);
      const controls = await page.locator('.controls').boundingBox();
      expect(controls!.height).toBeLessThan(400); // compact sticky filters
      expect((await page.locator('header').innerText()).length).toBeLessThan(300); // regions folded into a count
    });
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
    expect(session.problems).toEqual([]);
    await page.close();
  });

  it('keeps hostile account, OU, role and resource names inert in the organization report', async () => {
    const builder = new OrgReportBuilder({
      scanId: 's-hostile',
      organization: { id: 'o-1', source: 'organizations' },
      runner: { mode: 'in-process' },
    });
    const root = { id: 'r-ab12', name: `Root ${PAYLOAD}` };
    const ou = { id: 'ou-ab12-22222222', name: `Team ${PAYLOAD} ${HOSTILE_NAMES.bidi}` };
    const s = emptySnapshot();
    addSg(s, 'sg-evil', [world(22)], { name: `evil ${PAYLOAD}`, description: PAYLOAD });
    addInstance(s, 'i-evil', ['sg-evil'], { tags: { Name: `${PAYLOAD} ${HOSTILE_NAMES.mention}` } });
    addRole(s, `role${HOSTILE_NAMES.markdown.replace(/[^\w+=,.@-]/g, '')}`, {});
    builder.add(
      {
        target: { accountId: '444444444444', name: `acct ${PAYLOAD}`, ouPath: [root, ou] },
        status: 'assessed',
        report: evaluate(s, CHECKS),
        durationMs: 1,
      },
      'accounts/444444444444/report.html',
    );
    builder.add({
      target: { accountId: '555555555555', name: `gone ${PAYLOAD}`, ouPath: [root] },
      status: 'not-assessed',
      reason: `cannot assume arn:aws:iam::555555555555:role/${PAYLOAD} (AccessDenied: ${PAYLOAD})`,
      durationMs: 1,
    });
    const page = await open([...renderOrgHtmlChunks(builder.build())].join(''), 'org-hostile.html');
    await shot(page, 'org-hostile', async () => {
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0); // the payload's <b> stays text
      const text = await page.locator('body').innerText();
      expect(text).toContain('<img src=x onerror="window.__pwned=2">');
      expect(text).toContain('acct </script>');
      await page.selectOption('#f-ou', ou.id);
      await page.selectOption('#f-account', '444444444444');
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    });
    expect(session.problems).toEqual([]);
    expect(session.external).toEqual([]);
    await page.close();
  });

  it('the organization report filters accounts and findings by account and OU, and keeps the filter in the URL', async () => {
    const builder = new OrgReportBuilder({
      scanId: 's1',
      organization: { id: 'o-1', source: 'organizations' },
      runner: { mode: 'in-process' },
    });
    const root = { id: 'r-ab12', name: 'Root' };
    const prod = { id: 'ou-ab12-11111111', name: 'Prod' };
    for (const [id, name, ou] of [
      ['111111111111', 'payments', [root, prod]],
      ['222222222222', `dev ${PAYLOAD}`, [root]],
    ] as const) {
      const r = evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS);
      builder.add(
        { target: { accountId: id, name, ouPath: [...ou] }, status: 'assessed', report: r, durationMs: 1 },
        `accounts/${id}/report.html`,
      );
    }
    builder.add({
      target: { accountId: '333333333333', name: 'legacy', ouPath: [root] },
      status: 'not-assessed',
      reason: 'cannot assume',
      durationMs: 1,
    });
    const page = await open([...renderOrgHtmlChunks(builder.build())].join(''), 'org.html');
    await shot(page, 'org', async () => {
      const visible = async (sel: string) => page.locator(`${sel}:not(.hidden)`).count();
      const all = await visible('#top tbody tr');
      expect(await visible('#accounts tbody tr')).toBe(3);
      await page.selectOption('#f-ou', prod.id);
      expect(await visible('#accounts tbody tr')).toBe(1);
      expect(await visible('#top tbody tr')).toBeLessThan(all);
      expect(page.url()).toContain(`#ou=${prod.id}`);
      await page.selectOption('#f-ou', '');
      await page.selectOption('#f-account', '222222222222');
      expect(await page.locator('#top tbody tr:not(.hidden)').first().innerText()).toContain('222222222222');
      await page.reload();
      expect(await page.locator('#f-account').inputValue()).toBe('222222222222');
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    });
    expect(session.problems).toEqual([]);
    expect(session.external).toEqual([]);
    await page.close();
  });

  /** An 8-account organization like the one the issue was tried on: demo accounts, one not assessed with a long AccessDenied. */
  function eightAccountOrg(): OrgReport {
    const builder = new OrgReportBuilder({
      scanId: 's8',
      organization: { id: 'o-8', source: 'organizations' },
      runner: { mode: 'in-process' },
    });
    const root = { id: 'r-ab12', name: 'Root' };
    for (let i = 1; i <= 7; i++) {
      const id = String(i).repeat(12);
      builder.add(
        {
          target: { accountId: id, name: `acct-${i}`, ouPath: [root] },
          status: 'assessed',
          report: evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS),
          durationMs: 1,
        },
        `accounts/${id}/report.html`,
      );
    }
    const denied = `AccessDenied: User: arn:aws:sts::999999999999:assumed-role/incloud/s is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::888888888888:role/OrganizationAccountAccessRole ${'because no identity-based policy allows it; '.repeat(12)}`;
    builder.add({
      target: { accountId: '888888888888', name: 'locked', ouPath: [root] },
      status: 'not-assessed',
      reason: denied,
      durationMs: 1,
    });
    return builder.build();
  }

  it.each([
    [1440, 900],
    [390, 844],
  ])('at %i px the organization page opens on a fix-first list; long errors fold to one line', async (width, height) => {
    const org = eightAccountOrg();
    const page = await open(renderOrgHtml(org), `org-first-${width}.html`, '', { width, height });
    const first = await page.locator('#fix-first li.ff').first().boundingBox();
    expect(first!.y + first!.height, 'the first fix is on the first screen').toBeLessThan(900);
    const text = await page.locator('#fix-first li.ff').first().innerText();
    expect(text).toMatch(/why here: .+/);
    expect(text).toMatch(/fix: .+/);
    expect(text).toMatch(/and \d+ more in [1-7] account\(s\)/);
    const locked = await page.locator('#accounts tr[data-account="888888888888"]').boundingBox();
    expect(locked!.height, 'the AccessDenied row stays one line').toBeLessThan(80);
    await page.locator('#accounts tr[data-account="888888888888"] details.why summary').click();
    expect(await page.locator('#accounts tr[data-account="888888888888"] details.why').innerText()).toContain(
      'no identity-based policy allows it',
    );
    await page.close();
  });

  it('organization page: cards and heat-map cells filter (URL state, hashchange), search and severity narrow, findings link into account reports and back', async () => {
    const org = eightAccountOrg();
    const page = await open(renderOrgHtml(org), 'org-filters.html');
    const visible = () => page.locator('#top tbody tr:not(.hidden)').count();
    const listed = org.findings.slice(0, ORG_TOP_FINDINGS);
    const high = listed.filter((f) => f.severity === 'high').length;
    await page.click('#summary a[href="#sev=only-high"]');
    await page.waitForFunction(
      (n) =>
        document.getElementById('count')!.textContent === `${n} of ${document.querySelectorAll('#top tbody tr').length} listed findings`,
      high,
    );
    expect(await page.locator('#f-sev').inputValue()).toBe('only-high');
    // A heat-map cell: that account's findings of that duty.
    await page.click('#accounts tr[data-account="222222222222"] td.cell a[href*="duty=network"]');
    // The fragment changes before its hashchange event runs: wait for the filters to take it.
    await page.waitForFunction(
      () =>
        location.hash === '#account=222222222222&duty=network' &&
        (document.getElementById('f-duty') as HTMLSelectElement).value === 'network',
    );
    const network = listed.filter((f) => f.accountId === '222222222222' && f.duties.includes('network')).length;
    expect(await visible()).toBe(network);
    expect(await page.locator('#f-duty').inputValue()).toBe('network');
    await page.fill('#f-q', 'acme-logs');
    await page.waitForFunction(() => location.hash.includes('q=acme-logs'));
    expect(await visible()).toBe(0);
    await page.selectOption('#f-duty', '');
    expect(await visible()).toBeGreaterThan(0);
    // Each finding links to its place in its account's report, and that page links back.
    const link = page.locator('#top tbody tr:not(.hidden) td a').first();
    expect(await link.getAttribute('href')).toMatch(/^accounts\/222222222222\/report\.html#fp=[0-9a-f]{32}$/);
    const member = {
      ...evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS),
      organizationMember: { accountName: 'acct-2', ouPath: ['Root'], reportHref: '../../org-report.html' },
    };
    const account = await open(renderHtml(member), 'member.html');
    expect(await account.locator('#org-back').getAttribute('href')).toBe('../../org-report.html');
    expect(await account.locator('header').innerText()).toContain('account acct-2 · OU Root');
    await page.close();
    await account.close();
  });

  it('the Compliance view: scores per framework and section, control search by id, expand, and the state in the URL', async () => {
    const { report } = await assessAccount(readSnapshot(DEMO_SNAPSHOT), { config: DEFAULT_CONFIG, suppressions: [] });
    const html = renderHtml(report);
    const page = await open(html, 'compliance.html');
    const visible = () => page.locator('#compliance .ctl:not(.hidden)');
    await shot(page, 'compliance', async () => {
      expect(await page.locator('#compliance .fw h3').allInnerTexts()).toEqual(
        report.compliance!.map((f) => `${f.title} ${f.version}: score ${f.summary.score}%`),
      );
      const all = report.compliance!.reduce((n, f) => n + f.controls.length, 0);
      expect(await page.locator('#c-count').innerText()).toBe(`${all} control(s)`);
      await page.fill('#c-q', 'EC2.19');
      await page.waitForFunction(() => document.getElementById('c-count')!.textContent === '1 control(s)');
      await visible().locator('summary').click();
      expect(await visible().locator('.body').innerText()).toMatch(
        /4 findings fail it[\s\S]*ssh-world[\s\S]*Fix: Remove the Internet-wide source/,
      );
      expect(page.url()).toMatch(/#cq=EC2.19&ctl=fsbp%3AEC2.19$/);
      await page.fill('#c-q', '');
      await page.selectOption('#c-fw', 'cis-7.0');
      await page.selectOption('#c-status', 'pass');
      const passing = report.compliance!.find((f) => f.key === 'cis-7.0')!.summary.pass;
      await page.waitForFunction((n) => document.getElementById('c-count')!.textContent === `${n} control(s)`, passing);
      // The findings search finds a check by the controls it decides.
      await page.fill('#f-q', 'FSBP EC2.19');
      await page.waitForFunction(() => /^4 of /.test(document.getElementById('count')!.textContent ?? ''));
      expect(page.url()).toContain('cfw=cis-7.0');
    });
    // A shared link opens the same control.
    const again = await open(html, 'compliance.html', '#cfw=cis-7.0&ctl=cis-7.0%3A2.14');
    await shot(again, 'compliance-restore', async () => {
      const open = again.locator('#compliance details.ctl[open]');
      expect(await open.count()).toBe(1);
      expect(await open.locator('.cid').innerText()).toBe('2.14');
      expect(await again.locator('#compliance .fw:not(.hidden)').count()).toBe(1);
    });
    expect(session.problems).toEqual([]);
    expect(session.external).toEqual([]);
    await page.close();
    await again.close();
  });

  it('the organization roll-up: accounts x frameworks, each score linked to the account, failing controls with their accounts', async () => {
    const builder = new OrgReportBuilder({
      scanId: 's-c',
      organization: { id: 'o-1', source: 'organizations' },
      runner: { mode: 'in-process' },
    });
    const root = { id: 'r-ab12', name: 'Root' };
    const demo = (await assessAccount(readSnapshot(DEMO_SNAPSHOT), { config: DEFAULT_CONFIG, suppressions: [] })).report;
    const clean = (await assessAccount(emptySnapshot(), { config: DEFAULT_CONFIG, suppressions: [] })).report;
    builder.add(
      { target: { accountId: '222222222222', name: 'demo', ouPath: [root] }, status: 'assessed', report: demo, durationMs: 1 },
      'accounts/222222222222/report.html',
    );
    builder.add(
      { target: { accountId: '333333333333', name: 'clean', ouPath: [root] }, status: 'assessed', report: clean, durationMs: 1 },
      'accounts/333333333333/report.html',
    );
    const org = builder.build();
    expect(validateOrgReport(org), errorsOf(validateOrgReport)).toBe(true);
    const page = await open(renderOrgHtml(org), 'org-compliance.html');
    await shot(page, 'org-compliance', async () => {
      const rows = page.locator('#compliance tbody tr');
      expect(await rows.count()).toBe(2);
      const demoScore = demo.compliance!.find((f) => f.key === 'fsbp')!.summary.score;
      expect(await rows.first().locator('a').first().getAttribute('href')).toBe('accounts/222222222222/report.html#cfw=fsbp&cst=fail');
      expect(await rows.first().locator('a').first().innerText()).toBe(`${demoScore}%`);
      const cis = page.locator('#compliance details[data-fw="cis-7.0"]');
      await cis.locator('summary').click();
      expect(await cis.innerText()).toMatch(
        /6\.3 No security group admits 0\.0\.0\.0\/0 to admin ports: fails in 1 of 2 account\(s\): demo/,
      );
      expect(await cis.locator('a', { hasText: 'demo' }).first().getAttribute('href')).toMatch(
        /^accounts\/222222222222\/report\.html#cfw=cis-7\.0&ctl=cis-7\.0%3A/,
      );
      await page.selectOption('#f-account', '333333333333');
      expect(await page.locator('#compliance tbody tr:not(.hidden)').count()).toBe(1);
    });
    expect(session.problems).toEqual([]);
    await page.close();
  });
});
