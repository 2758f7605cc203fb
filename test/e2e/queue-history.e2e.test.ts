// Workers that record their own accounts: an organization scan on BullMQ (real redis-server)
// whose coordinator and workers share a PostgreSQL store (a real server). Each worker records
// the accounts it scanned; the coordinator records none of them again. A worker whose --db is
// another database records nothing, and the coordinator records everything; an embedded store
// on a worker is refused before it takes a job.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresServer } from '../../scripts/postgres.js';
import type { RedisServer } from '../../scripts/redis.js';
import { seedOrganization, type SeededOrg } from '../../scripts/seed-org.js';
import type { Report } from '../../src/model/findings.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { runPostgresTests, startPostgres } from '../helpers/postgres.js';
import { runRedisTests, startRedis } from '../helpers/redis.js';
import { orgScanArgs, runCli, startCli as start, until, type CliProcess as Proc } from './cli.js';

describe.runIf(runE2e && runRedisTests && runPostgresTests)('workers recording history into a shared PostgreSQL store', () => {
  let moto: { endpoint: string; stop: () => Promise<void> };
  let redis: RedisServer;
  let postgres: PostgresServer;
  let org: SeededOrg;
  let otherDb: string;
  const running: Proc[] = [];
  const worker = (...extra: string[]) => {
    const w = start(['worker', '--queue', redis.url, '--concurrency', '2', ...extra]);
    running.push(w);
    return w;
  };
  const sql = async <T>(url: string, text: string, params: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const accountReport = (out: string, id: string) => JSON.parse(readFileSync(join(out, 'accounts', id, 'report.json'), 'utf8')) as Report;
  const scan = async (out: string, scanId: string) => {
    const r = await runCli(
      orgScanArgs(moto.endpoint, out, '--format', 'json', '--queue', redis.url, '--db', postgres.url, '--scan-id', scanId),
    );
    expect([0, 3], r.stderr).toContain(r.code);
    return r.stderr;
  };
  const accountIds = () => [org.managementAccountId, ...org.members.map((m) => m.id)].sort();

  beforeAll(async () => {
    [moto, redis, postgres] = await Promise.all([startMoto(), startRedis(), startPostgres()]);
    org = await seedOrganization(moto.endpoint, [
      { name: 'ssh', plant: 'open-ssh' },
      { name: 'bucket', plant: 'public-bucket' },
      { name: 'admin', plant: 'admin-user' },
    ]);
    await sql(postgres.url, 'create database elsewhere');
    const u = new URL(postgres.url);
    u.pathname = '/elsewhere';
    otherDb = u.toString();
  }, 240_000);
  afterEach(async () => {
    for (const w of running.splice(0)) {
      w.proc.kill('SIGTERM');
      await w.exited;
    }
  });
  afterAll(async () => {
    await Promise.all([moto?.stop(), redis?.stop(), postgres?.stop()]);
  });

  it('workers with the same --db record every account; the coordinator records none again; a second scan sees the first', async () => {
    const workers = [worker('--db', postgres.url), worker('--db', postgres.url)];
    for (const w of workers) await until('the worker to start', () => w.output().includes('records history into'));
    const out = mkdtempSync(join(tmpdir(), 'incloud-qh-'));
    const log = await scan(out, 'shared-1');
    expect(log).toContain('history: 4 account(s) recorded: 4 by workers');
    expect(workers.map((w) => w.output().match(/history recorded in \d+ ms/g)?.length ?? 0).reduce((a, b) => a + b)).toBe(4);
    const rows = await sql<{ account_id: string; n: string }>(
      postgres.url,
      "select account_id, count(*) as n from scans where org_scan_id = 'shared-1' group by account_id order by account_id",
    );
    expect(rows).toEqual(accountIds().map((id) => ({ account_id: id, n: '1' })));
    const first = accountReport(out, org.members[0]!.id);
    expect(first.history?.store).toBe('postgres');
    expect(first.history?.trend).toHaveLength(1);

    const again = mkdtempSync(join(tmpdir(), 'incloud-qh-again-'));
    expect(await scan(again, 'shared-2')).toContain('4 by workers');
    const second = accountReport(again, org.members[0]!.id);
    expect(second.history?.trend.map((p) => p.orgScanId)).toEqual(['shared-1', 'shared-2']);
    expect(second.findings.filter((f) => f.history?.new)).toEqual([]);
    expect(JSON.parse(readFileSync(join(again, 'org-report.json'), 'utf8')).trend).toHaveLength(2);
  }, 240_000);

  it('a worker whose --db is another database records nothing there; the coordinator records every account in its own', async () => {
    const w = worker('--db', otherDb);
    await until('the worker to start', () => w.output().includes('records history into'));
    const out = mkdtempSync(join(tmpdir(), 'incloud-qh-other-'));
    expect(await scan(out, 'other-1')).toContain('history: 4 account(s) recorded: 4 by the coordinator');
    expect(w.output()).not.toMatch(/history recorded in/);
    expect(await sql(otherDb, 'select id from scans')).toEqual([]);
    expect(await sql(postgres.url, "select id from scans where org_scan_id = 'other-1'")).toHaveLength(4);
  }, 240_000);

  it('an embedded store on a worker: one line, exit 2, before it takes a job', async () => {
    const r = await runCli(['worker', '--queue', redis.url, '--db', mkdtempSync(join(tmpdir(), 'incloud-qh-embedded-'))]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^incloud: .*a worker records only into a PostgreSQL store/)]);
  }, 60_000);
});
