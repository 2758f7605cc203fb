// A loopback HTTP proxy between the SDK and moto_server that injects faults by rule:
// protocol-correct throttling (EC2 RequestLimitExceeded, S3 SlowDown 503, IAM/STS Throttling),
// HTTP 500 InternalError, access denied, expired credentials, clock skew, connection resets,
// cut-off bodies, empty 200s and delays, in the Query, REST-XML and JSON (X-Amz-Target)
// protocols. Rules pick requests by service and operation and fire at a rate from a seeded
// PRNG, so a failing run can be replayed.

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Fault = 'throttle' | 'server-error' | 'deny' | 'expired' | 'skew' | 'reset' | 'truncate' | 'empty' | 'delay';
export interface FaultRule {
  fault: Fault;
  /** Fraction of matching requests that get the fault, 0..1. */
  rate: number;
  service?: string;
  /** Operation name, or a RegExp over it. */
  operation?: string | RegExp;
  delayMs?: number;
}
export interface ProxyRequest {
  service: string;
  operation: string;
  /** JSON protocol (X-Amz-Target, e.g. Organizations): errors are JSON documents. */
  json?: boolean;
}
/** A token bucket per service and Region, as AWS meters API requests: empty means a throttling answer. */
export interface RateLimit {
  service: string;
  burst: number;
  perSecond: number;
}

/**
 * AWS's throttling where AWS documents it, for benchmarks: EC2 non-mutating actions (bucket 100,
 * refill 20/s per account and Region); STS 600/s per account and Region. IAM and Organizations
 * publish no rate, and S3 bucket reads have no account-wide bucket (thousands per second per
 * prefix): none of those is emulated.
 */
export const AWS_RATE_LIMITS: RateLimit[] = [
  { service: 'ec2', burst: 100, perSecond: 20 },
  { service: 'sts', burst: 600, perSecond: 600 },
];

export interface FaultProxy {
  url: string;
  setRules(rules: FaultRule[], seed?: number): void;
  /** Throttle by token buckets (see AWS_RATE_LIMITS); [] turns it off. */
  setRateLimits(limits: RateLimit[]): void;
  /** Every request seen, with the fault it got ('none' if forwarded untouched). */
  log: (ProxyRequest & { fault: Fault | 'none' })[];
  close(): Promise<void>;
}

/** mulberry32: small, fast, seedable. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const S3_SUBRESOURCES: [string, string][] = [
  ['policyStatus', 'GetBucketPolicyStatus'],
  ['policy', 'GetBucketPolicy'],
  ['publicAccessBlock', 'GetPublicAccessBlock'],
  ['acl', 'GetBucketAcl'],
  ['ownershipControls', 'GetBucketOwnershipControls'],
  ['encryption', 'GetBucketEncryption'],
  ['versioning', 'GetBucketVersioning'],
  ['logging', 'GetBucketLogging'],
  ['object-lock', 'GetObjectLockConfiguration'],
  ['lifecycle', 'GetBucketLifecycleConfiguration'],
  ['replication', 'GetBucketReplication'],
  ['location', 'GetBucketLocation'],
];

/** Service and operation of a signed AWS request (query protocols name it in the body; S3 in the path). */
export function identify(method: string, url: string, headers: IncomingMessage['headers'], body: string): ProxyRequest {
  const scope = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(headers.authorization ?? ''));
  const service = scope?.[1] ?? 'unknown';
  const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1];
  if (action) return { service, operation: action };
  const target = String(headers['x-amz-target'] ?? '');
  if (target.includes('.')) return { service, operation: target.split('.').pop()!, json: true };
  const u = new URL(url, 'http://x');
  if (u.pathname.startsWith('/v20180820/')) {
    const path = u.pathname.slice('/v20180820/'.length);
    const op =
      path === 'configuration/publicAccessBlock'
        ? 'GetPublicAccessBlock'
        : path === 'accesspoint'
          ? 'ListAccessPoints'
          : path.startsWith('accesspoint/')
            ? 'GetAccessPoint'
            : path.startsWith('mrap/instances')
              ? 'ListMultiRegionAccessPoints'
              : path;
    return { service: 's3control', operation: op };
  }
  if (service === 's3' && method === 'GET') {
    if (u.pathname === '/') return { service, operation: 'ListBuckets' };
    const hit = S3_SUBRESOURCES.find(([q]) => u.searchParams.has(q));
    return { service, operation: hit?.[1] ?? 'GetObject' };
  }
  return { service, operation: `${method} ${u.pathname}` };
}

