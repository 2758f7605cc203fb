// What every request of one scan shares: the call scheduler, the scan deadline, a breaker
// that stops sending once the endpoint has stopped answering, and per-operation counts.
// The SDK clients reach it through middleware (see clients.ts).

import { classify, CREDENTIAL_ERRORS, errorCode, type SdkLikeError } from './errors.js';
import { laneBudget } from './lane-budgets.js';
import { CallScheduler } from './scheduler.js';

export class ScanStop extends Error {
  constructor(
    readonly code: 'EndpointUnresponsive' | 'ScanDeadlineExceeded' | 'ScanInterrupted' | 'CredentialsRefused',
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

// A reset connection was answered, then cut: the endpoint is alive, so resets do not count.
const NO_ANSWER = new Set(['TimeoutError', 'RequestTimeout', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENOTFOUND']);

export const isThrottling = (err: unknown): boolean => classify(err) === 'throttled';

/** True when the endpoint gave no HTTP answer at all (timeout, refused or reset connection). */
export function isNoAnswer(err: unknown): boolean {
  const e = (err ?? {}) as SdkLikeError;
  if (e.$metadata?.httpStatusCode) return false;
  // The SDK names a reset socket "TimeoutError" too; its code tells the two apart.
  if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return false;
  return NO_ANSWER.has(String(e.name ?? '')) || NO_ANSWER.has(String(e.code ?? ''));
}

export interface TransportOptions {
  concurrency: number;
  /** Epoch ms after which no request is started. */
  deadline?: number;
  /** Requests in a row without any answer after which the endpoint counts as gone. */
  breakerThreshold?: number;
  /**
   * A limit shared with other scans of the same run (an organization scan): a request holds a
   * slot of it while on the wire, so parallel accounts share one budget of requests in flight.
   */
  sharedLimit?: <T>(fn: () => Promise<T>) => Promise<T>;
}

export interface OperationStats {
  calls: number;
  attempts: number;
  failedAttempts: number;
  ms: number;
}

export class ScanTransport {
  readonly scheduler: CallScheduler;
  readonly operations = new Map<string, OperationStats>();
  private unanswered = 0;
  private stopped?: ScanStop;

  constructor(readonly options: TransportOptions) {
    this.scheduler = new CallScheduler(options.concurrency, laneBudget);
  }

  get stopReason(): ScanStop | undefined {
    return this.stopped;
  }

  private stats(operation: string): OperationStats {
    let s = this.operations.get(operation);
    if (!s) {
      s = { calls: 0, attempts: 0, failedAttempts: 0, ms: 0 };
      this.operations.set(operation, s);
    }
    return s;
  }

  recordCall(operation: string): void {
    this.stats(operation).calls++;
  }

  stop(reason: ScanStop): void {
    if (this.stopped) return;
    this.stopped = reason;
    this.scheduler.drain(reason);
  }

  interrupt(): void {
    this.stop(new ScanStop('ScanInterrupted', 'the scan was interrupted'));
  }

  private checkOpen(): void {
    if (this.stopped) throw this.stopped;
    if (this.options.deadline !== undefined && Date.now() >= this.options.deadline) {
      this.stop(new ScanStop('ScanDeadlineExceeded', 'the scan deadline passed before this call could be made'));
      throw this.stopped;
    }
  }

  /** Sends one attempt of a request through the scheduler. */
  async attempt<T>(lane: string, operation: string, send: () => Promise<T>): Promise<T> {
    this.checkOpen();
    const stats = this.stats(operation);
    return this.scheduler.run(
      lane,
      async () => {
        this.checkOpen();
        stats.attempts++;
        const started = performance.now();
        try {
          const shared = this.options.sharedLimit;
          const out = shared ? await shared(send) : await send();
          this.unanswered = 0;
          return out;
        } catch (err) {
          stats.failedAttempts++;
          this.noteFailure(err);
          throw err;
        } finally {
          stats.ms += performance.now() - started;
        }
      },
      (err) => (isThrottling(err) ? 'throttled' : 'error'),
    );
  }

  private noteFailure(err: unknown): void {
    const code = errorCode(err);
    if (CREDENTIAL_ERRORS.has(code) && code !== 'SignatureDoesNotMatch') {
      // Every later call would be refused too: stop sending, and say why.
      this.stop(
        new ScanStop('CredentialsRefused', `the scanner's credentials were refused mid-scan (${code}); the rest was not collected`),
      );
      return;
    }
    if (!isNoAnswer(err)) {
      this.unanswered = 0;
      return;
    }
    this.unanswered++;
    if (this.unanswered >= (this.options.breakerThreshold ?? 3)) {
      const what = (err as SdkLikeError).code === 'ECONNREFUSED' ? 'refuses connections' : 'stopped answering';
      this.stop(new ScanStop('EndpointUnresponsive', `the AWS endpoint ${what} (${this.unanswered} requests in a row got no answer)`));
    }
  }
}
