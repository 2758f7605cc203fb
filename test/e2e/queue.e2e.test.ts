// Organization scans through BullMQ on a real redis-server: two `incloud worker` processes, one
// killed with SIGKILL in the middle of a job; the report must equal the in-process one. Also:
// Redis unreachable at the start, a coordinator that dies (org collect rebuilds the report),
// and a network cut to Redis in the middle of a scan.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RedisServer } from '../../scripts/redis.js';
import { seedOrganization } from '../../scripts/seed-org.js';
import type { OrgReport } from '../../src/model/org-report.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { runRedisTests, startRedis } from '../helpers/redis.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { orgScanArgs, runCli, startCli as start, until, type CliProcess as Proc } from './cli.js';

const MEMBERS = ['open-ssh', 'public-bucket', 'admin-user', 'open-ssh', 'public-bucket'].map((plant, i) => ({
  name: `member${i + 1}`,
  plant: plant as 'open-ssh' | 'public-bucket' | 'admin-user',
}));

const fingerprints = (r: OrgReport) => r.findings.map((f) => `${f.accountId} ${f.fingerprint}`).sort();
const statuses = (r: OrgReport) => Object.fromEntries(r.accounts.map((a) => [a.id, a.status]));

describe.runIf(runE2e && runRedisTests)('organization scans on BullMQ workers (real redis-server)', () => {
  let moto: { endpoint: string; stop: () => Promise<void> };
  let redis: RedisServer;
  let inProcess: OrgReport;
  const running: Proc[] = [];
  const worker = (url: string, ...extra: string[]) => {
    const w = start(['worker', '--queue', url, '--concurrency', '1', '--lock-duration', '2', ...extra]);
    running.push(w);
    return w;
  };
  const scanArgs = (out: string, ...extra: string[]) => orgScanArgs(moto.endpoint, out, '--format', 'json', ...extra);
  const report = (out: string) => JSON.parse(readFileSync(join(out, 'org-report.json'), 'utf8')) as OrgReport;

  beforeAll(async () => {
    [moto, redis] = await Promise.all([startMoto(), startRedis()]);
    await seedOrganization(moto.endpoint, MEMBERS);
    const out = mkdtempSync(join(tmpdir(), 'incloud-q-local-'));
    const r = await runCli(scanArgs(out));
    expect([0, 3]).toContain(r.code);
    inProcess = report(out);
  }, 240_000);
  afterEach(async () => {
    for (const w of running.splice(0)) {
      w.proc.kill('SIGKILL');
      await w.exited;
    }
  });
  afterAll(async () => {
    await Promise.all([moto?.stop(), redis?.stop()]);
  });

  it('two workers, one killed mid-job: the job is taken over and the report equals the in-process one', async () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-q-'));
    const victim = worker(redis.url);
    await until('the first worker to wait for jobs', () => victim.output().includes('waiting for account jobs'));
    const coordinator = start(scanArgs(out, '--queue', redis.url, '--scan-id', 'kill-test'));
    await until('the first worker to take a job', () => /scanning account \d{12}/.test(victim.output()));
    victim.proc.kill('SIGKILL');
    const killedJob = /scanning account (\d{12})/.exec(victim.output())![1]!;
    const survivor = worker(redis.url);
    const code = await coordinator.exited;
    expect([0, 3], coordinator.output()).toContain(code);
    expect(survivor.output()).toContain(`scanning account ${killedJob}`);
    const queued = report(out);
    expect(queued.runner).toEqual({ mode: 'queue', queue: `${redis.url}` });
    expect(fingerprints(queued)).toEqual(fingerprints(inProcess));
    expect(statuses(queued)).toEqual(statuses(inProcess));
  }, 120_000);

  it('a re-run with the same scan id adds no job and org collect rebuilds the report after the coordinator is gone', async () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-q-collect-'));
    const w = worker(redis.url);
    const first = start(scanArgs(out, '--queue', redis.url, '--scan-id', 'collect-test'));
    await until('the worker to finish an account', () => /account \d{12} (assessed|incomplete)/.test(w.output()));
    first.proc.kill('SIGKILL');
    await first.exited;
    await until(
      'every account job to finish',
      () => (w.output().match(/account \d{12} (assessed|incomplete|not-assessed)/g) ?? []).length >= 6,
    );
    const again = await runCli(scanArgs(out, '--queue', redis.url, '--scan-id', 'collect-test'));
    expect([0, 3], again.stderr).toContain(again.code);
    expect((w.output().match(/scanning account/g) ?? []).length).toBe(6);
    const collected = mkdtempSync(join(tmpdir(), 'incloud-q-collected-'));
    const c = await runCli(['org', 'collect', 'collect-test', '--queue', redis.url, '--out', collected, '--format', 'json,html']);
    expect([0, 3], c.stderr).toContain(c.code);
    expect(fingerprints(report(collected))).toEqual(fingerprints(inProcess));
    expect(readFileSync(join(collected, 'org-report.html'), 'utf8')).toContain('organization');
  }, 120_000);

  it('SIGTERM lets a worker finish its current job, then stop', async () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-q-term-'));
    const w = worker(redis.url);
    const coordinator = start(scanArgs(out, '--queue', redis.url, '--scan-id', 'term-test'));
    await until('the worker to take a job', () => /scanning account \d{12}/.test(w.output()));
    const account = /scanning account (\d{12})/.exec(w.output())![1]!;
    w.proc.kill('SIGTERM');
    expect(await w.exited).toBe(0);
    expect(w.output()).toMatch(new RegExp(`account ${account} (assessed|incomplete)`));
    expect((w.output().match(/scanning account/g) ?? []).length).toBe(1);
    const rest = worker(redis.url);
    expect([0, 3]).toContain(await coordinator.exited);
    expect(rest.output()).not.toContain(`scanning account ${account}`);
    expect(fingerprints(report(out))).toEqual(fingerprints(inProcess));
  }, 120_000);

  it('survives a network cut to Redis in the middle of a scan', async () => {
    const proxy = await startTcpProxy(redis.port);
    const url = `redis://127.0.0.1:${proxy.port}`;
    const out = mkdtempSync(join(tmpdir(), 'incloud-q-cut-'));
    const w = worker(url);
    const coordinator = start(scanArgs(out, '--queue', url, '--scan-id', 'cut-test'));
    await until('the worker to take a job', () => /scanning account/.test(w.output()));
    await proxy.cut(3000);
    const code = await coordinator.exited;
    await proxy.close();
    expect([0, 3], coordinator.output()).toContain(code);
    expect(fingerprints(report(out))).toEqual(fingerprints(inProcess));
  }, 120_000);

  it('Redis unreachable at the start: one line, exit 4, for the coordinator and for a worker', async () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-q-down-'));
    for (const args of [scanArgs(out, '--queue', 'redis://127.0.0.1:1'), ['worker', '--queue', 'redis://127.0.0.1:1']]) {
      const r = await runCli(args);
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^incloud: cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*ECONNREFUSED/),
      ]);
    }
    const bad = await runCli(scanArgs(out, '--queue', 'http://x'));
    expect(bad.code).toBe(2);
  });
});
