// Ticket sync against faults of each ticket system: 500s, 429s, hung requests and cut
// connections (before the system acts, and after it made the ticket but before its answer
// arrived), a sync SIGKILLed at random moments, and a re-run. Every time: exactly one ticket
// per finding, none closed for a finding that was only not assessed, no token anywhere.

import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN } from '../e2e/cli.js';
import { fakeGitHub, fakeJira, fakeWebhook, type FakeTracker } from '../helpers/fake-trackers.js';
import { fakeServiceNow } from '../helpers/fake-servicenow.js';
import { freshEmbeddedStore, recordScans, storeText } from '../helpers/store-records.js';

const TOKEN = 'tok-SECRET-77ab01';
const open: FakeTracker[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T00:00:00.000Z`;
const FINDINGS = Array.from({ length: 6 }, (_, i) => ({ checkId: `ec2.f${i}`, name: `sg-${i}` }));

interface Target {
  name: 'jira' | 'github' | 'servicenow' | 'webhook';
  start(): Promise<FakeTracker>;
  args: string[];
  env(t: FakeTracker): Record<string, string>;
  /** The request that creates a ticket, as the stand-in logs it. */
  create: string;
}

const TARGETS: Target[] = [
  {
    name: 'jira',
    start: () => fakeJira('SEC', 'sec@example.com', TOKEN),
    args: ['--target', 'jira', '--jira-project', 'SEC'],
    env: (t) => ({ JIRA_BASE_URL: t.url, JIRA_EMAIL: 'sec@example.com', JIRA_API_TOKEN: TOKEN }),
    create: 'POST /rest/api/3/issue',
  },
  {
    name: 'github',
    start: () => fakeGitHub('acme/security', TOKEN),
    args: ['--target', 'github', '--github-repo', 'acme/security'],
    env: (t) => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: t.url }),
    create: 'POST /repos/acme/security/issues',
  },
  {
    name: 'servicenow',
    start: () => fakeServiceNow('sn_si_incident', `Basic ${Buffer.from(`incloud:${TOKEN}`).toString('base64')}`),
    args: ['--target', 'servicenow', '--servicenow-table', 'sn_si_incident'],
    env: (t) => ({ SERVICENOW_INSTANCE_URL: t.url, SERVICENOW_USER: 'incloud', SERVICENOW_PASSWORD: TOKEN }),
    create: 'POST /api/now/table/sn_si_incident',
  },
  {
    name: 'webhook',
    start: () => fakeWebhook(TOKEN),
    args: ['--target', 'webhook'],
    env: (t) => ({ INCLOUD_WEBHOOK_URL: `${t.url}/incloud`, INCLOUD_WEBHOOK_SECRET: TOKEN }),
    create: 'POST /incloud',
  },
];

function sync(db: string, t: Target, tracker: FakeTracker, onSpawn?: (pid: number) => void) {
  return new Promise<{ code: number | string; out: string }>((resolve) => {
    const p = spawn(process.execPath, [BIN, 'tickets', 'sync', '--db', db, '--timeout', '1', ...t.args], {
      env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), ...t.env(tracker) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(p.pid!);
    let out = '';
    p.stdout.on('data', (d) => (out += String(d)));
    p.stderr.on('data', (d) => (out += String(d)));
    p.on('close', (code, signal) => resolve({ code: code ?? signal ?? -1, out }));
  });
}

/** Syncs until a run ends with nothing failed (at most `runs`); returns every run's output. */
async function syncUntilClean(db: string, t: Target, tracker: FakeTracker, runs = 3): Promise<string[]> {
  const outs: string[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await sync(db, t, tracker);
    outs.push(r.out);
    if (r.code === 0) break;
    expect(r.code, r.out).toBe(3);
  }
  return outs;
}

const openTickets = (tracker: FakeTracker) => tracker.issues.filter((i) => i.state === 'open').length;

describe.each(TARGETS)('tickets sync to $name under faults', (t) => {
  it('500s, 429s, hung requests and cut connections before the system acts: one ticket per finding', async () => {
    const tracker = await t.start();
    open.push(tracker);
    const db = await freshEmbeddedStore(`incloud-tfaults-${t.name}-`);
    await recordScans(db, { at: day(1), findings: FINDINGS });
    tracker.rateLimitNext(1);
    tracker.faultNext(2, 'error');
    tracker.faultNext(1, 'drop', { match: t.create });
    tracker.faultNext(1, 'hang', { match: t.create });
    const outs = await syncUntilClean(db, t, tracker);
    expect(tracker.issues).toHaveLength(FINDINGS.length);
    expect(new Set(tracker.issues.map((i) => i.title)).size).toBe(FINDINGS.length);
    const again = await sync(db, t, tracker);
    expect(again.out).toContain('0 created, 0 adopted');
    expect(tracker.issues).toHaveLength(FINDINGS.length);
    expect([...outs, again.out, await storeText(db, ['tickets', 'scans'])].join('\n')).not.toContain(TOKEN);
  }, 180_000);

  it('the ticket is made but its answer is lost (500, cut, hang): adopted, never made twice', async () => {
    const tracker = await t.start();
    open.push(tracker);
    const db = await freshEmbeddedStore(`incloud-tfaults-after-${t.name}-`);
    await recordScans(db, { at: day(1), findings: FINDINGS.slice(0, 3) });
    tracker.faultNext(1, 'error', { match: t.create, after: true });
    tracker.faultNext(1, 'drop', { match: t.create, after: true });
    tracker.faultNext(1, 'hang', { match: t.create, after: true });
    const outs = await syncUntilClean(db, t, tracker);
    expect(tracker.issues).toHaveLength(3);
    expect((await sync(db, t, tracker)).out).toContain('0 created, 0 adopted');
    expect(tracker.issues).toHaveLength(3);
    expect(outs.join('\n')).not.toContain(TOKEN);
  }, 180_000);

  it('a sync SIGKILLed at random moments, then a partial scan: no duplicate, nothing closed that was not re-assessed', async () => {
    const tracker = await t.start();
    open.push(tracker);
    const db = await freshEmbeddedStore(`incloud-tfaults-kill-${t.name}-`);
    await recordScans(db, { at: day(1), findings: FINDINGS });
    for (const afterRequests of [1, 3, 6]) {
      const before = tracker.log.length;
      let pid = 0;
      let ended = false;
      const run = sync(db, t, tracker, (p) => (pid = p)).then((r) => {
        ended = true;
        return r;
      });
      // The kill waits for the event (this run's n-th request reached the system), not for a time.
      while (!ended && tracker.log.length < before + afterRequests) await new Promise((r) => setTimeout(r, 5));
      if (!ended) process.kill(pid, 'SIGKILL');
      await run;
    }
    await syncUntilClean(db, t, tracker);
    expect(tracker.issues).toHaveLength(FINDINGS.length);
    // A scan that ran other checks only (and is incomplete) resolves nothing: no ticket closes.
    await recordScans(db, { at: day(2), findings: [], checks: ['iam.other'], complete: false });
    const partial = await sync(db, t, tracker);
    expect(partial.code, partial.out).toBe(0);
    expect(openTickets(tracker)).toBe(FINDINGS.length);
    expect(tracker.violations).toEqual([]);
  }, 180_000);
});
