// Organization-scan benchmark: an emulated organization of N member accounts (moto_server,
// each member with a planted finding), scanned in-process and through the BullMQ queue on a
// local redis-server with 1, 2 and 4 workers. Prints wall time, accounts per minute and peak
// RSS (coordinator and the largest worker). Figures only.
//
// With --latency MS every request passes a loopback proxy that delays it, as real AWS's round
// trips do; without it the emulator's own speed is what is measured.
//
//   npm run bench:org -- [members=50] [--workers 1,2,4] [--worker-concurrency 4] [--latency 50]

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultProxy } from '../scripts/fault-proxy.js';
import { startMoto } from '../scripts/moto.js';
import { startRedis } from '../scripts/redis.js';
import { seedOrganization, type Plant } from '../scripts/seed-org.js';
import type { OrgReport } from '../src/model/org-report.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { emulatorEnv, flag, sampleProcess, type ProcStats } from './proc-stats.js';

const CLI = join(PACKAGE_ROOT, 'bin/incloud.js');
const env = emulatorEnv();

function launch(args: string[]): { child: ChildProcess; stats: ProcStats; exited: Promise<number> } {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'ignore', 'ignore'] });
  const { stats } = sampleProcess(child);
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
  return { child, stats, exited };
}

interface Row {
  runner: string;
  wallS: number;
  accounts: number;
  perMinute: number;
  coordinatorRssMb: number;
  workerRssMb?: number;
  findings: number;
}

async function main(): Promise<void> {
  const members = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 50);
  const workerCounts = (flag('--workers') ?? '1,2,4').split(',').map(Number);
  const workerConcurrency = flag('--worker-concurrency') ?? '4';
  const plants: Plant[] = ['open-ssh', 'public-bucket', 'admin-user'];
  const latency = Number(flag('--latency') ?? 0);
  const [moto, redis] = await Promise.all([startMoto(), startRedis()]);
  const proxy = latency > 0 ? await startFaultProxy(moto.endpoint) : undefined;
  proxy?.setRules([{ fault: 'delay', rate: 1, delayMs: latency }]);
  const endpoint = proxy?.url ?? moto.endpoint;
  try {
    const seedStart = performance.now();
    await seedOrganization(
      moto.endpoint,
      Array.from({ length: members }, (_, i) => ({ name: `member${String(i + 1).padStart(3, '0')}`, plant: plants[i % plants.length]! })),
    );
    console.log(
      `seeded an organization of ${members} members (+ the management account) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );
    const scan = (out: string, ...extra: string[]) => [
      'scan',
      '--org',
      '--endpoint-url',
      endpoint,
      '--regions',
      'us-east-1',
      '--out',
      out,
      '--format',
      'json',
      '-q',
      ...extra,
    ];
    const rows: Row[] = [];
    const record = (runner: string, wallMs: number, out: string, coordinator: ProcStats, workers: ProcStats[] = []) => {
      const report = JSON.parse(readFileSync(join(out, 'org-report.json'), 'utf8')) as OrgReport;
      const accounts = report.summary.accounts.total;
      rows.push({
        runner,
        wallS: wallMs / 1000,
        accounts,
        perMinute: accounts / (wallMs / 60_000),
        coordinatorRssMb: coordinator.peakRssMb,
        ...(workers.length ? { workerRssMb: Math.max(...workers.map((w) => w.peakRssMb)) } : {}),
        findings: report.summary.findings,
      });
      console.log(`  ${runner}: ${(wallMs / 1000).toFixed(1)} s`);
    };

    // moto builds each account's backends (and loads AWS-managed policies) on first use: one
    // untimed pass first, so every measured run sees the same warm emulator.
    await launch(scan(mkdtempSync(join(tmpdir(), 'incloud-bench-org-warm-')))).exited;
    const local = mkdtempSync(join(tmpdir(), 'incloud-bench-org-'));
    let started = performance.now();
    const inProcess = launch(scan(local));
    await inProcess.exited;
    record('in-process (4 accounts at once)', performance.now() - started, local, inProcess.stats);

    for (const n of workerCounts) {
      const out = mkdtempSync(join(tmpdir(), `incloud-bench-org-${n}w-`));
      const workers = Array.from({ length: n }, () => launch(['worker', '--queue', redis.url, '--concurrency', workerConcurrency, '-q']));
      await new Promise((r) => setTimeout(r, 1500));
      started = performance.now();
      const coordinator = launch(scan(out, '--queue', redis.url, '--scan-id', `bench-${n}w-${Date.now()}`));
      await coordinator.exited;
      const wall = performance.now() - started;
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
      record(
        `queue, ${n} worker(s) x ${workerConcurrency} accounts`,
        wall,
        out,
        coordinator.stats,
        workers.map((w) => w.stats),
      );
    }

    console.log(`\nlatency per request: ${latency} ms`);
    console.log('| runner | accounts | wall | accounts/min | coordinator peak RSS | worker peak RSS | findings |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of rows)
      console.log(
        `| ${r.runner} | ${r.accounts} | ${r.wallS.toFixed(1)} s | ${r.perMinute.toFixed(0)} | ${r.coordinatorRssMb.toFixed(0)} MB | ${r.workerRssMb ? `${r.workerRssMb.toFixed(0)} MB` : '-'} | ${r.findings} |`,
      );
  } finally {
    await proxy?.close();
    await Promise.all([moto.stop(), redis.stop()]);
  }
}

await main();
