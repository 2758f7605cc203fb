// Ticket sync end to end: the CLI against local Jira, GitHub and webhook stand-ins, with the
// findings recorded in an embedded scan store between runs. Exactly one ticket per finding
// (or group), comments on change, close on a verified fix, reopen on a regression, 429s waited
// out, a crash between create and record adopted on the next run, and tokens nowhere.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeGitHub, fakeJira, fakeWebhook, type FakeTracker } from '../helpers/fake-trackers.js';
import { fakeServiceNow } from '../helpers/fake-servicenow.js';
import { freshEmbeddedStore, recordScans, storeText } from '../helpers/store-records.js';
import { BIN, runCli } from '../e2e/cli.js';
import { DEMO_SNAPSHOT } from '../../src/cli.js';
import type { Report } from '../../src/model/findings.js';
import { HOSTILE_NAMES, TERMINAL_ACTIVE } from '../helpers/hostile.js';

const TOKEN = 'tok-SECRET-4f1d2c';
const open: FakeTracker[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

function sync(db: string, args: string[], env: Record<string, string>, onSpawn?: (pid: number) => void) {
  return new Promise<{ code: number; out: string }>((resolve) => {
    const p = spawn(process.execPath, [BIN, 'tickets', 'sync', '--db', db, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(p.pid!);
    let out = '';
    p.stdout.on('data', (d) => (out += String(d)));
    p.stderr.on('data', (d) => (out += String(d)));
    p.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 137 : -1), out }));
  });
}

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T00:00:00.000Z`;
const A = { checkId: 'ec2.a', name: 'sg-open' };
const B = { checkId: 'ec2.b', name: 'sg-wide' };
const LOW = { checkId: 'ec2.a', name: 'sg-low', severity: 'low' as const };

describe('tickets sync: Jira Cloud', () => {
  const jiraEnv = (url: string) => ({ JIRA_BASE_URL: url, JIRA_EMAIL: 'sec@example.com', JIRA_API_TOKEN: TOKEN });

  it('creates once, comments on change, closes a verified fix, reopens a regression; 429s are waited out', async () => {
    const jira = await fakeJira('SEC', 'sec@example.com', TOKEN);
    open.push(jira);
    const db = await freshEmbeddedStore('incloud-tickets-');
    const args = ['--target', 'jira', '--jira-project', 'SEC'];
    await recordScans(db, { at: day(1), findings: [A, B, LOW], suppressed: [{ checkId: 'ec2.b', name: 'sg-accepted' }] });
    jira.rateLimitNext(2);
    const first = await sync(db, args, jiraEnv(jira.url));
    expect(first.code, first.out).toBe(0);
    expect(jira.issues.map((i) => i.title)).toEqual([
      expect.stringContaining('sg-open (account 111122223333)'),
      expect.stringContaining('sg-wide (account 111122223333)'),
    ]);
    expect(jira.log.filter((l) => l === 'POST /rest/api/3/issue')).toHaveLength(2);
    expect(first.out).toMatch(/answered 429; retrying in 1 s/);

    const again = await sync(db, args, jiraEnv(jira.url));
    expect(again.out).toContain('0 created, 0 adopted, 0 commented, 0 closed, 0 reopened, 0 failed');
    expect(jira.issues).toHaveLength(2);

    await recordScans(db, { at: day(2), findings: [{ ...A, evidence: { port: 22, cidr: '0.0.0.0/0', more: true } }, LOW] });
    const second = await sync(db, args, jiraEnv(jira.url));
    expect(second.out, second.out).toContain('0 created, 0 adopted, 1 commented, 1 closed, 0 reopened, 0 failed');
    const [a, b] = jira.issues as [(typeof jira.issues)[0], (typeof jira.issues)[0]];
    expect(a.comments).toHaveLength(1);
    expect(a.comments[0]).toContain('severity or evidence changed');
    expect(b.state).toBe('closed');
    expect(b.comments[0]).toContain('resolved');

    await recordScans(db, { at: day(3), findings: [{ ...A, evidence: { port: 22, cidr: '0.0.0.0/0', more: true } }, B, LOW] });
    const third = await sync(db, args, jiraEnv(jira.url));
    expect(third.out).toContain('1 reopened');
    expect(b.state).toBe('open');
    expect(jira.issues).toHaveLength(2);
    expect(jira.violations).toEqual([]);
    expect(first.out + second.out + third.out + (await storeText(db, ['tickets', 'findings']))).not.toContain(TOKEN);
  }, 180_000);

  it('a crash between creating a ticket and recording it: the next run finds it by its label, no duplicate', async () => {
    const jira = await fakeJira('SEC', 'sec@example.com', TOKEN);
    open.push(jira);
    const db = await freshEmbeddedStore('incloud-tickets-crash-');
    await recordScans(db, { at: day(1), findings: [A] });
    let pid = 0;
    jira.onCreate = () => process.kill(pid, 'SIGKILL');
    const crashed = await sync(db, ['--target', 'jira', '--jira-project', 'SEC'], jiraEnv(jira.url), (p) => (pid = p));
    expect(crashed.code).toBe(137);
    expect(jira.issues).toHaveLength(1);
    jira.onCreate = undefined;
    const next = await sync(db, ['--target', 'jira', '--jira-project', 'SEC'], jiraEnv(jira.url));
    expect(next.out).toContain('0 created, 1 adopted');
    expect(next.out).toContain('found SEC-1');
    expect(jira.issues).toHaveLength(1);
    const later = await sync(db, ['--target', 'jira', '--jira-project', 'SEC'], jiraEnv(jira.url));
    expect(later.out).toContain('0 created, 0 adopted');
  }, 180_000);

  it('a partial scan closes nothing; a dry run sends nothing; bad credentials stop with one line per call and exit 3', async () => {
    const jira = await fakeJira('SEC', 'sec@example.com', TOKEN);
    open.push(jira);
    const db = await freshEmbeddedStore('incloud-tickets-partial-');
    await recordScans(db, { at: day(1), findings: [A, B] });
    await sync(db, ['--target', 'jira', '--jira-project', 'SEC'], jiraEnv(jira.url));
    await recordScans(db, { at: day(2), findings: [], checks: ['iam.c'], complete: false });
    const dry = await sync(db, ['--target', 'jira', '--jira-project', 'SEC', '--dry-run'], jiraEnv(jira.url));
    expect(dry.out).toContain('dry run: 0 action(s) planned');
    await recordScans(db, { at: day(3), findings: [A] });
    const requests = jira.log.length;
    const dry2 = await sync(db, ['--target', 'jira', '--jira-project', 'SEC', '--dry-run'], jiraEnv(jira.url));
    expect(dry2.out).toMatch(/would close SEC-2/);
    expect(jira.log.length).toBe(requests);
    const denied = await sync(db, ['--target', 'jira', '--jira-project', 'SEC'], { ...jiraEnv(jira.url), JIRA_API_TOKEN: 'wrong' });
    expect(denied.code).toBe(3);
    expect(denied.out).toContain('HTTP 401');
    expect(denied.out).not.toContain('wrong');
    const missing = await sync(db, ['--target', 'jira', '--jira-project', 'SEC'], { JIRA_BASE_URL: jira.url });
    expect(missing.code).toBe(2);
    expect(missing.out.trim()).toBe('incloud: set JIRA_EMAIL in the environment');
  }, 180_000);
});

describe('tickets sync: ServiceNow (Table API)', () => {
  const OAUTH = 'sn-oauth-SECRET-19ad';
  const snEnv = (url: string) => ({ SERVICENOW_INSTANCE_URL: url, SERVICENOW_TOKEN: OAUTH });

  it('creates incidents with the marker in correlation_id, works notes on change, resolves a verified fix with close notes, reopens; 429s waited out', async () => {
    const sn = await fakeServiceNow('incident', `Bearer ${OAUTH}`);
    open.push(sn);
    const db = await freshEmbeddedStore('incloud-tickets-sn-');
    await recordScans(db, { at: day(1), findings: [A, B, LOW] });
    sn.rateLimitNext(2);
    const first = await sync(db, ['--target', 'servicenow'], snEnv(sn.url));
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/answered 429; retrying in 1 s/);
    expect(sn.issues.map((i) => [i.id, i.labels[0]!.startsWith('incloud-')])).toEqual([
      ['INC0001001', true],
      ['INC0001002', true],
    ]);
    expect(sn.issues[0]!.body).toContain('sg-open');
    await recordScans(db, { at: day(2), findings: [{ ...A, evidence: { port: 22, cidr: '0.0.0.0/0', more: true } }, LOW] });
    const second = await sync(db, ['--target', 'servicenow'], snEnv(sn.url));
    expect(second.out).toContain('0 created, 0 adopted, 1 commented, 1 closed, 0 reopened, 0 failed');
    expect(sn.issues[1]!.stateValue).toBe('6');
    expect(sn.issues[1]!.closeNotes).toContain('resolved');
    await recordScans(db, { at: day(3), findings: [{ ...A, evidence: { port: 22, cidr: '0.0.0.0/0', more: true } }, B, LOW] });
    const third = await sync(db, ['--target', 'servicenow'], { ...snEnv(sn.url), SERVICENOW_REOPEN_STATE: '1' });
    expect(third.out).toContain('1 reopened');
    expect(sn.issues[1]!.stateValue).toBe('1');
    expect(sn.issues).toHaveLength(2);
    expect(sn.violations).toEqual([]);
    const text = first.out + second.out + third.out + (await storeText(db, ['tickets', 'findings']));
    expect(text).not.toContain(OAUTH);
    expect(text).toContain('INC0001002');
  }, 180_000);

  it('a crash between create and record is adopted by its correlation_id; missing settings are one line, exit 2', async () => {
    const sn = await fakeServiceNow('incident', `Bearer ${OAUTH}`);
    open.push(sn);
    const db = await freshEmbeddedStore('incloud-tickets-sn-crash-');
    await recordScans(db, { at: day(1), findings: [A] });
    let pid = 0;
    sn.onCreate = () => process.kill(pid, 'SIGKILL');
    const crashed = await sync(db, ['--target', 'servicenow'], snEnv(sn.url), (p) => (pid = p));
    expect(crashed.code).toBe(137);
    sn.onCreate = undefined;
    const next = await sync(db, ['--target', 'servicenow'], snEnv(sn.url));
    expect(next.out).toContain('0 created, 1 adopted');
    expect(sn.issues).toHaveLength(1);
    const missing = await sync(db, ['--target', 'servicenow'], { SERVICENOW_INSTANCE_URL: sn.url });
    expect(missing.code).toBe(2);
    expect(missing.out.trim()).toBe(
      'incloud: set SERVICENOW_TOKEN (OAuth), or SERVICENOW_USER and SERVICENOW_PASSWORD, in the environment',
    );
    const badTable = await sync(db, ['--target', 'servicenow', '--servicenow-table', 'incident;drop'], snEnv(sn.url));
    expect(badTable.code).toBe(2);
  }, 180_000);
});

describe('tickets sync: GitHub Issues', () => {
  it('groups per check and account, waits out a secondary rate limit, closes and reopens', async () => {
    const gh = await fakeGitHub('acme/security', TOKEN);
    open.push(gh);
    const db = await freshEmbeddedStore('incloud-tickets-gh-');
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url };
    const args = ['--target', 'github', '--github-repo', 'acme/security', '--group-by', 'check'];
    await recordScans(db, { at: day(1), findings: [A, { checkId: 'ec2.a', name: 'sg-two' }, B] });
    gh.rateLimitNext(1);
    const first = await sync(db, args, env);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toMatch(/secondary rate limit .*retrying in 1 s/);
    expect(gh.issues.map((i) => i.title)).toEqual([
      expect.stringContaining('in account 111122223333 (2 resources)'),
      expect.stringContaining('in account 111122223333 (1 resource)'),
    ]);
    expect(gh.issues[0]!.labels).toContain('incloud');
    await recordScans(db, { at: day(2), findings: [A] });
    const second = await sync(db, args, env);
    expect(second.out).toContain('1 commented, 1 closed');
    expect(gh.issues[0]!.comments[0]).toContain('no longer open: sg-two');
    expect(gh.issues[1]!.state).toBe('closed');
    await recordScans(db, { at: day(3), findings: [A, B] });
    expect((await sync(db, args, env)).out).toContain('1 reopened');
    expect(gh.issues[1]!.state).toBe('open');
    expect(gh.issues).toHaveLength(2);
    expect(gh.violations).toEqual([]);
    expect(first.out + second.out).not.toContain(TOKEN);
  }, 180_000);
});

describe('tickets sync: signed webhook', () => {
  it('signs every event, sends an idempotency key with creates, and closes on a verified fix', async () => {
    const hook = await fakeWebhook('hook-secret');
    open.push(hook);
    const db = await freshEmbeddedStore('incloud-tickets-hook-');
    const env = { INCLOUD_WEBHOOK_URL: `${hook.url}/incloud`, INCLOUD_WEBHOOK_SECRET: 'hook-secret' };
    await recordScans(db, { at: day(1), findings: [A] });
    hook.rateLimitNext(1);
    const first = await sync(db, ['--target', 'webhook'], env);
    expect(first.code, first.out).toBe(0);
    expect(hook.events).toEqual([{ event: 'create', idempotencyKey: expect.stringMatching(/^incloud-[0-9a-f]{16}:create$/) }]);
    await recordScans(db, { at: day(2), findings: [] });
    await sync(db, ['--target', 'webhook'], env);
    expect(hook.issues[0]!.state).toBe('closed');
    expect(hook.violations).toEqual([]);
    const wrong = await sync(db, ['--target', 'webhook'], { ...env, INCLOUD_WEBHOOK_SECRET: 'other' });
    expect(wrong.code).toBe(0);
    await recordScans(db, { at: day(3), findings: [A] });
    const refused = await sync(db, ['--target', 'webhook'], { ...env, INCLOUD_WEBHOOK_SECRET: 'other' });
    expect(refused.code).toBe(3);
    expect(refused.out).not.toContain('other');
  }, 180_000);
});

describe('tickets carry the fix', () => {
  it('a body holds the message, the filled command, the docs, the rank and why, the SLA due date and first seen; creates go most urgent first; the next report shows the ticket', async () => {
    const hook = await fakeWebhook('hook-secret');
    open.push(hook);
    const db = await freshEmbeddedStore('incloud-tickets-fix-');
    const out = mkdtempSync(join(tmpdir(), 'incloud-tickets-fix-out-'));
    const scan = () => runCli(['evaluate', DEMO_SNAPSHOT, '--out', out, '--format', 'json', '-q', '--db', db]);
    expect((await scan()).code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const env = { INCLOUD_WEBHOOK_URL: `${hook.url}/incloud`, INCLOUD_WEBHOOK_SECRET: 'hook-secret' };
    const r = await sync(db, ['--target', 'webhook', '--min-severity', 'critical'], env);
    expect(r.code, r.out).toBe(0);
    const critical = report.findings.filter((f) => f.severity === 'critical');
    expect(hook.issues).toHaveLength(critical.length);
    // Filed in the report's priority order, the top finding first.
    expect(hook.issues.map((i) => i.title)).toEqual(
      critical.map((f) => `[incloud] critical: ${f.title}: ${f.resource.name} (account ${report.scan.accountId})`),
    );
    const top = report.findings[0]!;
    const body = hook.issues[0]!.body;
    expect(body).toContain(top.message);
    expect(body).toContain(`Priority #${top.priority} in its account: `);
    expect(body).toContain(top.remediation.cli!);
    expect(body).toMatch(/--network-interface-id eni-[0-9a-f]+ /);
    expect(body).toMatch(/Before you paste, choose:\n- <restricted-sg-id>: /);
    expect(body).toMatch(/AWS documentation: https:\/\/docs\.aws\.amazon\.com\//);
    expect(body).toMatch(
      new RegExp(
        `First seen ${report.scan.collectedAt.slice(0, 10)}; SLA due ${new Date(Date.parse(report.scan.collectedAt) + 7 * 86_400_000).toISOString().slice(0, 10)} \\(7 days at critical\\)`,
      ),
    );
    // A report made after the sync names each finding's ticket.
    expect((await scan()).code).toBe(0);
    const after = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    const ticketed = after.findings.filter((f) => f.history?.ticket);
    expect(ticketed.map((f) => f.fingerprint).sort()).toEqual(critical.map((f) => f.fingerprint).sort());
    expect(ticketed[0]!.history!.ticket).toMatchObject({
      target: expect.stringMatching(/^webhook:/),
      id: expect.stringMatching(/^INC\d+$/),
      state: 'open',
    });
  }, 180_000);
});

