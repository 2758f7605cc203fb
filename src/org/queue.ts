// Organization scans across machines, on BullMQ (Redis). The coordinator enqueues one job per
// account; `incloud worker` processes (src/org/worker.ts) on any number of machines scan them. BullMQ gives the
// retries with backoff, the locks, and stalled-job recovery (a job whose worker died is handed
// to another). Each account's result (report and snapshot, gzip-compressed) is stored in Redis
// under the scan id before the job completes, so a coordinator that dies loses nothing:
// `incloud org collect <scanId>` builds the organization report from what is stored.

import { gunzipSync, gzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
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
  /** Which of these accounts have a stored result, in one round trip. */
  async present(scanId: string, accountIds: string[]): Promise<boolean[]> {
    if (!accountIds.length) return [];
    const pipe = this.redis.pipeline();
    for (const id of accountIds) pipe.exists(KEY.result(scanId, id));
    const replies = (await pipe.exec()) ?? [];
    return replies.map(([err, n]) => {
      if (err) throw err;
      return n === 1;
    });
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

/** Job states are read every this many rounds (results are looked for every round). */
const STATE_EVERY = 5;
/** Below this many pending accounts, every round reads them. */
const FEW_PENDING = 50;

/**
 * Follows the jobs of a scan until each has an outcome, and hands every account's result to
 * onResult once, as soon as it is fetched. Each round asks Redis which results exist (one
 * pipelined round trip) and reads the job states of the rest only now and then: a job that
 * failed all its attempts becomes a not-assessed account.
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
  const settle = async (r: AccountResult) => {
    pending.delete(r.target.accountId);
    await onResult(r);
  };
  const outageMs = opts.outageMs ?? 600_000;
  // Only the Redis reads are timed: handing a result on (writing its reports) may take long.
  const read = <T>(p: Promise<T>) => withTimeout(p, Math.max(5000, Math.min(outageMs, 30_000)));
  const round = async (n: number) => {
    const waiting = [...pending.values()];
    const present = await read(
      store.present(
        scanId,
        waiting.map((t) => t.accountId),
      ),
    );
    const unsettled: AccountTarget[] = [];
    for (const [i, target] of waiting.entries()) {
      const stored = present[i] ? await read(store.getResult(scanId, target.accountId)) : undefined;
      if (stored) await settle(stored);
      else unsettled.push(target);
    }
    if (n % STATE_EVERY !== 0 && unsettled.length > FEW_PENDING && opts.waitForPending !== false) return;
    for (const target of unsettled) {
      const outcome = await read(finalOutcome(queue, store, scanId, target));
      if (outcome) await settle(outcome);
      else if (opts.waitForPending === false) await settle(unassessed(target, 'its scan job has not finished yet'));
    }
  };
  let lastContact = Date.now();
  try {
    for (let n = 0; ; n++) {
      try {
        await round(n);
        lastContact = Date.now();
      } catch {
        if (Date.now() - lastContact > outageMs)
          throw new QueueError(
            `lost Redis at ${redactUrl(url)} for ${Math.round(outageMs / 1000)} s; the jobs stay queued: run "incloud org collect ${scanId} --queue URL" when it is back`,
          );
        continue;
      }
      if (!pending.size) return;
      await new Promise((res) => setTimeout(res, opts.pollMs ?? 1000));
    }
  } finally {
    store.close();
    await queue.close().catch(() => {});
  }
}

/** The outcome of an account whose result is not stored (yet): failed, gone, or still to come (undefined). */
async function finalOutcome(queue: Queue<AccountJob, unknown, string>, store: ResultStore, scanId: string, target: AccountTarget) {
  const state = await queue.getJobState(jobIdFor(scanId, target.accountId));
  if (state === 'failed') {
    const job = await queue.getJob(jobIdFor(scanId, target.accountId));
    return unassessed(
      target,
      `scan job failed after ${job?.attemptsMade ?? JOB_ATTEMPTS} attempt(s): ${job?.failedReason ?? 'unknown reason'}`,
    );
  }
  if (state !== 'completed' && state !== 'unknown') return undefined;
  // Its result may have been stored since this round looked.
  const stored = await store.getResult(scanId, target.accountId);
  if (stored) return stored;
  return unassessed(target, state === 'completed' ? 'the job completed but its result is gone' : 'no scan job or result found (expired?)');
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
