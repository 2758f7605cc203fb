// How the coordinator follows an organization scan's jobs on a real redis-server: a stored
// result is handed on once; a job that failed all its attempts, a job that is gone, and (when
// not waiting) a job still queued each become a not-assessed account with the reason.

import { Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisServer } from '../../scripts/redis.js';
import type { AccountResult, AccountTarget } from '../../src/model/org-report.js';
import { followAccounts, jobIdFor, QUEUE_NAME, ResultStore } from '../../src/org/queue.js';
import { runRedisTests, startRedis } from '../helpers/redis.js';

const target = (n: number): AccountTarget => ({ accountId: String(100000000000 + n), name: `a${n}`, ouPath: [] });

describe.runIf(runRedisTests)('following the jobs of a queued scan', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const enqueue = async (scanId: string, targets: AccountTarget[]) => {
    const queue = new Queue(QUEUE_NAME, { connection: { url: redis.url } });
    await queue.addBulk(
      targets.map((t) => ({
        name: 'scan-account',
        data: { scanId, target: t },
        opts: { jobId: jobIdFor(scanId, t.accountId), attempts: 1 },
      })),
    );
    await queue.close();
  };
  const follow = async (scanId: string, targets: AccountTarget[], waitForPending?: boolean) => {
    const seen: AccountResult[] = [];
    await followAccounts(redis.url, scanId, targets, (r) => void seen.push(r), {
      pollMs: 50,
      ...(waitForPending === false ? { waitForPending } : {}),
    });
    return seen;
  };

  it('results once each; failed and missing jobs with their reasons', async () => {
    const [done, failing, missing] = [target(1), target(2), target(3)];
    await enqueue('s1', [done, failing]);
    const store = new ResultStore(redis.url);
    const worker = new Worker(
      QUEUE_NAME,
      async (job) => {
        const t = (job.data as { target: AccountTarget }).target;
        if (t.accountId === failing.accountId) throw new Error('the endpoint did not answer');
        await store.putResult('s1', { target: t, status: 'assessed', durationMs: 7 });
      },
      { connection: { url: redis.url, maxRetriesPerRequest: null } },
    );
    try {
      const seen = await follow('s1', [done, failing, missing]);
      expect(seen.map((r) => [r.target.accountId, r.status, r.reason ?? ''])).toEqual(
        expect.arrayContaining([
          [done.accountId, 'assessed', ''],
          [failing.accountId, 'not-assessed', 'scan job failed after 1 attempt(s): the endpoint did not answer'],
          [missing.accountId, 'not-assessed', 'no scan job or result found (expired?)'],
        ]),
      );
      expect(seen).toHaveLength(3);
    } finally {
      await worker.close();
      store.close();
    }
  }, 30_000);

  it('without waiting, a job nobody has taken yet is not assessed; a stored result still counts', async () => {
    const [queued, stored] = [target(4), target(5)];
    await enqueue('s2', [queued]);
    const store = new ResultStore(redis.url);
    await store.putResult('s2', { target: stored, status: 'incomplete', durationMs: 3 });
    store.close();
    const seen = await follow('s2', [queued, stored], false);
    expect(seen.map((r) => [r.target.accountId, r.status, r.reason ?? ''])).toEqual([
      [stored.accountId, 'incomplete', ''],
      [queued.accountId, 'not-assessed', 'its scan job has not finished yet'],
    ]);
  }, 30_000);

  it('many pending accounts: a result is handed on as soon as a round sees it, job states only now and then', async () => {
    const targets = Array.from({ length: 120 }, (_, i) => target(100 + i));
    await enqueue('s3', targets);
    const store = new ResultStore(redis.url);
    const seen: string[] = [];
    const following = followAccounts(redis.url, 's3', targets, (r) => void seen.push(r.target.accountId), { pollMs: 20 });
    for (const t of targets) await store.putResult('s3', { target: t, status: 'assessed', durationMs: 1 });
    await following;
    store.close();
    expect(seen.sort()).toEqual(targets.map((t) => t.accountId).sort());
  }, 30_000);
});
