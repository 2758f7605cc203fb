// HTTP for the ticket targets that have no client library here (Jira, webhooks): JSON in and
// out, 429 and 503 answered by waiting Retry-After (or backing off), 5xx and lost connections
// retried, and errors that name the call without ever carrying the credentials.

export class TicketTargetError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TicketTargetError';
  }
}

export interface HttpOptions {
  retries?: number;
  /** Longest wait for one Retry-After, in seconds; a longer one fails the call instead. */
  maxRetryAfterS?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (s: string) => void;
  /** Give up on one request after this long (then it is retried like a lost connection); default 30 s. */
  timeoutMs?: number;
  /**
   * false for a request that must not run twice (a create without an idempotency key): it is
   * repeated only when the system surely did not act on it (429, 503, connection refused), never
   * after a timeout, a cut connection or a 500, which may come after the ticket was made.
   */
  safeToRepeat?: boolean;
  /** How the call is named in messages, where the URL itself is a secret (chat webhooks). */
  label?: string;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function retryAfterMs(header: string | null, attempt: number): number {
  if (header) {
    const secs = Number(header);
    if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
    const at = Date.parse(header);
    if (Number.isFinite(at)) return Math.max(0, at - Date.now());
  }
  return Math.min(30_000, 500 * 2 ** attempt);
}

/** Sends one request; returns the parsed JSON body (undefined when empty). */
export async function requestJson<T>(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
  o: HttpOptions = {},
): Promise<T> {
  const text = await requestText(method, url, headers, body, o);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Sends one request; returns the answer's body as text. */
export async function requestText(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
  o: HttpOptions = {},
): Promise<string> {
  const retries = o.retries ?? 4;
  const sleep = o.sleep ?? defaultSleep;
  const where = o.label ?? `${method} ${new URL(url).pathname}`;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        signal: AbortSignal.timeout(o.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const refused = (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
      if (attempt < retries && (o.safeToRepeat !== false || refused)) {
        await sleep(retryAfterMs(null, attempt));
        continue;
      }
      throw new TicketTargetError(
        `${where}: no answer (${(err as Error).cause ? String((err as { cause: { code?: string } }).cause.code) : (err as Error).name})`,
      );
    }
    const notActedOn = res.status === 429 || res.status === 503;
    if (notActedOn || (res.status >= 500 && o.safeToRepeat !== false)) {
      const wait = retryAfterMs(res.headers.get('retry-after'), attempt);
      if (attempt < retries && wait <= (o.maxRetryAfterS ?? 120) * 1000) {
        o.log?.(`${o.label ? '' : 'tickets: '}${where} answered ${res.status}; retrying in ${Math.ceil(wait / 1000)} s`);
        await res.body?.cancel();
        await sleep(wait);
        continue;
      }
    }
    const text = await res.text();
    if (!res.ok) throw new TicketTargetError(`${where}: HTTP ${res.status}: ${text.slice(0, 300).replace(/\s+/g, ' ')}`, res.status);
    return text;
  }
}
