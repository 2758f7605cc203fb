// Throttling goes through the SDK's real retry path against a local HTTP endpoint.

import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/collect/clients.js';
import { listRegions } from '../../src/collect/ec2.js';
import { ErrorLog } from '../../src/collect/errors.js';

const THROTTLE =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>';
const REGIONS =
  '<?xml version="1.0" encoding="UTF-8"?><DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><regionInfo>' +
  '<item><regionName>eu-west-1</regionName><regionEndpoint>x</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>' +
  '<item><regionName>ap-east-1</regionName><regionEndpoint>x</regionEndpoint><optInStatus>not-opted-in</optInStatus></item></regionInfo></DescribeRegionsResponse>';

describe('throttling', () => {
  let server: Server;
  let url = '';
  let throttleFirst = 0;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        hits++;
        const throttled = hits <= throttleFirst;
        res.writeHead(throttled ? 503 : 200, { 'content-type': 'text/xml' });
        res.end(throttled ? THROTTLE : REGIONS);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    process.env.AWS_ACCESS_KEY_ID ??= 'testing';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'testing';
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('retries throttled calls and succeeds', async () => {
    hits = 0;
    throttleFirst = 2;
    const log = new ErrorLog();
    const c = new AwsClients({ homeRegion: 'us-east-1', endpointUrl: url, maxAttempts: 5 });
    const { regions, skipped } = await listRegions(c, log);
    expect(regions).toEqual({ state: 'ok', value: ['eu-west-1'] }); // not-opted-in regions are skipped, and named
    expect(skipped).toEqual([{ region: 'ap-east-1', reason: 'opt-in region not enabled for this account' }]);
    // Requested regions are checked against the same answer: a disabled opt-in region is skipped and named.
    const asked = await listRegions(c, log, ['eu-west-1', 'ap-east-1']);
    expect(asked).toEqual({
      regions: { state: 'ok', value: ['eu-west-1'] },
      skipped: [{ region: 'ap-east-1', reason: 'opt-in region not enabled for this account' }],
    });
    expect(hits).toBe(4);
    expect(log.errors).toEqual([]);
    c.destroy();
  });

  it('gives up on a hung endpoint instead of hanging the scan', async () => {
    const hung = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
    const c = new AwsClients({
      homeRegion: 'us-east-1',
      endpointUrl: `http://127.0.0.1:${(hung.address() as { port: number }).port}`,
      maxAttempts: 1,
      requestTimeoutMs: 300,
    });
    const log = new ErrorLog();
    const { regions } = await listRegions(c, log);
    expect(regions.state).toBe('error');
    c.destroy();
    hung.closeAllConnections();
    await new Promise<void>((r) => hung.close(() => r()));
  });

  it('records persistent throttling as "throttled", not as a pass', async () => {
    hits = 0;
    throttleFirst = 100;
    const log = new ErrorLog();
    const c = new AwsClients({ homeRegion: 'us-east-1', endpointUrl: url, maxAttempts: 2 });
    const { regions } = await listRegions(c, log);
    expect(regions).toMatchObject({ state: 'error', error: { kind: 'throttled', code: 'RequestLimitExceeded' } });
    expect(hits).toBe(2);
    c.destroy();
  });
});
