import type { CollectError, ErrorKind, Fetch } from '../model/snapshot.js';

const DENIED = new Set([
  'AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError',
  'UnauthorizedAccess', 'Forbidden', 'InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException',
  'AllAccessDisabled', 'SignatureDoesNotMatch', 'UnrecognizedClientException',
]);
const THROTTLED = new Set([
  'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'SlowDown', 'TooManyRequestsException',
  'RequestThrottled', 'RequestThrottledException', 'ProvisionedThroughputExceededException',
]);

interface SdkLikeError {
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
  if (DENIED.has(code) || status === 403) return 'denied';
  if (THROTTLED.has(code) || status === 429) return 'throttled';
  if (status === 404 || /NotFound|NoSuch/.test(code)) return 'not-found';
  return 'error';
}

export function toCollectError(
  err: unknown,
  where: Omit<CollectError, 'kind' | 'code' | 'message'>,
): CollectError {
  const message = err instanceof Error ? err.message : String(err);
  return { ...where, kind: classify(err), code: errorCode(err), message: message.slice(0, 500) };
}

/** Collects errors for the snapshot and turns calls into Fetch results. */
export class ErrorLog {
  readonly errors: CollectError[] = [];

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
