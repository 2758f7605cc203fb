// Organization-scan benchmark: an organization of N member accounts scanned in-process and
// through the BullMQ queue on a local redis-server with 1, 2 and 4 workers. Prints wall time,
// accounts per minute, CPU-seconds per account (coordinator and workers together), peak RSS
// (coordinator and the largest worker) and, with --db, history recording time per account.
// Figures only.
//
// The accounts come from moto_server (each member seeded with a planted finding), or with
// --replay from the replay stand-in (scripts/replay-aws.ts): three seeded members scanned once
// through moto and recorded, then served as N copies at nearly no CPU, so the figures are
// incloud's and not the emulator's. --latency MS delays every request as real AWS round trips
// do. --db postgres records history into a PostgreSQL server (a fresh database per run); the
// queued runs' workers get the same --db and record their own accounts (with
// --coordinator-records they do not, and the coordinator records every account, as before).
//
//   npm run bench:org -- [members=50] [--replay] [--db postgres] [--workers 1,2,4]
//                        [--worker-concurrency 4] [--latency 50] [--no-in-process] [--coordinator-records]

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startFaultProxy } from '../scripts/fault-proxy.js';
import { startMoto } from '../scripts/moto.js';
import { startPostgres, type PostgresServer } from '../scripts/postgres.js';
import { startRedis } from '../scripts/redis.js';
import { startRecorder, startReplay, type Replay } from '../scripts/replay-aws.js';
import { orgScanArgs } from '../scripts/scan-args.js';
import { seedOrganization, type Plant } from '../scripts/seed-org.js';
import type { OrgReport } from '../src/model/org-report.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { emulatorEnv, flag, sampleProcess, type ProcStats } from './proc-stats.js';

const CLI = join(PACKAGE_ROOT, 'bin/incloud.js');
const env = emulatorEnv();
const PLANTS: Plant[] = ['open-ssh', 'public-bucket', 'admin-user'];

interface Launched {
  child: ChildProcess;
  stats: ProcStats;
  exited: Promise<number>;
  stderr: () => string;
}

function launch(args: string[]): Launched {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-20_000)));
  const { stats } = sampleProcess(child);
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  return { child, stats, exited, stderr: () => stderr };
}

interface Row {
  runner: string;
  wallS: number;
  accounts: number;
  perMinute: number;
  cpuSPerAccount: number;
  coordinatorCpuS: number;
  coordinatorRssMb: number;
  workerRssMb?: number;
  standInCpuS: number;
  historyMs?: string;
  findings: number;
  exit: number;
}

/** The seeded members' endpoint: moto itself, or the replay of a recording of three of them. */
async function accountsEndpoint(
  members: number,
  replay: boolean,
): Promise<{ endpoint: string; stop: () => Promise<void>; replay?: Replay }> {
  const moto = await startMoto();
  const seedStart = performance.now();
  const seeded = await seedOrganization(
    moto.endpoint,
    Array.from({ length: replay ? PLANTS.length : members }, (_, i) => ({
      name: `member${String(i + 1).padStart(3, '0')}`,
      plant: PLANTS[i % PLANTS.length]!,
    })),
  );
  const took = ((performance.now() - seedStart) / 1000).toFixed(1);
  if (!replay) {
    console.log(`seeded an organization of ${members} members (+ the management account) in moto in ${took} s`);
    // moto builds each account's backends (and loads AWS-managed policies) on first use: one
    // untimed pass first, so every measured run sees the same warm emulator.
    await launch(orgScanArgs(moto.endpoint, mkdtempSync(join(tmpdir(), 'incloud-bench-org-warm-')), ...JSON_ONLY)).exited;
    return { endpoint: moto.endpoint, stop: () => moto.stop() };
  }
  const recorder = await startRecorder(moto.endpoint, seeded.managementAccountId);
  await launch(orgScanArgs(recorder.url, mkdtempSync(join(tmpdir(), 'incloud-bench-org-record-')), ...JSON_ONLY)).exited;
  await recorder.close();
  await moto.stop();
  const recording = recorder.recording();
  const stand = await startReplay(recording, members);
  console.log(
    `recorded ${Object.keys(recording.answers).length} answers from ${recording.members.length} seeded members in moto (${took} s to seed); replaying ${members} copies`,
  );
  return { endpoint: stand.url, stop: () => stand.close(), replay: stand };
}

/** Every run writes the JSON reports only, as the figures in README were measured. */
const JSON_ONLY = ['--format', 'json'];

