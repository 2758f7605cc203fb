// Organization scans across machines, on BullMQ (Redis). The coordinator enqueues one job per
// account; `incloud worker` processes (src/org/worker.ts) on any number of machines scan them. BullMQ gives the
// retries with backoff, the locks, and stalled-job recovery (a job whose worker died is handed
// to another). Each account's result (report and snapshot, gzip-compressed) is stored in Redis
// under the scan id before the job completes, so a coordinator that dies loses nothing:
// `incloud org collect <scanId>` builds the organization report from what is stored.

import { gunzipSync, gzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pLimit from 'p-limit';
import type { AccountResult, AccountTarget, OrgScanPlan } from '../model/org-report.js';
import type { SlaPolicy } from '../model/sla.js';
import type { AccountScanSettings } from './scan-account.js';
import { QueueError, redactUrl } from './queue-url.js';

export const QUEUE_NAME = 'incloud-account-scans';
const RESULT_TTL_SECONDS = 14 * 24 * 3600;
const KEY = {
  scan: (scanId: string) => `incloud:scan:${scanId}`,
  result: (scanId: string, accountId: string) => `incloud:result:${scanId}:${accountId}`,
};
/** BullMQ refuses ":" in custom job ids, so the deterministic id joins scan and account with "_". */
export const jobIdFor = (scanId: string, accountId: string): string => `${scanId}_${accountId}`;

/** What travels in a job: the settings without the parts that belong to the worker's machine. */
export type JobSettings = Omit<AccountScanSettings, 'sharedLimit' | 'profile' | 'organization'>;

/** The coordinator's PostgreSQL store: a worker whose --db is that same database records the account there. */
export interface JobHistory {
  storeId: string;
  sla: SlaPolicy;
}

export interface AccountJob {
  scanId: string;
  target: AccountTarget;
  settings: JobSettings;
  history?: JobHistory;
}

/** What the coordinator stores so that `org collect` can rebuild the report without it. */
export type ScanRecord = OrgScanPlan & { createdAt: string };

/**
 * Options for connections that must survive a Redis restart or a network cut: commands wait
 * while ioredis reconnects (BullMQ workers require maxRetriesPerRequest null).
 */
export const durable = () => ({ maxRetriesPerRequest: null, retryStrategy: (times: number) => Math.min(times * 200, 2000) });

/** Fails fast, with one line, when Redis cannot be reached at the start of a run. */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause: NodeJS.ErrnoException | undefined;
  probe.on('error', (err: NodeJS.ErrnoException) => {
    cause ??= err;
  });
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    const first = cause ?? (err as NodeJS.ErrnoException);
    const code = first.code ?? first.message;
    throw new QueueError(`cannot reach Redis at ${redactUrl(url)} (${code})`);
  } finally {
    probe.disconnect();
  }
}

const compress = (v: unknown): Buffer => gzipSync(JSON.stringify(v));
const decompress = <T>(b: Buffer): T => JSON.parse(gunzipSync(b).toString('utf8')) as T;

export class ResultStore {
  readonly redis: Redis;
  constructor(url: string) {
    this.redis = new Redis(url, durable());
    this.redis.on('error', () => {});
  }
  async putScan(record: ScanRecord): Promise<void> {
    await this.redis.set(KEY.scan(record.scanId), compress(record), 'EX', RESULT_TTL_SECONDS);
  }
  async getScan(scanId: string): Promise<ScanRecord | undefined> {
    const b = await this.redis.getBuffer(KEY.scan(scanId));
    return b ? decompress<ScanRecord>(b) : undefined;
  }
  async putResult(scanId: string, result: AccountResult): Promise<void> {
    await this.redis.set(KEY.result(scanId, result.target.accountId), compress(result), 'EX', RESULT_TTL_SECONDS);
  }
  async getResult(scanId: string, accountId: string): Promise<AccountResult | undefined> {
    const b = await this.redis.getBuffer(KEY.result(scanId, accountId));
    return b ? decompress<AccountResult>(b) : undefined;
  }
  close(): void {
    this.redis.disconnect();
  }
}

export const JOB_ATTEMPTS = 3;

/**
 * Stores the scan's plan, then adds one job per account. The settings travel in the jobs
 * without the profile: it names credentials on this machine, and workers use their own.
 */
