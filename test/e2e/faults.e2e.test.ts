// Fault injection between incloud and moto_server: throttling, server errors, resets, cut-off
// and empty bodies, denials, a hung endpoint and interrupts. The promise under test: no
// silent pass, no hang, no half-written output, no lost report.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateManagedPrefixListCommand,
  CreateSecurityGroupCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients as seedClients, seedAll } from '../../scripts/seed.js';
import type { Report } from '../../src/model/findings.js';
import { startFaultProxy, type FaultProxy, type FaultRule } from '../../scripts/fault-proxy.js';
import { awsEnv, runE2e, startMoto } from '../helpers/moto.js';
import { expectWholeOutputSet } from '../helpers/output-set.js';
import { BIN, runCli, scanArgs } from './cli.js';

const NOT_IDENTITY = /^(?!GetCallerIdentity$)/;
const tmp = () => mkdtempSync(join(tmpdir(), 'incloud-fault-'));
const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

/** Nothing invented, nothing silently passed: a clean finding that is missing has its check "not assessed". */
function expectNoSilentPass(clean: Report, report: Report): void {
  const cleanPrints = new Set(clean.findings.map((f) => f.fingerprint));
  expect(report.findings.filter((f) => !cleanPrints.has(f.fingerprint)).map((f) => `${f.checkId} ${f.resource.name}`)).toEqual([]);
  const prints = new Set(report.findings.map((f) => f.fingerprint));
  const notAssessedChecks = new Set(report.notAssessed.map((n) => n.checkId));
  const silent = clean.findings.filter((f) => !prints.has(f.fingerprint) && !notAssessedChecks.has(f.checkId));
  expect(silent.map((f) => `${f.checkId} ${f.resource.name}`)).toEqual([]);
  if (report.errors.length) expect(report.scan.complete).toBe(false);
}

