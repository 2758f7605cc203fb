import type { CollectError, ErrorKind, Fetch, SkippedCalls } from '../model/snapshot.js';
import { iamActionFor } from './permissions.js';

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'UnauthorizedAccess',
  'Forbidden',
  'AllAccessDisabled',
]);
/** The caller's credentials, not its permissions: expired, unknown or signed with the wrong secret. */
export const CREDENTIAL_ERRORS = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'InvalidToken',
  'TokenRefreshRequired',
]);
export const CLOCK_SKEW_ERRORS = new Set(['RequestTimeTooSkewed', 'RequestExpired', 'RequestInTheFuture', 'InvalidSignatureException']);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'SlowDown',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
]);

export interface SdkLikeError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

export function errorCode(err: unknown): string {
  const e = (err ?? {}) as SdkLikeError;
  return String(e.Code ?? e.name ?? e.code ?? 'UnknownError');
}

export function classify(err: unknown): ErrorKind {
  const code = errorCode(err);
  const status = (err as SdkLikeError | undefined)?.$metadata?.httpStatusCode;
  if (CREDENTIAL_ERRORS.has(code) || code === 'CredentialsRefused') return 'credentials';
  if (CLOCK_SKEW_ERRORS.has(code)) return 'clock-skew';
  if (DENIED.has(code) || status === 403) return 'denied';
  if (THROTTLED.has(code) || status === 429) return 'throttled';
  if (status === 404 || /NotFound|NoSuch/.test(code)) return 'not-found';
  return 'error';
}

export function toCollectError(err: unknown, where: Omit<CollectError, 'kind' | 'code' | 'message' | 'permission'>): CollectError {
  const message = err instanceof Error ? err.message : String(err);
  const kind = classify(err);
  const permission = kind === 'denied' ? iamActionFor(where.service, where.operation) : undefined;
  return { ...where, kind, code: errorCode(err), message: message.split('\n')[0]!.slice(0, 500), ...(permission ? { permission } : {}) };
}

/** Collects errors for the snapshot and turns calls into Fetch results. */
export class ErrorLog {
  readonly errors: CollectError[] = [];
  private readonly skips = new Map<string, SkippedCalls>();

  /** Notes a call not made because an earlier answer decided it. */
  skip(operation: string, reason: string, count = 1): void {
    if (count <= 0) return;
    const key = `${operation}\u0000${reason}`;
    const s = this.skips.get(key);
    if (s) s.count += count;
    else this.skips.set(key, { operation, reason, count });
  }

  get skipped(): SkippedCalls[] {
    return [...this.skips.values()].sort((a, b) => a.operation.localeCompare(b.operation) || a.reason.localeCompare(b.reason));
  }

  async fetch<T>(
    where: Omit<CollectError, 'kind' | 'code' | 'message'>,
    call: () => Promise<T>,
    absentCodes: readonly string[] = [],
  ): Promise<Fetch<T>> {
    try {
      return { state: 'ok', value: await call() };
    } catch (err) {
      const code = errorCode(err);
      if (absentCodes.includes(code)) return { state: 'absent', code };
      if ((err as Error)?.name === 'MutatingCallBlocked') throw err;
      const error = toCollectError(err, where);
      this.errors.push(error);
      return { state: 'error', error };
    }
  }

  /** Records a data-shape problem (malformed API data) without failing the call. */
  invalid(where: Omit<CollectError, 'kind' | 'code' | 'message'>, message: string): CollectError {
    const error: CollectError = { ...where, kind: 'invalid-data', code: 'InvalidData', message };
    this.errors.push(error);
    return error;
  }
}

/** A scan that cannot go on: the credentials or the account are not what was asked for. */
export class ScanAbort extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ScanAbort';
  }
}

/** The organization's accounts could not be listed; nothing is scanned from a partial list. */
export class OrganizationListError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'OrganizationListError';
  }
}