export async function submitScan(
  url: string,
  plan: OrgScanPlan,
  settings: Omit<AccountScanSettings, 'sharedLimit'>,
  history?: JobHistory,
): Promise<void> {
  const results = new ResultStore(url);
  try {
    await results.putScan({ ...plan, createdAt: new Date().toISOString() });
  } finally {
    results.close();
  }
  // The organization's facts are in the stored plan, once, not in every job (see startWorker).
  const { profile: _profile, organization: _organization, ...jobSettings } = settings;
  await enqueueAccounts(
    url,
    plan.targets.map((target) => ({ scanId: plan.scanId, target, settings: jobSettings, ...(history ? { history } : {}) })),
  );
}

/** Adds one job per account; an id that is already queued (a re-run of the same scan) is left as is. */
async function enqueueAccounts(url: string, jobs: AccountJob[]): Promise<void> {
  const queue = new Queue<AccountJob, unknown, string>(QUEUE_NAME, { connection: { url, ...durable() } });
  queue.on('error', () => {});
  try {
    await queue.addBulk(
      jobs.map((data) => ({
        name: 'scan-account',
        data,
        opts: {
          jobId: jobIdFor(data.scanId, data.target.accountId),
          attempts: JOB_ATTEMPTS,
          backoff: { type: 'exponential', delay: 5000 },
          removeOnComplete: { age: RESULT_TTL_SECONDS },
          removeOnFail: { age: RESULT_TTL_SECONDS },
        },
      })),
    );
  } finally {
    await queue.close();
  }
}

export interface WaitOptions {
  pollMs?: number;
  /** Give up after Redis has not answered for this long. */
  outageMs?: number;
  /** false: do not wait for unfinished jobs; their accounts are reported as not assessed. */
  waitForPending?: boolean;
}

/**
 * Follows the jobs of a scan until each has an outcome, and hands every account's result to
 * onResult once. A job that failed all its attempts becomes a not-assessed account.
 */
export async function followAccounts(
  url: string,
  scanId: string,
  targets: AccountTarget[],
  onResult: (r: AccountResult) => void | Promise<void>,
  opts: WaitOptions = {},
): Promise<void> {
  const queue = new Queue<AccountJob, unknown, string>(QUEUE_NAME, { connection: { url, ...durable() } });
  queue.on('error', () => {});
  const store = new ResultStore(url);
  const pending = new Map(targets.map((t) => [t.accountId, t]));
  const limit = pLimit(32);
  let lastContact = Date.now();
  const outageMs = opts.outageMs ?? 600_000;
  try {
    for (;;) {
      const round = Promise.all(
        [...pending.values()].map((target) =>
          limit(async () => {
            const outcome = await outcomeOf(queue, store, scanId, target);
            return !outcome && opts.waitForPending === false ? unassessed(target, 'its scan job has not finished yet') : outcome;
          }),
        ),
      );
      let outcomes: (AccountResult | undefined)[];
      try {
        outcomes = await withTimeout(round, Math.max(5000, Math.min(outageMs, 30_000)));
        lastContact = Date.now();
      } catch {
        if (Date.now() - lastContact > outageMs)
          throw new QueueError(
            `lost Redis at ${redactUrl(url)} for ${Math.round(outageMs / 1000)} s; the jobs stay queued: run "incloud org collect ${scanId} --queue URL" when it is back`,
          );
        continue;
      }
      for (const r of outcomes) {
        if (!r) continue;
        pending.delete(r.target.accountId);
        await onResult(r);
      }
      if (!pending.size) return;
      await new Promise((res) => setTimeout(res, opts.pollMs ?? 1000));
    }
  } finally {
    store.close();
    await queue.close().catch(() => {});
  }
}

async function outcomeOf(queue: Queue<AccountJob, unknown, string>, store: ResultStore, scanId: string, target: AccountTarget) {
  const job = await queue.getJob(jobIdFor(scanId, target.accountId));
  if (!job) {
    const stored = await store.getResult(scanId, target.accountId);
    return stored ?? unassessed(target, 'no scan job or result found (expired?)');
  }
  const state = await job.getState();
  if (state === 'completed') {
    const stored = await store.getResult(scanId, target.accountId);
    return stored ?? unassessed(target, 'the job completed but its result is gone');
  }
  if (state === 'failed') return unassessed(target, `scan job failed after ${job.attemptsMade} attempt(s): ${job.failedReason}`);
  return undefined;
}

const unassessed = (target: AccountTarget, reason: string): AccountResult => ({ target, status: 'not-assessed', reason, durationMs: 0 });

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (err) => {
        clearTimeout(t);
        reject(err);
      },
    );
  });
}
