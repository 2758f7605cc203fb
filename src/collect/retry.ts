// Retries per call, not from a shared quota: the SDK's standard and adaptive modes draw
// every retry from one token bucket per client, so a burst of throttling on one service
// used up the retries that a later transient error on another call needed, and that call
// was sent once and lost. Here each call gets its own attempts, backs off with full jitter
// (longer for throttling), honours Retry-After, and never sleeps past the scan deadline.

export type RetryErrorType = 'TRANSIENT' | 'THROTTLING' | 'SERVER_ERROR' | 'CLIENT_ERROR';

interface RetryErrorInfo {
  errorType: RetryErrorType;
  error?: unknown;
  retryAfterHint?: Date;
}

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Base of the exponential backoff in ms. */
  baseDelayMs: number;
  /** Largest single wait in ms. */
  maxDelayMs: number;
  /** Epoch ms after which no retry is started; undefined = none. */
  deadline?: number;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 20_000 };

/** Errors that a second attempt can fix although the SDK files them as client errors. */
const RETRYABLE_CODES = new Set([
  'IncompleteResponse',
  'RequestTimeTooSkewed',
  'RequestExpired',
  'RequestInTheFuture',
  'PriorRequestNotComplete',
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ETIMEDOUT',
]);
/** Errors that end the call at once: retrying cannot help. */
const FINAL_CODES = new Set([
  'EndpointUnresponsive',
  'ScanDeadlineExceeded',
  'ScanInterrupted',
  'CredentialsRefused',
  'MutatingCallBlocked',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);

function codeOf(err: unknown): string {
  const e = (err ?? {}) as { name?: string; code?: string; Code?: string };
  return String(e.Code ?? e.code ?? e.name ?? '');
}

export function isRetryable(info: RetryErrorInfo): boolean {
  const code = codeOf(info.error);
  const name = String((info.error as { name?: string } | undefined)?.name ?? '');
  if (FINAL_CODES.has(code) || FINAL_CODES.has(name)) return false;
  if (info.errorType !== 'CLIENT_ERROR') return true;
  return RETRYABLE_CODES.has(code) || RETRYABLE_CODES.has(name);
}

class Token implements RetryToken {
  constructor(
    readonly count: number,
    readonly delay: number,
  ) {}
  getRetryCount(): number {
    return this.count;
  }
  getRetryDelay(): number {
    return this.delay;
  }
}

/** A RetryStrategyV2 for the SDK clients (see the file comment for why not the SDK's own). */
export class PerCallRetryStrategy {
  readonly mode = 'incloud-per-call';
  constructor(private readonly policy: RetryPolicy = DEFAULT_RETRY) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    return new Token(0, 0);
  }

  async refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken> {
    const attempt = token.getRetryCount() + 1;
    if (attempt >= this.policy.maxAttempts || !isRetryable(info)) throw new Error('no retry');
    const delay = this.delayFor(attempt, info);
    if (this.policy.deadline !== undefined && Date.now() + delay >= this.policy.deadline) throw new Error('no retry');
    return new Token(attempt, delay);
  }

  recordSuccess(): void {}

  delayFor(attempt: number, info: RetryErrorInfo): number {
    const random = this.policy.random ?? Math.random;
    const base = info.errorType === 'THROTTLING' ? this.policy.baseDelayMs * 4 : this.policy.baseDelayMs;
    const ceiling = Math.min(this.policy.maxDelayMs, base * 2 ** (attempt - 1));
    let delay = Math.round(random() * ceiling);
    if (info.retryAfterHint) delay = Math.max(delay, Math.min(this.policy.maxDelayMs, info.retryAfterHint.getTime() - Date.now()));
    return delay;
  }
}