export function errorBody(service: string, code: string, message: string): string {
  if (service === 'ec2')
    return `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>fault</RequestID></Response>`;
  if (service === 's3' || service === 's3control')
    return `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message><RequestId>fault</RequestId></Error>`;
  return `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault</RequestId></ErrorResponse>`;
}

type ErrorFault = 'throttle' | 'server-error' | 'deny' | 'expired' | 'skew';
const ERROR_FAULTS = new Set<Fault>(['throttle', 'server-error', 'deny', 'expired', 'skew']);

function sendError(res: ServerResponse, req: ProxyRequest, fault: ErrorFault): void {
  const s3 = req.service === 's3' || req.service === 's3control';
  const [status, code, message] =
    fault === 'expired'
      ? [s3 ? 400 : 403, 'ExpiredToken', 'The security token included in the request is expired']
      : fault === 'skew'
        ? [403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.']
        : fault === 'throttle'
          ? req.service === 'ec2'
            ? [503, 'RequestLimitExceeded', 'Request limit exceeded.']
            : s3
              ? [503, 'SlowDown', 'Please reduce your request rate.']
              : [400, 'Throttling', 'Rate exceeded']
          : fault === 'server-error'
            ? [500, 'InternalError', 'We encountered an internal error. Please try again.']
            : req.service === 'ec2'
              ? [403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.']
              : [403, 'AccessDenied', 'Access Denied'];
  const jsonCode = code === 'AccessDenied' ? 'AccessDeniedException' : code === 'Throttling' ? 'TooManyRequestsException' : code;
  const body = req.json ? JSON.stringify({ __type: jsonCode, message }) : errorBody(req.service, code as string, message as string);
  res.writeHead(status as number, {
    'content-type': req.json ? 'application/x-amz-json-1.1' : 'text/xml',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export function forward(
  target: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => resolve({ status: r.statusCode ?? 502, headers: r.headers, body: Buffer.concat(chunks) }));
      r.on('error', reject);
    });
    up.on('error', reject);
    up.end(body);
  });
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  let rules: FaultRule[] = [];
  let random = prng(1);
  const log: FaultProxy['log'] = [];
  let limits: RateLimit[] = [];
  const buckets = new Map<string, { tokens: number; at: number }>();
  /** Takes a token from the request's bucket; false when it is empty (the request is throttled). */
  const admitted = (id: ProxyRequest, headers: IncomingMessage['headers']): boolean => {
    const limit = limits.find((l) => l.service === id.service);
    if (!limit) return true;
    const region = /Credential=[^/]+\/\d{8}\/([^/]+)\//.exec(String(headers.authorization ?? ''))?.[1] ?? '';
    const key = `${id.service}:${region}`;
    const now = performance.now();
    const b = buckets.get(key) ?? { tokens: limit.burst, at: now };
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const id = identify(req.method ?? 'GET', req.url ?? '/', req.headers, body.toString('utf8'));
      const rule = rules.find(
        (r) =>
          (!r.service || r.service === id.service) &&
          (!r.operation || (typeof r.operation === 'string' ? r.operation === id.operation : r.operation.test(id.operation))) &&
          random() < r.rate,
      );
      const throttled = !admitted(id, req.headers);
      log.push({ service: id.service, operation: id.operation, fault: throttled ? 'throttle' : (rule?.fault ?? 'none') });
      try {
        if (throttled) {
          // A throttling answer crosses the same network as any other.
          if (rule?.fault === 'delay') await new Promise((r) => setTimeout(r, rule.delayMs ?? 1000));
          sendError(res, id, 'throttle');
          return;
        }
        if (rule?.fault === 'reset') {
          req.socket.destroy();
          return;
        }
        if (rule && ERROR_FAULTS.has(rule.fault)) {
          sendError(res, id, rule.fault as ErrorFault);
          return;
        }
        if (rule?.fault === 'delay') await new Promise((r) => setTimeout(r, rule.delayMs ?? 1000));
        if (res.destroyed) return;
        const up = await forward(target, req, body);
        let out = up.body;
        if (rule?.fault === 'empty' && up.status === 200) out = Buffer.alloc(0);
        if (rule?.fault === 'truncate' && up.status === 200) out = out.subarray(0, Math.floor(out.length / 2));
        const headers = { ...up.headers, 'content-length': String(out.length) };
        delete headers['transfer-encoding'];
        res.writeHead(up.status, headers);
        res.end(out);
      } catch {
        req.socket.destroy();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    setRules(next, seed = 1) {
      rules = next;
      random = prng(seed);
    },
    setRateLimits(next) {
      limits = next;
      buckets.clear();
    },
    log,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}
