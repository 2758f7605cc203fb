// Faults in organization scans of 22 accounts (moto Organizations, IAM enforced, a real
// redis-server): a member role that stops being assumable in the middle of the scan, the
// Organizations listing denied, a worker and Redis itself SIGKILLed (Redis restarted from its
// append-only file), and two coordinators with the same scan id. Every time the organization
// report names each account exactly once, as assessed, not assessed or skipped.

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../scripts/fault-proxy.js';
import type { RedisServer } from '../../scripts/redis.js';
import { scannerUser, seedOrganization, type Plant, type SeededOrg } from '../../scripts/seed-org.js';
import type { OrgReport } from '../../src/model/org-report.js';
import { runE2e, startMoto } from '../helpers/moto.js';
import { runRedisTests, startRedis } from '../helpers/redis.js';
import { orgScanArgs, runCli, startCli, until, type CliProcess as Proc } from './cli.js';

const PLANTS: Plant[] = ['open-ssh', 'public-bucket', 'admin-user', 'none'];
const MEMBERS = [
  ...Array.from({ length: 20 }, (_, i) => ({ name: `m${String(i + 1).padStart(2, '0')}`, plant: PLANTS[i % PLANTS.length]! })),
  { name: 'retired', plant: 'closed' as const },
];

describe.runIf(runE2e && runRedisTests)('organization scans under faults (22 accounts)', () => {
  let moto: { endpoint: string; stop: () => Promise<void> };
  let proxy: FaultProxy;
  let org: SeededOrg;
  let keys: { accessKeyId: string; secretAccessKey: string };
  const running: Proc[] = [];
  const env = () => ({ AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey });
  const start = (args: string[]): Proc => {
    const p = startCli(args, env());
    running.push(p);
    return p;
  };
  const args = (out: string, ...extra: string[]) => orgScanArgs(proxy.url, out, '--format', 'json', ...extra);
  const report = (out: string) => JSON.parse(readFileSync(join(out, 'org-report.json'), 'utf8')) as OrgReport;
  /** Every account of the organization exactly once, with a status; the closed one skipped. */
  const everyAccountOnce = (r: OrgReport) => {
    const ids = r.accounts.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([org.managementAccountId, ...org.members.map((m) => m.id)].sort());
    for (const a of r.accounts) expect(['assessed', 'incomplete', 'not-assessed', 'skipped']).toContain(a.status);
    expect(r.accounts.find((a) => a.name === 'retired')!.status).toBe('skipped');
    expect(r.summary.accounts.total).toBe(ids.length);
  };
  const setScannerPolicy = async (deniedAccounts: string[]) => {
    const iam = new IAMClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: keys });
    const statements: unknown[] = [{ Effect: 'Allow', Action: '*', Resource: '*' }];
    if (deniedAccounts.length)
      statements.push({ Effect: 'Deny', Action: 'sts:AssumeRole', Resource: deniedAccounts.map((a) => `arn:aws:iam::${a}:role/*`) });
    try {
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'incloud-scanner',
          PolicyName: 'scan',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
        }),
      );
    } finally {
      iam.destroy();
    }
  };

  beforeAll(async () => {
    moto = await startMoto();
    org = await seedOrganization(moto.endpoint, MEMBERS);
    keys = await scannerUser(moto.endpoint, []);
    expect((await fetch(`${moto.endpoint}/moto-api/reset-auth`, { method: 'POST', body: '0' })).status).toBe(200);
    proxy = await startFaultProxy(moto.endpoint);
  }, 300_000);
  afterEach(async () => {
    proxy.setRules([]);
    for (const p of running.splice(0)) {
      p.proc.kill('SIGKILL');
      await p.exited;
    }
  });
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it('a member role that stops being assumable mid-scan: that account not assessed with the reason, every other once', async () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-orgf-deny-'));
    // Accounts are scanned in id order, one at a time: the victim is the last one scanned, so the
    // deny is in place before its turn (moto's account ids are random; seeding order says nothing).
    const last = org.members
      .filter((m) => m.plant !== 'closed')
      .sort((a, b) => a.id.localeCompare(b.id))
      .at(-1)!;
    const before = proxy.log.length;
    const scan = start(args(out, '--account-concurrency', '1'));
    await until('the first member scan', () => proxy.log.slice(before).some((l) => l.operation === 'AssumeRole'), 120_000);
    await setScannerPolicy([last.id]);
    try {
      expect(await scan.exited, scan.output()).toBe(3);
    } finally {
      await setScannerPolicy([]);
    }
    const r = report(out);
    everyAccountOnce(r);
    const denied = r.accounts.find((a) => a.id === last.id)!;
    expect(denied.status).toBe('not-assessed');
    expect(denied.reason).toMatch(/cannot assume .*AccessDenied/);
    expect(r.accounts.filter((a) => a.status === 'not-assessed').map((a) => a.id)).toEqual([last.id]);
  }, 300_000);

  it.each(['ListAccounts', 'ListAccountsForParent', 'ListOrganizationalUnitsForParent'])(
    'the Organizations listing denied (%s): one line, exit 4, no organization report with accounts missing',
    async (operation) => {
      const out = mkdtempSync(join(tmpdir(), 'incloud-orgf-list-'));
      proxy.setRules([{ fault: 'deny', rate: 1, operation }]);
      const r = await runCli(args(out), env());
      expect(r.code, r.stderr).toBe(4);
      const lines = r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('incloud:'));
      expect(lines).toEqual([expect.stringContaining(`cannot list the organization (${operation}: AccessDeniedException)`)]);
      expect(existsSync(join(out, 'org-report.json'))).toBe(false);
    },
    120_000,
  );

  describe('on BullMQ workers', () => {
    let redis: RedisServer;
    const redisDir = mkdtempSync(join(tmpdir(), 'incloud-orgf-redis-'));
    beforeAll(async () => {
      redis = await startRedis({ persistDir: redisDir });
    });
    afterAll(async () => {
      await redis?.stop();
    });
    const worker = () => start(['worker', '--queue', redis.url, '--concurrency', '2', '--lock-duration', '2']);
    const accountsDone = (p: Proc) => (p.output().match(/account \d{12} (assessed|incomplete|not-assessed)/g) ?? []).length;

    it('a worker and Redis SIGKILLed mid-scan, Redis restarted from its append-only file: every account once', async () => {
      const out = mkdtempSync(join(tmpdir(), 'incloud-orgf-redis-kill-'));
      const victim = worker();
      await until('the worker to wait for jobs', () => victim.output().includes('waiting for account jobs'), 120_000);
      const coordinator = start(args(out, '--queue', redis.url, '--scan-id', 'redis-kill', '--redis-outage', '120'));
      await until('a few accounts to be done', () => accountsDone(victim) >= 3, 120_000);
      victim.proc.kill('SIGKILL');
      await redis.kill();
      await new Promise((r) => setTimeout(r, 1000));
      redis = await startRedis({ port: redis.port, persistDir: redisDir });
      const survivor = worker();
      const code = await coordinator.exited;
      expect([0, 3], coordinator.output()).toContain(code);
      expect(survivor.output()).toMatch(/scanning account \d{12}/);
      const r = report(out);
      everyAccountOnce(r);
      expect(r.accounts.filter((a) => a.status === 'not-assessed')).toEqual([]);
    }, 300_000);

    it('two coordinators with the same scan id: one set of jobs, the same report, every account once', async () => {
      const [outA, outB] = [mkdtempSync(join(tmpdir(), 'incloud-orgf-twin-a-')), mkdtempSync(join(tmpdir(), 'incloud-orgf-twin-b-'))];
      const a = start(args(outA, '--queue', redis.url, '--scan-id', 'twins'));
      const b = start(args(outB, '--queue', redis.url, '--scan-id', 'twins'));
      const w = worker();
      const [ca, cb] = await Promise.all([a.exited, b.exited]);
      expect([0, 3], a.output()).toContain(ca);
      expect([0, 3], b.output()).toContain(cb);
      const [ra, rb] = [report(outA), report(outB)];
      everyAccountOnce(ra);
      everyAccountOnce(rb);
      expect(rb.accounts.map((x) => `${x.id} ${x.status}`).sort()).toEqual(ra.accounts.map((x) => `${x.id} ${x.status}`).sort());
      const scanned = w.output().match(/scanning account (\d{12})/g) ?? [];
      expect(scanned.length).toBe(new Set(scanned).size);
    }, 300_000);
  });
});
