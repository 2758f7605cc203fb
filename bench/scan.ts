// Scan-cost benchmark: seeds moto_server with a large account (scripts/seed-large.ts), scans it
// through a loopback proxy that adds a fixed latency to every request, as real AWS has, and
// prints wall time against the latency floor (the necessary requests x latency / 50, the SDK's
// socket pool), calls by operation, throttling answers, CPU time, peak RSS, evaluation time and
// report sizes. With --aws-rates the proxy also throttles as AWS documents (token buckets per
// API and Region, scripts/fault-proxy.ts AWS_RATE_LIMITS). With --replay the account is scanned
// once through moto and recorded, and the measured runs get the recorded answers from the
// replay stand-in (scripts/replay-aws.ts), so moto's own CPU is out of the figures. Figures only.
//
//   npm run bench:scan -- [units=1,5,20] [latencies-ms=0,50] [--cli path/to/incloud.js] [--concurrency N] [--aws-rates]

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { emulatorEnv, flag, sampleProcess } from './proc-stats.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AWS_RATE_LIMITS, startFaultProxy } from '../scripts/fault-proxy.js';
import { startMoto } from '../scripts/moto.js';
import { startRecorder, startReplay, type Replay } from '../scripts/replay-aws.js';
import { LARGE_REGIONS, seedLarge } from '../scripts/seed-large.js';
import { PACKAGE_ROOT } from '../src/version.js';

interface Run {
  code: number;
  wallMs: number;
  cpuMs: number;
  peakRssMb: number;
}

/** Runs the CLI and samples its CPU time and peak RSS while it runs. */
function runScan(cli: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const env = emulatorEnv();
    const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'ignore', 'ignore'] });
    const { stats } = sampleProcess(child);
    child.on('exit', (code) => {
      resolve({ code: code ?? -1, wallMs: performance.now() - started, ...stats });
    });
  });
}

const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
const units = (positional[0] ?? '1,5,20').split(',').map(Number);
const latencies = (positional[1] ?? '0,50').split(',').map(Number);
/** One or more CLIs (comma-separated) to compare on the same seeded account. */
const clis = (flag('--cli') ?? join(PACKAGE_ROOT, 'bin', 'incloud.js')).split(',');
const concurrency = flag('--concurrency');
const awsRates = process.argv.includes('--aws-rates');
const useReplay = process.argv.includes('--replay');
/** The account moto gives its fixed test credentials. */
const MOTO_ACCOUNT = '123456789012';
/** Requests in flight at most, whatever incloud asks: the SDK's socket pool. */
const SOCKETS = 50;

const pad = (v: unknown, w: number) => String(v).padStart(w);
console.log(
  `cli ${clis.map((c, i) => `#${i} ${c}`).join(', ')}, --concurrency ${concurrency ?? 'default'}, regions ${LARGE_REGIONS.join(',')}${awsRates ? ', AWS rate limits emulated' : ''}`,
);
console.log(
  [
    'cli',
    'unit',
    'resources',
    'lat_ms',
    'wall_s',
    'floor_s',
    'wall/floor',
    'requests',
    'throttled',
    'per_bucket',
    'cpu_s',
    'rss_mb',
    'eval_ms',
    'json_mb',
    'html_mb',
    'exit',
  ]
    .map((h, i) => pad(h, i < 3 ? 9 : 11))
    .join(''),
);
for (const unit of units) {
  const moto = await startMoto();
  const seeded = Date.now();
  const account = await seedLarge(moto.endpoint, unit);
  const resources = account.securityGroups + account.instances + account.buckets + account.roles + account.users + account.policies;
  console.error(`seeded unit ${unit} (${resources} resources) in ${((Date.now() - seeded) / 1000).toFixed(0)} s`);
  // --replay: the scan's answers recorded once from moto, then served by the replay stand-in.
  let upstream = moto.endpoint;
  let replay: Replay | undefined;
  if (useReplay) {
    const recorder = await startRecorder(moto.endpoint, MOTO_ACCOUNT);
    await runScan(clis[0]!, [
      'scan',
      '--endpoint-url',
      recorder.url,
      '--regions',
      LARGE_REGIONS.join(','),
      '--out',
      mkdtempSync(join(tmpdir(), 'incloud-bench-rec-')),
      '--format',
      'json',
      '-q',
    ]);
    await recorder.close();
    replay = await startReplay(recorder.recording(), 0);
    upstream = replay.url;
    console.error(`recorded ${Object.keys(recorder.recording().answers).length} answers; moto is not asked again`);
  }
  const proxy = await startFaultProxy(upstream);
  for (const latency of latencies)
    for (const [cliIndex, cli] of clis.entries()) {
      proxy.setRules(latency > 0 ? [{ fault: 'delay', rate: 1, delayMs: latency }] : []);
      proxy.setRateLimits(awsRates ? AWS_RATE_LIMITS : []);
      proxy.log.length = 0;
      const out = mkdtempSync(join(tmpdir(), 'incloud-bench-'));
      const run = await runScan(cli, [
        'scan',
        '--endpoint-url',
        proxy.url,
        '--regions',
        LARGE_REGIONS.join(','),
        '--out',
        out,
        '--format',
        'json,html',
        '-q',
        ...(concurrency ? ['--concurrency', concurrency] : []),
      ]);
      const requests = proxy.log.length;
      const throttled = proxy.log.filter((l) => l.fault === 'throttle').length;
      const byOp = new Map<string, number>();
      for (const l of proxy.log) byOp.set(`${l.service}:${l.operation}`, (byOp.get(`${l.service}:${l.operation}`) ?? 0) + 1);
      const perBucketOps = [...byOp.entries()]
        .filter(([op]) => op.startsWith('s3:') && op !== 's3:ListBuckets')
        .reduce((n, [, c]) => n + c, 0);
      let evalMs = '-';
      let jsonMb = 0;
      let htmlMb = 0;
      try {
        const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { scan: { timings?: { evaluateMs?: number } } };
        evalMs = String(report.scan.timings?.evaluateMs ?? '-');
        jsonMb = statSync(join(out, 'report.json')).size / 2 ** 20;
        htmlMb = statSync(join(out, 'report.html')).size / 2 ** 20;
      } catch {
        /* the run failed: its exit code says so */
      }
      const bound = ((requests - throttled) * latency) / SOCKETS / 1000;
      console.log(
        [
          `#${cliIndex}`,
          unit,
          resources,
          latency,
          (run.wallMs / 1000).toFixed(1),
          bound.toFixed(1),
          bound > 0 ? (run.wallMs / 1000 / bound).toFixed(2) : '-',
          requests,
          throttled,
          (perBucketOps / account.buckets).toFixed(1),
          (run.cpuMs / 1000).toFixed(1),
          run.peakRssMb.toFixed(0),
          evalMs,
          jsonMb.toFixed(1),
          htmlMb.toFixed(1),
          run.code,
        ]
          .map((v, i) => pad(v, i < 3 ? 9 : 11))
          .join(''),
      );
      if (latency === latencies[latencies.length - 1] && cliIndex === clis.length - 1) {
        const top = [...byOp.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 12)
          .map(([op, c]) => `${op} ${c}`)
          .join(', ');
        console.log(`  calls by operation: ${top}`);
      }
    }
  await proxy.close();
  if (replay)
    console.error(
      `replay: ${replay.stats.served} answers served, ${replay.stats.misses} not recorded${replay.stats.missed.length ? `: ${replay.stats.missed.slice(0, 3).join('; ')}` : ''}`,
    );
  await replay?.close();
  await moto.stop();
}
