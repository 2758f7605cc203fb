// The scan transport: call scheduler, per-call retries, the dead-endpoint breaker and the
// check that a 200 answer carries a whole document — through the real SDK against local endpoints.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { assumeRoleCredentials, AwsClients } from '../../src/collect/clients.js';
import { listRegions } from '../../src/collect/ec2.js';
import { ErrorLog } from '../../src/collect/errors.js';
import { bodyProblem } from '../../src/collect/response-check.js';
import { isRetryable, PerCallRetryStrategy } from '../../src/collect/retry.js';
import { CallScheduler } from '../../src/collect/scheduler.js';
import { laneBudget } from '../../src/collect/lane-budgets.js';

const REGIONS =
  '<?xml version="1.0" encoding="UTF-8"?><DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId>' +
  '<regionInfo><item><regionName>eu-west-1</regionName><regionEndpoint>x</regionEndpoint></item></regionInfo></DescribeRegionsResponse>';
const INTERNAL =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>InternalError</Code><Message>boom</Message></Error></Errors><RequestID>r</RequestID></Response>';

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}
const close = (s: Server) => {
  s.closeAllConnections();
  return new Promise<void>((r) => s.close(() => r()));
};

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID ??= 'testing';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
});

describe('call scheduler', () => {
  it('never exceeds the limit and serves lanes in turn', async () => {
    const s = new CallScheduler(2);
    const started: string[] = [];
    let inFlight = 0;
    let peak = 0;
    const job = (lane: string, i: number) =>
      s.run(lane, async () => {
        started.push(`${lane}${i}`);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
      });
    await Promise.all([...Array.from({ length: 20 }, (_, i) => job('s3:', i)), ...[0, 1].map((i) => job('iam:', i))]);
    expect(peak).toBe(2);
    // IAM does not wait behind every queued S3 call.
    expect(started.indexOf('iam:0')).toBeLessThan(4);
    expect(started.indexOf('iam:1')).toBeLessThan(6);
  });

  it('halves a throttled lane and grows it back slowly', async () => {
    const s = new CallScheduler(8);
    await s.acquire('ec2:eu-west-1');
    s.release('ec2:eu-west-1', 'throttled');
    let peak = 0;
    let inFlight = 0;
    await Promise.all(
      Array.from({ length: 16 }, () =>
        s.run('ec2:eu-west-1', async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((r) => setTimeout(r, 2));
          inFlight--;
        }),
      ),
    );
    expect(peak).toBeLessThanOrEqual(6);
    expect(s.stats.throttled).toBe(1);
  });

  it("each lane keeps to its own budget under the scan's ceiling: S3 wide, IAM narrow", async () => {
    const s = new CallScheduler(48, laneBudget);
    const peaks = new Map<string, number>();
    const now = new Map<string, number>();
    const job = (lane: string) =>
      s.run(lane, async () => {
        now.set(lane, (now.get(lane) ?? 0) + 1);
        peaks.set(lane, Math.max(peaks.get(lane) ?? 0, now.get(lane)!));
        await new Promise((r) => setTimeout(r, 5));
        now.set(lane, now.get(lane)! - 1);
      });
    await Promise.all([
      ...Array.from({ length: 120 }, () => job('s3:us-east-1')),
      ...Array.from({ length: 30 }, () => job('iam:us-east-1')),
    ]);
    expect(peaks.get('s3:us-east-1')).toBeGreaterThan(laneBudget('iam:us-east-1').inFlight);
    expect(peaks.get('iam:us-east-1')).toBeLessThanOrEqual(laneBudget('iam:us-east-1').inFlight);
    expect(s.stats.maxInFlight).toBeLessThanOrEqual(48);
  });

  it('a rated lane spends its burst, then waits for its bucket to refill', async () => {
    vi.useFakeTimers();
    try {
      const s = new CallScheduler(
        16,
        () => ({ inFlight: 16, rate: { burst: 3, perSecond: 10 } }),
        () => Date.now(),
      );
      const started: number[] = [];
      const t0 = Date.now();
      const all = Promise.all(Array.from({ length: 6 }, () => s.run('ec2:eu-west-1', async () => void started.push(Date.now() - t0))));
      await vi.advanceTimersByTimeAsync(1000);
      await all;
      expect(started.slice(0, 3)).toEqual([0, 0, 0]);
      // Then one every 100 ms (10 a second).
      expect(started.slice(3)).toEqual([100, 200, 300]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('per-call retry strategy', () => {
  it('retries throttling, server errors, resets and cut-off bodies; not denials', () => {
    expect(isRetryable({ errorType: 'THROTTLING' })).toBe(true);
    expect(isRetryable({ errorType: 'SERVER_ERROR' })).toBe(true);
    expect(isRetryable({ errorType: 'CLIENT_ERROR', error: { name: 'IncompleteResponse' } })).toBe(true);
    expect(isRetryable({ errorType: 'CLIENT_ERROR', error: { name: 'AccessDenied' } })).toBe(false);
    expect(isRetryable({ errorType: 'TRANSIENT', error: { name: 'EndpointUnresponsive' } })).toBe(false);
  });

  it('stops at maxAttempts and never waits past the deadline', async () => {
    const strategy = new PerCallRetryStrategy({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 });
    let token = await strategy.acquireInitialRetryToken();
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' });
    expect(token.getRetryDelay()).toBe(100);
    token = await strategy.refreshRetryTokenForRetry(token, { errorType: 'THROTTLING' });
    expect(token.getRetryDelay()).toBe(800); // throttling backs off four times longer
    await expect(strategy.refreshRetryTokenForRetry(token, { errorType: 'TRANSIENT' })).rejects.toThrow();
    const late = new PerCallRetryStrategy({
      maxAttempts: 9,
      baseDelayMs: 1000,
      maxDelayMs: 1000,
      deadline: Date.now() + 10,
      random: () => 1,
    });
    await expect(late.refreshRetryTokenForRetry(await late.acquireInitialRetryToken(), { errorType: 'TRANSIENT' })).rejects.toThrow();
  });
});

describe('response check', () => {
  it('accepts whole documents and refuses empty or cut-off ones', () => {
    expect(bodyProblem(REGIONS)).toBeUndefined();
    expect(bodyProblem('<?xml version="1.0"?><ListAllMyBucketsResult/>')).toBeUndefined();
    expect(bodyProblem('{"Version":"2012-10-17"}')).toBeUndefined();
    expect(bodyProblem('')).toMatch(/empty/);
    expect(bodyProblem(REGIONS.slice(0, 120))).toMatch(/cut off/);
    expect(bodyProblem('{"Version":"2012-10-17","Statem')).toMatch(/cut off/);
  });

  it('an empty 200 answer is an error after retries, never "no regions"', async () => {
    let hits = 0;
    const { server, url } = await serve((_req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(hits <= 1 ? '' : REGIONS);
    });
    const c = new AwsClients({ homeRegion: 'us-east-1', endpointUrl: url });
    expect((await listRegions(c, new ErrorLog())).regions).toEqual({ state: 'ok', value: ['eu-west-1'] });
    hits = -100; // every answer empty from now on
    const log = new ErrorLog();
    expect((await listRegions(c, log)).regions).toMatchObject({ state: 'error', error: { code: 'IncompleteResponse' } });
    c.destroy();
    await close(server);
  });

  it('retries a 500 per call even after other calls used many retries', async () => {
    let hits = 0;
    const { server, url } = await serve((req, res) => {
      hits++;
      const fail = String(req.headers['amz-sdk-request']).startsWith('attempt=1;');
      res.writeHead(fail ? 500 : 200, { 'content-type': 'text/xml' });
      res.end(fail ? INTERNAL : REGIONS);
    });
    const c = new AwsClients({ homeRegion: 'us-east-1', endpointUrl: url });
    const log = new ErrorLog();
    // 200 calls, each failing once: the SDK's shared retry quota (500 tokens, 5 a retry) would run dry at 100.
    const results = await Promise.all(Array.from({ length: 200 }, async () => (await listRegions(c, log)).regions));
    expect(log.errors).toEqual([]);
    expect(results.every((r) => r.state === 'ok')).toBe(true);
    expect(hits).toBe(400);
    c.destroy();
    await close(server);
  });
});

describe('dead endpoint breaker', () => {
  it('stops sending after a few requests without an answer and says so', async () => {
    const hung = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
    const c = new AwsClients({ homeRegion: 'us-east-1', endpointUrl: url, requestTimeoutMs: 200 });
    const log = new ErrorLog();
    const started = Date.now();
    const results = await Promise.all(Array.from({ length: 20 }, async () => (await listRegions(c, log)).regions));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(results.every((r) => r.state === 'error')).toBe(true);
    expect(log.errors.some((e) => e.code === 'EndpointUnresponsive' && /stopped answering/.test(e.message))).toBe(true);
    c.destroy();
    await close(hung);
  });
});

describe('assumed-role credentials', () => {
  it('are renewed before they expire, and concurrent callers share one AssumeRole', async () => {
    let clock = Date.parse('2026-11-30T10:00:00Z');
    let calls = 0;
    const sts = {
      send: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 5));
        return {
          Credentials: { AccessKeyId: `ASIA${calls}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(clock + 3600_000) },
        };
      },
    };
    const provider = assumeRoleCredentials(sts as never, 'arn:aws:iam::111122223333:role/audit', 'ext', () => clock);
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(calls).toBe(1);
    expect(a.accessKeyId).toBe('ASIA1');
    expect(b).toBe(a);
    clock += 50 * 60_000; // 10 minutes left: still used
    expect((await provider()).accessKeyId).toBe('ASIA1');
    clock += 6 * 60_000; // 4 minutes left: renewed before expiry
    expect((await provider()).accessKeyId).toBe('ASIA2');
    expect(calls).toBe(2);
  });
});