describe('tickets sync: hostile names', () => {
  const hostile = [
    { checkId: 'ec2.a', name: HOSTILE_NAMES.mention },
    { checkId: 'ec2.b', name: HOSTILE_NAMES.markdown },
    { checkId: 'ec2.c', name: HOSTILE_NAMES.html },
    { checkId: 'ec2.d', name: HOSTILE_NAMES.escapes },
  ];
  const nodeTypes = (adf: unknown, out = new Set<string>()): Set<string> => {
    const n = adf as { type?: string; marks?: unknown[]; content?: unknown[] };
    if (n.type) out.add(n.marks?.length ? `${n.type}+marks` : n.type);
    for (const c of n.content ?? []) nodeTypes(c, out);
    return out;
  };

  it('each target gets the text as text: GitHub code blocks, Jira text nodes, webhook data fields; the terminal gets no escape', async () => {
    const db = await freshEmbeddedStore('incloud-tickets-hostile-');
    await recordScans(db, { at: day(1), findings: hostile });
    await recordScans(db, { at: day(2), findings: hostile.map((f) => ({ ...f, evidence: { changed: true } })) });

    const gh = await fakeGitHub('acme/security', TOKEN);
    const jira = await fakeJira('SEC', 'sec@example.com', TOKEN);
    const hook = await fakeWebhook('hook-secret');
    open.push(gh, jira, hook);
    const outs = [
      await sync(db, ['--target', 'github', '--github-repo', 'acme/security'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url }),
      await sync(db, ['--target', 'jira', '--jira-project', 'SEC'], {
        JIRA_BASE_URL: jira.url,
        JIRA_EMAIL: 'sec@example.com',
        JIRA_API_TOKEN: TOKEN,
      }),
      await sync(db, ['--target', 'webhook'], { INCLOUD_WEBHOOK_URL: `${hook.url}/incloud`, INCLOUD_WEBHOOK_SECRET: 'hook-secret' }),
    ];
    for (const o of outs) {
      expect(o.code, o.out).toBe(0);
      expect(o.out).not.toMatch(TERMINAL_ACTIVE);
    }

    expect(gh.issues).toHaveLength(4);
    const fenced = /^(`{3,})text\n[\s\S]*\n\1$/;
    for (const i of gh.issues) {
      expect(i.body).toMatch(fenced);
      const inside = i.body.slice(i.body.indexOf('\n') + 1, i.body.lastIndexOf('\n'));
      expect(inside).not.toMatch(/^`{3,}/m);
    }
    expect(gh.issues.map((i) => i.body).join('\n')).toContain('@victim-admin');

    expect(jira.issues).toHaveLength(4);
    for (const i of jira.issues) expect([...nodeTypes(JSON.parse(i.body))].sort()).toEqual(['doc', 'paragraph', 'text']);
    expect(jira.issues.map((i) => i.body).join('\n')).toContain('@victim-admin');

    expect(hook.issues).toHaveLength(4);
    for (const i of hook.issues) expect(typeof i.body).toBe('string');
    expect(hook.issues.map((i) => i.body).join('\n')).toContain('![img](https://evil.example/i.png)');
  }, 180_000);
});
