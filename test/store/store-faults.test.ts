// Faults on the way into the scan store: a run killed while it records (embedded and
// PostgreSQL), two runs recording into one store at once, a damaged embedded store, and
// PostgreSQL going away in the middle of a record. Every time the reports are written, the
// next run finds a consistent store, and no finding is resolved by a scan that did not see it.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SNAPSHOT } from '../../src/cli.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { LOCK_FILE } from '../../src/store/folder-lock.js';
import { ScanStore } from '../../src/store/scan-store.js';
import { BIN, runCli, until } from '../e2e/cli.js';
import { runPostgresTests, startPostgres } from '../helpers/postgres.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), `incloud-store-faults-${p}-`));
const dir = tmp('snapshots');

/** The demo account collected on another day (and, if given, as another account): the same findings, a new scan. */
function demoOn(day: number, account?: string): string {
  const s = JSON.parse(readFileSync(DEMO_SNAPSHOT, 'utf8')) as Snapshot;
  s.collectedAt = `2026-11-${String(day).padStart(2, '0')}T09:00:00.000Z`;
  if (account) s.account.id = account;
  const file = join(dir, `demo-${day}-${account ?? 'demo'}.json`);
  writeFileSync(file, JSON.stringify(s));
  return file;
}

const evaluateArgs = (snapshot: string, db: string, out = tmp('out')) => [
  'evaluate',
  snapshot,
  '--out',
  out,
  '--format',
  'json',
  '-q',
  '--db',
  db,
];

/** Starts a run and SIGKILLs it `delayMs` after `started()` first holds. */
function killWhile(args: string[], started: () => boolean, delayMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: tmpdir() } });
    let done = false;
    p.on('close', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? -1);
    });
    void until('the run to start recording', () => done || started()).then(() => setTimeout(() => p.kill('SIGKILL'), delayMs));
  });
}

/**
 * Runs at once: two accounts, and two scans of one of them. Each is recorded, or (the older
 * scan of an account arriving after the newer) refused with the in-order rule; never lost silently.
 */
async function concurrentRuns(db: string): Promise<number> {
  const results = await Promise.all(
    [demoOn(1), demoOn(1, '210987654321'), demoOn(2)].map((snapshot) => runCli(evaluateArgs(snapshot, db))),
  );
  for (const r of results) {
    expect([0, 5], r.stderr).toContain(r.code);
    if (r.code === 5) expect(r.stderr).toMatch(/collected at .* before the newest one in the store .*scans are recorded in order/);
  }
  expect(results.filter((r) => r.code === 0).length).toBeGreaterThanOrEqual(2);
  return results.filter((r) => r.code === 0).length;
}

async function storeState(db: string): Promise<{ scans: number; statuses: Record<string, number> }> {
  const store = await ScanStore.open(db);
  try {
    const scans = await store.db.query<{ n: number }>('select count(*)::int as n from scans');
    const rows = await store.db.query<{ status: string; n: number }>('select status, count(*)::int as n from findings group by status');
    return { scans: scans[0]!.n, statuses: Object.fromEntries(rows.map((r) => [r.status, r.n])) };
  } finally {
    await store.close();
  }
}

describe('embedded store faults', () => {
  it('a run killed while it records leaves a store the next run opens and records into', async () => {
    const db = tmp('killed');
    expect((await runCli(evaluateArgs(demoOn(1), db))).code).toBe(0);
    const outcomes: (number | string)[] = [];
    for (const [i, delay] of [0, 40, 120, 300].entries())
      outcomes.push(await killWhile(evaluateArgs(demoOn(2 + i), db), () => existsSync(join(db, LOCK_FILE)), delay));
    expect(outcomes.filter((o) => o !== 'SIGKILL' && o !== 0)).toEqual([]);
    expect(outcomes[0], 'the first kill lands while the store is open').toBe('SIGKILL');
    const next = await runCli(evaluateArgs(demoOn(9), db));
    expect(next.code, next.stderr).toBe(0);
    const state = await storeState(db);
    expect(state.scans).toBeGreaterThanOrEqual(2);
    expect(state.statuses.resolved ?? 0).toBe(0);
    const history = await runCli(['history', '--db', db, '--json']);
    expect(history.code, history.stderr).toBe(0);
  }, 180_000);

  it('runs at once take turns on the embedded store; the store stays whole', async () => {
    const db = tmp('concurrent');
    const recorded = await concurrentRuns(db);
    const state = await storeState(db);
    expect(state.scans).toBe(recorded);
    expect(Object.keys(state.statuses)).toEqual(['open']);
  }, 120_000);

  it('a damaged store is named with what to do, and the reports are written all the same', async () => {
    const db = tmp('damaged');
    expect((await runCli(evaluateArgs(demoOn(1), db))).code).toBe(0);
    truncateSync(join(db, 'global', 'pg_control'), 0);
    const out = tmp('damaged-out');
    const scan = await runCli(evaluateArgs(demoOn(2), db, out));
    expect(scan.code).toBe(5);
    expect(scan.stderr).toMatch(
      /is damaged and cannot be opened .*restore that folder from a backup, move it aside .*or give --db another folder/,
    );
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    const history = await runCli(['history', '--db', db]);
    expect(history.code).toBe(4);
    expect(history.stderr.trim().split('\n')).toHaveLength(1);
    rmSync(join(db, 'base'), { recursive: true, force: true });
    expect((await runCli(['history', '--db', db])).stderr).toMatch(/is damaged/);
  }, 120_000);
});

