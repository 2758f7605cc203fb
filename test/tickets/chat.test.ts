// Chat summaries (--notify): the Slack and Teams messages stay inside each service's limits
// with "and N more", name new and reopened findings when there is history, warn about an
// incomplete scan, keep hostile names inert; the CLI posts through 429s, and a failed post is
// exit 5 with the reports written and the webhook URL printed nowhere.

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { slackMessage, summaryOfOrg, summaryOfReport, teamsMessage } from '../../reports/chat-message.js';
import { OrgReportBuilder } from '../../src/org/report.js';
import { DEMO_SNAPSHOT, readSnapshot } from '../../src/cli.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { withHistory } from '../../src/engine/history-annotation.js';
import { nextLifecycle } from '../../src/engine/lifecycle.js';
import { DEFAULT_SLA } from '../../src/model/sla.js';
import { runCli } from '../e2e/cli.js';
import { addSg, emptySnapshot, world } from '../helpers/builder.js';
import { fakeChat, type FakeChat } from '../helpers/fake-chat.js';
import { HOSTILE_NAMES } from '../helpers/hostile.js';

const SECRET = 'chatSECRETpath0042xx';
const open: FakeChat[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

const slackSections = (m: { blocks: unknown[] }) =>
  (m.blocks as { type: string; text?: { text: string } }[]).filter((b) => b.type === 'section').map((b) => b.text!.text);

describe('chat summary messages', () => {
  it('hundreds of findings stay inside Slack and Teams limits, with "and N more"', () => {
    const s = emptySnapshot();
    for (let i = 0; i < 400; i++) addSg(s, `sg-${i}`, [world(22)], { name: `group-${i}-${'x'.repeat(300)}` });
    const summary = summaryOfReport(evaluate(s, CHECKS), 'info', '/tmp/out/report.html');
    expect(summary.items.length).toBeGreaterThan(300);
    const slack = slackMessage(summary);
    expect(slack.blocks.length).toBeLessThanOrEqual(50);
    for (const text of slackSections(slack)) expect(text.length).toBeLessThanOrEqual(3000);
    expect(slackSections(slack).join('\n')).toMatch(/…and \d+ more/);
    const teams = JSON.stringify(teamsMessage(summary));
    expect(Buffer.byteLength(teams)).toBeLessThanOrEqual(25_000);
    expect(teams).toMatch(/…and \d+ more/);
  });

  it('with history: new and reopened findings at or above the threshold, resolved and overdue counts; an incomplete scan warns', () => {
    const snapshot = readSnapshot(DEMO_SNAPSHOT);
    const earlier = evaluate(snapshot, CHECKS);
    const report = evaluate(snapshot, CHECKS);
    earlier.scan.collectedAt = new Date(Date.parse(report.scan.collectedAt) - 40 * 86_400_000).toISOString();
    const fresh = report.findings.slice(0, 3);
    earlier.findings = earlier.findings.filter((f) => !fresh.some((x) => x.fingerprint === f.fingerprint));
    const first = nextLifecycle(new Map(), earlier);
    const second = nextLifecycle(new Map(first.rows.map((r) => [r.fingerprint, r])), report);
    const withH = withHistory(
      { ...report, scan: { ...report.scan, complete: false } },
      {
        store: 'pglite',
        scanId: 2,
        rows: new Map(second.rows.map((r) => [r.fingerprint, r])),
        previous: earlier.scan.collectedAt,
        previousComplete: earlier.scan.collectedAt,
        trend: [],
        mttr: [],
      },
      DEFAULT_SLA,
    );
    const summary = summaryOfReport(withH, 'high', '/srv/incloud/report.html');
    expect(summary.items.map((i) => i.title)).toEqual(fresh.filter((f) => ['critical', 'high'].includes(f.severity)).map((f) => f.title));
    expect(summary.items.every((i) => i.change === 'new')).toBe(true);
    expect(summary.overdue).toBeGreaterThan(0);
    const slack = slackSections(slackMessage(summary)).join('\n');
    expect(slack).toContain('New or reopened, high and above');
    expect(slack).toMatch(/\d+ past their SLA/);
    expect(slack).toContain(':warning: Incomplete scan');
    expect(JSON.stringify(teamsMessage(summary))).toContain('Report: /srv/incloud/report.html');
  });

  it("an organization summary names each finding's account and warns about accounts not assessed", () => {
    const builder = new OrgReportBuilder({
      scanId: 'org-1',
      organization: { id: 'o-chat', source: 'organizations' },
      runner: { mode: 'in-process' },
    });
    builder.add({
      target: { accountId: '111111111111', name: 'payments', ouPath: [] },
      status: 'assessed',
      report: evaluate(readSnapshot(DEMO_SNAPSHOT), CHECKS),
      durationMs: 1,
    });
    builder.add({
      target: { accountId: '222222222222', name: 'locked', ouPath: [] },
      status: 'not-assessed',
      reason: 'AccessDenied',
      durationMs: 1,
    });
    const summary = summaryOfOrg(builder.build(), 'critical', '/srv/org/org-report.html');
    expect(summary.title).toBe('incloud: organization o-chat');
    expect(summary.items.length).toBeGreaterThan(0);
    expect(summary.items.every((i) => i.resource.endsWith('(payments)') && i.severity === 'critical')).toBe(true);
    expect(summary.incomplete).toBe('Incomplete: 1 account(s) not assessed, 0 with gaps.');
    expect(slackSections(slackMessage(summary)).join('\n')).toContain('in 2 accounts');
  });

  it('hostile names from AWS cannot mention, link or mark up', () => {
    const s = emptySnapshot();
    for (const [k, name] of Object.entries(HOSTILE_NAMES)) addSg(s, `sg-${k}`, [world(22)], { name: `${name} <!channel> <@U123|x>` });
    const summary = summaryOfReport(evaluate(s, CHECKS), 'info', '/tmp/r.html');
    const slack = slackSections(slackMessage(summary)).join('\n');
    expect(slack).not.toMatch(/<!channel>|<@U123|<img|<script/);
    expect(slack).toContain('&lt;!channel&gt;');
    const teams = JSON.stringify(teamsMessage(summary));
    expect(teams).not.toContain('](https://evil.example');
    expect(teams).not.toContain('<img');
  });
});

describe('scan --notify (CLI, against local Slack and Teams stand-ins)', () => {
  const env = (slack: FakeChat, teams: FakeChat) => ({ INCLOUD_SLACK_WEBHOOK_URL: slack.hook, INCLOUD_TEAMS_WEBHOOK_URL: teams.hook });

  it('posts one message to each, waiting out a 429', async () => {
    const [slack, teams] = await Promise.all([fakeChat('slack', SECRET), fakeChat('teams', SECRET)]);
    open.push(slack, teams);
    slack.rateLimitNext(1);
    const out = mkdtempSync(join(tmpdir(), 'incloud-notify-'));
    const r = await runCli(['scan', '--demo', '--out', out, '--notify', 'slack,teams'], env(slack, teams));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/slack webhook answered 429; retrying in 1 s/);
    expect(r.stderr).toContain('posted the summary to slack');
    expect(slack.messages).toHaveLength(1);
    expect(teams.messages).toHaveLength(1);
    expect(JSON.stringify(slack.messages[0])).toContain('Top open findings, high and above');
    expect(JSON.stringify(teams.messages[0])).toContain(join(out, 'report.html'));
    expect(slack.violations.concat(teams.violations)).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  }, 120_000);

  it('a failed post is exit 5 with one line; the reports are written; a post whose answer was lost is not sent twice', async () => {
    const [slack, teams] = await Promise.all([fakeChat('slack', SECRET), fakeChat('teams', SECRET)]);
    open.push(slack, teams);
    slack.faultNext(5, 'error');
    teams.faultNext(1, 'drop', { after: true });
    const out = mkdtempSync(join(tmpdir(), 'incloud-notify-fail-'));
    const r = await runCli(['scan', '--demo', '--out', out, '--notify', 'slack,teams'], env(slack, teams));
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('incloud: could not post the summary: slack: slack webhook: HTTP 500');
    expect(r.stderr).toMatch(/incloud: could not post the summary: teams: teams webhook: no answer/);
    expect(slack.log.filter((l) => l.startsWith('POST'))).toHaveLength(1);
    expect(teams.messages).toHaveLength(1);
    expect(existsSync(join(out, 'report.json')) && existsSync(join(out, 'report.html'))).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  }, 120_000);

  it('a missing webhook URL or an unknown service stops before anything is scanned', async () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-notify-bad-'));
    const missing = await runCli(['scan', '--demo', '--out', out, '--notify', 'teams'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('incloud: --notify teams: set INCLOUD_TEAMS_WEBHOOK_URL in the environment');
    expect(existsSync(join(out, 'report.json'))).toBe(false);
    const unknown = await runCli(['scan', '--demo', '--out', out, '--notify', 'irc'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('use slack, teams or slack,teams');
  }, 60_000);
});
