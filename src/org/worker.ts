// `incloud worker`: takes account jobs from the BullMQ queue, scans each account, and stores
// its result in Redis under the scan id before the job completes. With a PostgreSQL --db that is
// also the coordinator's, it records the account's history there too.

import { Worker, type Job } from 'bullmq';
import pLimit from 'p-limit';
import type { AccountResult } from '../model/org-report.js';
import { recordHistory } from '../pipeline/assess-account.js';
import { storeHistory } from '../store/history-recorder.js';
import type { ScanStore } from '../store/scan-store.js';
import { durable, QUEUE_NAME, ResultStore, type AccountJob, type JobHistory, type ScanRecord } from './queue.js';
import { scanAccount } from './scan-account.js';

export interface WorkerOptions {
  /** Accounts scanned at once by this worker. */
  concurrency: number;
  /** Requests in flight for all of this worker's accounts together. */
  requestConcurrency: number;
  profile?: string;
  /** --db: the PostgreSQL store this worker records into, for jobs whose coordinator uses the same one. */
  store?: { store: ScanStore; id: string };
  /** How long a job stays locked without a heartbeat; a dead worker's job is taken over after it. */
  lockDurationMs: number;
  log: (s: string) => void;
}

export interface RunningWorker {
  /** Finishes the jobs in progress, then stops; with force, stops at once (they are taken over later). */
  close(force?: boolean): Promise<void>;
  worker: Worker<AccountJob>;
}

/**
 * Records the account's history on the worker when the job's store is this worker's store. A
 * failure leaves the result unrecorded, so the coordinator records it (and reports it if it fails too).
 */
async function recordHere(
  result: AccountResult,
  scanId: string,
  history: JobHistory | undefined,
  mine: WorkerOptions['store'],
): Promise<{ result: AccountResult; note: string }> {
  if (!result.report || !history || !mine || history.storeId !== mine.id) return { result, note: '' };
  const started = performance.now();
  const { report, problem } = await recordHistory(result.report, storeHistory(mine.store, scanId), history.sla);
  const historyMs = Math.round(performance.now() - started);
  if (problem) return { result, note: ` (history not recorded here: ${problem}; the coordinator records it)` };
  return { result: { ...result, report, recordedIn: mine.id, historyMs }, note: ` (history recorded in ${historyMs} ms)` };
}

export function startWorker(url: string, o: WorkerOptions): RunningWorker {
  const store = new ResultStore(url);
  const sharedLimit = pLimit(o.requestConcurrency);
  const plans = new Map<string, Promise<ScanRecord | undefined>>();
  const planOf = (scanId: string) => {
    if (!plans.has(scanId))
      plans.set(
        scanId,
        store.getScan(scanId).catch(() => {
          plans.delete(scanId);
          return undefined;
        }),
      );
    return plans.get(scanId)!;
  };
  const processor = async (job: Job<AccountJob>) => {
    const { scanId, target, settings } = job.data;
    o.log(`worker: scanning account ${target.accountId} (scan ${scanId}, attempt ${job.attemptsMade + 1})`);
    const facts = (await planOf(scanId))?.facts;
    const result = await scanAccount(target, {
      ...settings,
      ...(facts ? { organization: facts } : {}),
      concurrency: o.requestConcurrency,
      sharedLimit,
      ...(o.profile ? { profile: o.profile } : {}),
    });
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (result.status === 'not-assessed' && result.retryable && !lastAttempt) throw new Error(result.reason);
    const { retryable: _retryable, ...assessed } = result;
    const { result: stored, note } = await recordHere(assessed, scanId, job.data.history, o.store);
    await store.putResult(scanId, stored);
    o.log(`worker: account ${target.accountId} ${result.status}${result.reason ? `: ${result.reason}` : ''}${note}`);
    return { status: result.status, findings: result.report?.summary.findings ?? 0 };
  };
  const worker = new Worker<AccountJob>(QUEUE_NAME, processor, {
    connection: { url, ...durable() },
    concurrency: o.concurrency,
    lockDuration: o.lockDurationMs,
    stalledInterval: o.lockDurationMs,
    maxStalledCount: 2,
  });
  worker.on('error', (err) => o.log(`worker: queue error: ${err.message}`));
  return {
    worker,
    close: async (force = false) => {
      await worker.close(force);
      store.close();
    },
  };
}