describe.runIf(runE2e)('fault injection (moto behind a faulty proxy)', () => {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  let proxy: FaultProxy;
  let clean: Report;

  const scan = async (rules: FaultRule[], extra: string[] = [], seed = 7) => {
    proxy.setRules(rules, seed);
    const out = tmp();
    const started = Date.now();
    const res = await runCli([...scanArgs(proxy.url, out), '--format', 'json', '-q', ...extra]);
    return { ...res, out, ms: Date.now() - started, report: res.code === 2 || res.code === 4 ? undefined : read(out) };
  };

  beforeAll(async () => {
    moto = await startMoto();
    await seedAll({ endpoint: moto.endpoint });
    // A group that opens RDP only through a customer prefix list holding 0.0.0.0/0.
    const { ec2 } = seedClients({ endpoint: moto.endpoint });
    const vpc = (await ec2.send(new DescribeVpcsCommand({}))).Vpcs![0]!.VpcId!;
    const pl = await ec2.send(
      new CreateManagedPrefixListCommand({
        PrefixListName: 'partners',
        AddressFamily: 'IPv4',
        MaxEntries: 5,
        Entries: [{ Cidr: '0.0.0.0/0' }],
      }),
    );
    const sg = await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'rdp-via-list', Description: 'rdp through a prefix list', VpcId: vpc }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: sg.GroupId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, PrefixListIds: [{ PrefixListId: pl.PrefixList!.PrefixListId }] },
        ],
      }),
    );
    proxy = await startFaultProxy(moto.endpoint);
    const first = await scan([]);
    clean = first.report!;
  }, 180_000);
  afterAll(async () => {
    await proxy?.close();
    await moto?.stop();
  });

  it('the clean scan through the proxy sees the prefix-list exposure', () => {
    expect(clean.errors).toEqual([]);
    expect(clean.findings.some((f) => f.checkId === 'ec2.sg-rdp-open-internet' && f.resource.name.startsWith('rdp-via-list'))).toBe(true);
  });

  it('connection resets on half the requests are retried, never taken for a dead endpoint', async () => {
    const r = await scan([{ fault: 'reset', rate: 0.5, operation: NOT_IDENTITY }], [], 11);
    expect(r.report!.scan.collection?.stopped).toBeUndefined();
    expectNoSilentPass(clean, r.report!);
  }, 120_000);

  it.each([0.1, 0.3, 0.6])(
    'at a %f fault rate: the same findings, or what is lost is an error and not assessed',
    async (rate) => {
      const each = rate / 5;
      const rules: FaultRule[] = (['throttle', 'server-error', 'reset', 'truncate', 'empty'] as const).map((fault, i) => ({
        fault,
        rate: each / (1 - each * i),
        operation: NOT_IDENTITY,
      }));
      const r = await scan(rules, [], Math.round(rate * 1000));
      const faulted = proxy.log.filter((l) => l.fault !== 'none').length;
      expect(faulted).toBeGreaterThan(0);
      const report = r.report!;
      expectNoSilentPass(clean, report);
      if (report.errors.length) expect(r.code).toBe(3);
      if (rate <= 0.1) {
        expect(report.errors).toEqual([]);
        expect(report.findings.map((f) => f.fingerprint).sort()).toEqual(clean.findings.map((f) => f.fingerprint).sort());
      }
    },
    120_000,
  );

  it('throttled by token buckets (AWS-style, tightened): the scan paces itself and loses nothing', async () => {
    proxy.setRateLimits([
      { service: 'ec2', burst: 5, perSecond: 20 },
      { service: 'iam', burst: 5, perSecond: 20 },
    ]);
    try {
      const r = await scan([]);
      expect(proxy.log.some((l) => l.fault === 'throttle')).toBe(true);
      expect(r.report!.errors).toEqual([]);
      expect(r.report!.findings.map((f) => f.fingerprint).sort()).toEqual(clean.findings.map((f) => f.fingerprint).sort());
    } finally {
      proxy.setRateLimits([]);
    }
  }, 120_000);

  it('persistent throttling of one operation ends in bounded time, as "not assessed"', async () => {
    const r = await scan([{ fault: 'throttle', rate: 1, service: 'ec2', operation: 'DescribeSecurityGroups' }]);
    expect(r.ms).toBeLessThan(60_000);
    expect(r.code).toBe(3);
    expect(r.report!.errors).toContainEqual(
      expect.objectContaining({ operation: 'DescribeSecurityGroups', kind: 'throttled', code: 'RequestLimitExceeded' }),
    );
    expect(r.report!.findings.filter((f) => f.checkId === 'ec2.sg-ssh-open-internet')).toEqual([]);
    expect(r.report!.notAssessed.some((n) => n.checkId === 'ec2.sg-ssh-open-internet')).toBe(true);
    expectNoSilentPass(clean, r.report!);
  }, 90_000);

  it('an empty 200 answer to ListBuckets is an error, not an account without buckets', async () => {
    const r = await scan([{ fault: 'empty', rate: 1, service: 's3', operation: 'ListBuckets' }]);
    expect(r.code).toBe(3);
    expect(r.report!.errors).toContainEqual(expect.objectContaining({ operation: 'ListBuckets', code: 'IncompleteResponse' }));
    expect(r.report!.notAssessed.some((n) => n.checkId === 's3.bucket-policy-public-read')).toBe(true);
    expectNoSilentPass(clean, r.report!);
  }, 90_000);

  it('denied prefix-list reads make the RDP-via-list group "not assessed" and name the permission', async () => {
    const r = await scan([{ fault: 'deny', rate: 1, service: 'ec2', operation: /ManagedPrefixList/ }]);
    expect(r.code).toBe(3);
    const report = r.report!;
    expect(report.findings.some((f) => f.resource.name.startsWith('rdp-via-list') && f.checkId === 'ec2.sg-rdp-open-internet')).toBe(false);
    expect(report.notAssessed).toContainEqual(
      expect.objectContaining({
        checkId: 'ec2.sg-rdp-open-internet',
        reason: expect.stringMatching(/prefix list.*DescribeManagedPrefixLists failed/),
      }),
    );
    expect(report.errors).toContainEqual(
      expect.objectContaining({ operation: 'DescribeManagedPrefixLists', kind: 'denied', permission: 'ec2:DescribeManagedPrefixLists' }),
    );
    expectNoSilentPass(clean, report);
  }, 90_000);

  it('an endpoint that stops answering mid-scan ends the scan quickly and says so; reports are still written', async () => {
    const r = await scan([{ fault: 'delay', rate: 1, operation: NOT_IDENTITY, delayMs: 30_000 }], ['--timeout', '1']);
    expect(r.ms).toBeLessThan(25_000);
    expect(r.code).toBe(3);
    expect(r.report!.errors.some((e) => e.code === 'EndpointUnresponsive' && /stopped answering/.test(e.message))).toBe(true);
    expect(r.report!.scan.collection?.stopped).toMatch(/stopped answering/);
    expectNoSilentPass(clean, r.report!);
  }, 60_000);

  it('credentials that expire mid-scan stop the scan at once, as "not assessed", never as passes', async () => {
    const r = await scan([{ fault: 'expired', rate: 1, operation: NOT_IDENTITY }]);
    expect(r.ms).toBeLessThan(20_000);
    expect(r.code).toBe(3);
    expect(r.report!.errors.length).toBeGreaterThan(0);
    expect(r.report!.errors.every((e) => e.kind === 'credentials')).toBe(true);
    expect(r.report!.scan.collection?.stopped).toMatch(/credentials were refused mid-scan \(ExpiredToken\)/);
    expect(r.report!.notAssessed.some((n) => /credentials were refused/.test(n.reason))).toBe(true);
    expectNoSilentPass(clean, r.report!);
  }, 60_000);

  it('clock skew is reported as such, after retries', async () => {
    const r = await scan([{ fault: 'skew', rate: 1, service: 'ec2', operation: 'DescribeSecurityGroups' }]);
    expect(r.code).toBe(3);
    expect(r.report!.errors).toContainEqual(
      expect.objectContaining({ operation: 'DescribeSecurityGroups', kind: 'clock-skew', code: 'RequestTimeTooSkewed' }),
    );
    expect(r.report!.notAssessed.some((n) => /clock is too far from AWS/.test(n.reason))).toBe(true);
    expectNoSilentPass(clean, r.report!);
  }, 60_000);

  it('a baseline of another account is refused right after the identity call', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...clean, scan: { ...clean.scan, accountId: '999988887777' } }));
    proxy.log.length = 0;
    const r = await scan([], ['--baseline', join(dir, 'other.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--baseline is a report of account 999988887777/);
    expect(proxy.log.map((l) => l.operation)).toEqual(['GetCallerIdentity']);
  }, 60_000);

  it('interrupts at random moments leave the previous set whole or the new one whole, and exit 130', async () => {
    const out = tmp();
    proxy.setRules([{ fault: 'delay', rate: 0.3, operation: NOT_IDENTITY, delayMs: 150 }]);
    const first = await runCli([...scanArgs(proxy.url, out), '-q']);
    expect(first.code).toBe(3);
    // A signal that lands before Node has loaded incloud ends the process by the default action.
    // The others wait for the event that proves the handlers exist (the scan's first request
    // after GetCallerIdentity reached the proxy), then for a random moment of the collection,
    // so a busy machine cannot turn every interrupt into an early one.
    const codes: (number | string)[] = [];
    const collecting = (before: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        const poll = () => {
          if (signal.aborted || proxy.log.slice(before).some((l) => l.operation !== 'GetCallerIdentity')) resolve();
          else setTimeout(poll, 10);
        };
        poll();
      });
    for (const delay of [undefined, 0, 150, 400, 900]) {
      const code = await new Promise<number | string>((resolve) => {
        const before = proxy.log.length;
        const ended = new AbortController();
        const p = spawn(process.execPath, [BIN, 'scan', '--endpoint-url', proxy.url, '--regions', 'us-east-1', '--out', out, '-q'], {
          env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...awsEnv },
          stdio: 'ignore',
        });
        if (delay === undefined) setTimeout(() => p.kill('SIGINT'), 50);
        else void collecting(before, ended.signal).then(() => setTimeout(() => p.kill('SIGINT'), delay));
        p.on('close', (c, signal) => {
          ended.abort();
          resolve(c ?? signal ?? -1);
        });
      });
      codes.push(code);
      expectWholeOutputSet(out);
    }
    expect(codes.filter((c) => c !== 130 && c !== 3 && c !== 'SIGINT')).toEqual([]);
    expect(codes).toContain(130);
  }, 120_000);
});