describe.runIf(runPostgresTests)('PostgreSQL store faults', () => {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  const dbOf = (name: string, port?: number) => {
    const u = new URL(server.url);
    u.pathname = `/${name}`;
    if (port) u.port = String(port);
    return u.toString();
  };
  const createDb = async (name: string) => {
    const admin = await ScanStore.open(server.url);
    try {
      await admin.db.query(`create database ${name}`);
    } finally {
      await admin.close();
    }
  };

  it('a run killed while it records, and PostgreSQL going away mid-record: the next run finds a consistent store', async () => {
    await createDb('faults1');
    const proxy = await startTcpProxy(Number(new URL(server.url).port));
    try {
      const db = dbOf('faults1', proxy.port);
      expect((await runCli(evaluateArgs(demoOn(1), db))).code).toBe(0);
      for (const [i, delay] of [0, 50, 150].entries()) {
        const seen = proxy.connections;
        // The first connection is the check before the scan; the second one records.
        const o = await killWhile(evaluateArgs(demoOn(2 + i), db), () => proxy.connections > seen + 1, delay);
        expect(i === 0 ? ['SIGKILL'] : [0, 'SIGKILL']).toContain(o);
      }
      const seen = proxy.connections;
      const out = tmp('pg-cut-out');
      const cut = runCli(evaluateArgs(demoOn(6), db, out));
      await until('the run to connect to record', () => proxy.connections > seen + 1);
      await proxy.cut(1500);
      const cutRun = await cut;
      expect([0, 5]).toContain(cutRun.code);
      if (cutRun.code === 5) expect(cutRun.stderr).toMatch(/the scan was not recorded in the scan store/);
      expect(existsSync(join(out, 'report.json'))).toBe(true);
      const next = await runCli(evaluateArgs(demoOn(9), db));
      expect(next.code, next.stderr).toBe(0);
      const state = await storeState(db);
      expect(state.scans).toBeGreaterThanOrEqual(2);
      // Every finding of the demo account is open once, however the cut fell.
      const demoFindings = (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { findings: unknown[] }).findings.length;
      expect(state.statuses).toEqual({ open: demoFindings });
    } finally {
      await proxy.close();
    }
  }, 180_000);

  it('runs recording at once are serialised per account; the store stays whole', async () => {
    await createDb('faults2');
    const db = dbOf('faults2');
    const recorded = await concurrentRuns(db);
    const state = await storeState(db);
    expect(state.scans).toBe(recorded);
    expect(Object.keys(state.statuses)).toEqual(['open']);
  }, 120_000);
});

describe('--db is checked before the first AWS call', () => {
  let hits = 0;
  let endpoint = '';
  let server: Server;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(500);
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const file = join(tmp('db-file'), 'store.txt');
  writeFileSync(file, 'not a store');
  const busy = tmp('db-busy');
  writeFileSync(join(busy, 'notes.md'), '# mine');
  it.each([
    [
      'a closed PostgreSQL port',
      'postgres://incloud:s3cret@127.0.0.1:1/incloud',
      4,
      /^incloud: cannot connect to the scan store postgres:\/\/incloud@127\.0\.0\.1:1\/incloud \(ECONNREFUSED/,
    ],
    [
      'another database kind',
      'mysql://u:pw@db.example/scans',
      2,
      /^incloud: --db mysql:\/\/u@db\.example\/scans: mysql:\/\/ is not a scan store/,
    ],
    ['a file', file, 2, /is a file; give a folder for the embedded store/],
    ['a folder of other files', busy, 2, /holds other files and no scan store/],
  ])('%s: one line, no AWS call, no credentials shown', async (_, db, code, message) => {
    const out = tmp('db-out');
    const r = await runCli(['scan', '--endpoint-url', endpoint, '--region', 'us-east-1', '--out', out, '-q', '--db', db]);
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/s3cret|pw@|object Object/);
    expect(hits).toBe(0);
  });

  it('history and tickets never create a store where there is none', async () => {
    const empty = tmp('db-empty');
    for (const args of [
      ['history'],
      ['tickets', 'sync', '--target', 'webhook', '--webhook-url', 'https://hooks.example/incloud', '--dry-run'],
    ]) {
      const r = await runCli([...args, '--db', empty]);
      expect(r.stderr).toMatch(/no scan store in .*record scans into it with "incloud scan --db/);
      expect(r.code).not.toBe(0);
    }
    expect(readdirSync(empty)).toEqual([]);
  });

  it('a ticket dry run plans without any target credentials', async () => {
    const db = tmp('db-dry');
    expect((await runCli(evaluateArgs(demoOn(1), db))).code).toBe(0);
    const env = { INCLOUD_WEBHOOK_SECRET: '', GITHUB_TOKEN: '', JIRA_API_TOKEN: '', JIRA_EMAIL: '' };
    for (const target of [
      ['--target', 'webhook', '--webhook-url', 'https://hooks.example/incloud'],
      ['--target', 'github', '--github-repo', 'acme/cloud'],
    ]) {
      const r = await runCli(['tickets', 'sync', ...target, '--dry-run', '--db', db], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/dry run: [1-9]\d* action\(s\) planned, nothing sent/);
    }
  });
});
