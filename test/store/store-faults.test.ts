// Faults on the way into the scan store: a run killed while it records (embedded and
// PostgreSQL), two runs recording into one store at once, a damaged embedded store, and
// PostgreSQL going away in the middle of a record. Every time the reports are written, the
// next run finds a consistent store, and no finding is resolved by a scan that did not see it.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SNAPSHOT } from '../../src/cli.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { LOCK_FILE } from '../../src/store/folder-lock.js';
import { ScanStore } from '../../src/store/scan-store.js';
import { BIN, runCli } from '../e2e/cli.js';
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

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Starts a run and SIGKILLs it `delayMs` after `started()` first holds. */
function killWhile(args: string[], started: () => boolean, delayMs: number): Promise<number | string> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { PATH: process.env.PATH ?? '', HOME: tmpdir() } });
    let done = false;
    p.on('close', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? -1);
    });
    void until(() => done || started(), 'the run to start recording').then(() => setTimeout(() => p.kill('SIGKILL'), delayMs));
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
        const o = await killWhile(evaluateArgs(demoOn(2 + i), db), () => proxy.connections > seen, delay);
        expect(i === 0 ? ['SIGKILL'] : [0, 'SIGKILL']).toContain(o);
      }
      const seen = proxy.connections;
      const out = tmp('pg-cut-out');
      const cut = runCli(evaluateArgs(demoOn(6), db, out));
      await until(() => proxy.connections > seen, 'the run to connect');
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