/** A fresh database on the server for one run, so every run records onto the same (empty) history. */
async function freshDatabase(server: PostgresServer, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  try {
    await c.query(`create database ${name}`);
  } finally {
    await c.end();
  }
  const u = new URL(server.url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function main(): Promise<void> {
  const members = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 50);
  const workerCounts = (flag('--workers') ?? '1,2,4').split(',').filter(Boolean).map(Number);
  const workerConcurrency = flag('--worker-concurrency') ?? '4';
  const latency = Number(flag('--latency') ?? 0);
  const useDb = flag('--db') === 'postgres';
  const [accounts, redis, postgres] = await Promise.all([
    accountsEndpoint(members, process.argv.includes('--replay')),
    startRedis(),
    useDb ? startPostgres() : undefined,
  ]);
  const proxy = latency > 0 ? await startFaultProxy(accounts.endpoint) : undefined;
  proxy?.setRules([{ fault: 'delay', rate: 1, delayMs: latency }]);
  const endpoint = proxy?.url ?? accounts.endpoint;
  const rows: Row[] = [];
  let runs = 0;
  const measure = async (runner: string, extra: string[], workerCount: number) => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-bench-org-'));
    const db = postgres ? await freshDatabase(postgres, `bench_${++runs}`) : undefined;
    const dbArgs = db ? ['--db', db] : [];
    const workerDb = process.argv.includes('--coordinator-records') ? [] : dbArgs;
    const workers = Array.from({ length: workerCount }, () =>
      launch(['worker', '--queue', redis.url, '--concurrency', workerConcurrency, '-q', ...workerDb]),
    );
    if (workers.length) await new Promise((r) => setTimeout(r, 1500));
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const coordinator = launch(orgScanArgs(endpoint, out, ...JSON_ONLY, ...extra, ...dbArgs));
    const exit = await coordinator.exited;
    const wallMs = performance.now() - started;
    const standIn = process.cpuUsage(cpuBefore);
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    const report = JSON.parse(readFileSync(join(out, 'org-report.json'), 'utf8')) as OrgReport;
    const total = report.summary.accounts.total;
    const cpuMs = coordinator.stats.cpuMs + workers.reduce((n, w) => n + w.stats.cpuMs, 0);
    const history = /^history: .*$/m.exec(coordinator.stderr())?.[0].replace(/^history: \d+ account\(s\) recorded: /, '');
    rows.push({
      runner,
      wallS: wallMs / 1000,
      accounts: total,
      perMinute: total / (wallMs / 60_000),
      cpuSPerAccount: cpuMs / 1000 / total,
      coordinatorCpuS: coordinator.stats.cpuMs / 1000,
      coordinatorRssMb: coordinator.stats.peakRssMb,
      ...(workers.length ? { workerRssMb: Math.max(...workers.map((w) => w.stats.peakRssMb)) } : {}),
      standInCpuS: (standIn.user + standIn.system) / 1e6,
      ...(history ? { historyMs: history } : {}),
      findings: report.summary.findings,
      exit,
    });
    console.log(`  ${runner}: ${(wallMs / 1000).toFixed(1)} s, exit ${exit}`);
  };
  try {
    if (!process.argv.includes('--no-in-process')) await measure('in-process (4 accounts at once)', [], 0);
    for (const n of workerCounts)
      await measure(
        `queue, ${n} worker(s) x ${workerConcurrency} accounts`,
        ['--queue', redis.url, '--scan-id', `bench-${n}w-${Date.now()}`],
        n,
      );
    if (accounts.replay)
      console.log(`\nreplay: ${accounts.replay.stats.served} answers served, ${accounts.replay.stats.misses} not recorded`);
    console.log(`latency per request: ${latency} ms; history: ${postgres ? 'PostgreSQL (a fresh database per run)' : 'not recorded'}`);
    console.log(
      '| runner | accounts | wall | accounts/min | CPU-s per account | coordinator CPU | coordinator peak RSS | worker peak RSS | stand-in CPU | history per account | findings | exit |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of rows)
      console.log(
        `| ${r.runner} | ${r.accounts} | ${r.wallS.toFixed(1)} s | ${r.perMinute.toFixed(0)} | ${r.cpuSPerAccount.toFixed(2)} | ${r.coordinatorCpuS.toFixed(1)} s | ${r.coordinatorRssMb.toFixed(0)} MB | ${r.workerRssMb ? `${r.workerRssMb.toFixed(0)} MB` : '-'} | ${r.standInCpuS.toFixed(1)} s | ${r.historyMs ?? '-'} | ${r.findings} | ${r.exit} |`,
      );
  } finally {
    await proxy?.close();
    await Promise.all([accounts.stop(), redis.stop(), postgres?.stop()]);
  }
}

await main();
