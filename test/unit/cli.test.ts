// The CLI as users meet it: exit codes, bad input, the demo, offline re-evaluation.

import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model/findings.js';
import { BIN, runCli } from '../e2e/cli.js';
import { spawn } from 'node:child_process';
import { errorsOf, validateReport } from '../helpers/schemas.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'incloud-cli-'));

describe('incloud CLI', () => {
  let demoDir: string;
  let demo: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    demoDir = tmp();
    demo = await runCli(['scan', '--demo', '--out', demoDir, '--format', 'json,html,csv,sarif,ocsf'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: 'does-not-exist',
    });
  });

  it('scan --demo works without AWS credentials and writes every format', () => {
    expect(demo.code).toBe(0);
    expect(readdirSync(demoDir).sort()).toEqual([
      'findings.csv',
      'findings.ocsf.json',
      'findings.sarif',
      'incloud-manifest.json',
      'report.html',
      'report.json',
      'snapshot.json',
    ]);
    for (const f of readdirSync(demoDir)) expect(statSync(join(demoDir, f)).mode & 0o777).toBe(0o600);
    const r = JSON.parse(readFileSync(join(demoDir, 'report.json'), 'utf8')) as Report;
    expect(validateReport(r), errorsOf(validateReport)).toBe(true);
    expect(r.scan.source).toBe('demo');
    expect(r.findings.length).toBeGreaterThan(20);
    expect(readdirSync(demoDir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('evaluate re-evaluates a saved snapshot to the same findings', async () => {
    const out = tmp();
    const res = await runCli(['evaluate', join(demoDir, 'snapshot.json'), '--out', out, '--format', 'json', '-q']);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    const a = JSON.parse(readFileSync(join(demoDir, 'report.json'), 'utf8')) as Report;
    const b = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(b.findings.map((f) => f.fingerprint)).toEqual(a.findings.map((f) => f.fingerprint));
  });

  it('--fail-on exits 1 when a finding reaches the threshold', async () => {
    expect((await runCli(['scan', '--demo', '--out', tmp(), '--format', 'json', '-q', '--fail-on', 'critical'])).code).toBe(1);
  });

  it('suppressions hide accepted risks until they expire', async () => {
    const r = JSON.parse(readFileSync(join(demoDir, 'report.json'), 'utf8')) as Report;
    const dir = tmp();
    const criticals = r.findings.filter((f) => f.severity === 'critical');
    writeFileSync(
      join(dir, 's.json'),
      JSON.stringify({
        suppressions: criticals.map((f) => ({ fingerprint: f.fingerprint, reason: 'accepted for the demo', expires: '2099-01-01' })),
      }),
    );
    const res = await runCli([
      'scan',
      '--demo',
      '--out',
      join(dir, 'o'),
      '--format',
      'json',
      '--fail-on',
      'critical',
      '--suppressions',
      join(dir, 's.json'),
    ]);
    expect(res.code).toBe(0);
    const out = JSON.parse(readFileSync(join(dir, 'o', 'report.json'), 'utf8')) as Report;
    expect(out.summary.suppressed).toBe(criticals.length);
    writeFileSync(
      join(dir, 's.json'),
      JSON.stringify({ suppressions: [{ fingerprint: criticals[0]!.fingerprint, reason: 'old', expires: '2020-01-01' }] }),
    );
    const expired = await runCli(['scan', '--demo', '--out', join(dir, 'o2'), '--format', 'json', '--suppressions', join(dir, 's.json')]);
    expect(expired.stderr).toMatch(/suppression expired on 2020-01-01/);
    writeFileSync(
      join(dir, 's.json'),
      JSON.stringify({
        suppressions: [
          { checkId: 's3.bucket-policy-public-read', resource: 'arn:aws:s3:::gone-*', reason: 'old site', expires: '2099-01-01' },
        ],
      }),
    );
    const stale = await runCli([
      'scan',
      '--demo',
      '--out',
      join(dir, 'o3'),
      '--format',
      'json',
      '-q',
      '--suppressions',
      join(dir, 's.json'),
    ]);
    expect(stale.stderr).toMatch(
      /warning: suppression matched no finding \(fixed, or a wrong pattern\?\): s3.bucket-policy-public-read arn:aws:s3:::gone-\*/,
    );
    writeFileSync(
      join(dir, 's.json'),
      JSON.stringify({ suppressions: [{ checkId: 's3.bucket-public', resource: '*', reason: 'typo', expires: '2099-01-01' }] }),
    );
    const typo = await runCli(['scan', '--demo', '--out', join(dir, 'o4'), '--suppressions', join(dir, 's.json')]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown check id\(s\) s3.bucket-public/);
  });

  it.each([
    [['scan', '--demo', '--format', 'xml'], /unknown format/],
    [['scan', '--demo', '--fail-on', 'severe'], /use one of critical, high/],
    [['scan', '--regions', 'mars-1'], /unknown region "mars-1"/],
    [['scan', '--regions', 'eu-wset-1'], /unknown region "eu-wset-1" \(did you mean eu-west-1\?\)/],
    [['scan', '--regions', 'us-east-1,cn-north-1'], /different partitions/],
    [['scan', '--region', 'us-easst-1'], /did you mean us-east-1/],
    [['scan', '--endpoint-url', 'ftp://x'], /http\(s\) URL/],
    [['scan', '--demo', '--config', '/nonexistent/c.json'], /cannot read config/],
    [['scan', '--demo', '--checks', 'ec2.nope'], /unknown check id/],
    [['evaluate', '/nonexistent.json'], /cannot read snapshot/],
    [['scan', '--external-id', 'x'], /--external-id needs --role-arn/],
    [['frobnicate'], /unknown command/],
    [['scan', '--demo', '--out', '/proc/incloud'], /pseudo-filesystem/],
    [['scan', '--demo', '--out', '/etc/hostname'], /is a file, not a folder/],
    [['scan', '--endpoint-url', 'http://127.0.0.1:9', '--out', '/proc/self/x'], /pseudo-filesystem/],
    [['scan', '--timeout', '0'], /seconds/],
  ])('bad input %j gets a clear one-line error and exit 2', async (args, message) => {
    const res = await runCli(args as string[]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('rejects a file that is not a snapshot, and malformed suppressions', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'x.json'), '{"hello": 1}');
    expect((await runCli(['evaluate', join(dir, 'x.json')])).stderr).toMatch(/not an incloud snapshot/);
    writeFileSync(join(dir, 'bad.json'), '{"suppressions":[{"fingerprint":"abc"}]}');
    const res = await runCli(['scan', '--demo', '--out', join(dir, 'o'), '--suppressions', join(dir, 'bad.json')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /bad\.json: not a valid suppressions file: \/suppressions\/0(\/fingerprint: "abc" is not a valid value|: missing "reason")/,
    );
    expect(existsSync(join(dir, 'o', 'report.json'))).toBe(false);
  });

  it('refuses to diff reports of two different accounts', async () => {
    const dir = tmp();
    const r = JSON.parse(readFileSync(join(demoDir, 'report.json'), 'utf8')) as Report;
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...r, scan: { ...r.scan, accountId: '999988887777' } }));
    const res = await runCli(['diff', join(demoDir, 'report.json'), join(dir, 'other.json')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/diff compares scans of one account/);
    const scan = await runCli(['scan', '--demo', '--out', join(dir, 'o'), '--format', 'json', '--baseline', join(dir, 'other.json')]);
    expect(scan.code).toBe(2);
    expect(scan.stderr).toMatch(
      /--baseline is a report of account 999988887777, but this scan is account \d{12}; nothing was scanned or written/,
    );
    expect(existsSync(join(dir, 'o', 'report.json'))).toBe(false);
  });

  it("a usage error is one line that points at the command's help, not the whole help", async () => {
    const res = await runCli(['scan', '--demo', '--frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toEqual(["incloud: error: unknown option '--frobnicate' (see incloud scan --help)"]);
  });

  it('after a scan: the fixes to make first with why, then elapsed time; -q keeps only warnings and exit reasons', async () => {
    const dir = tmp();
    const res = await runCli(['scan', '--demo', '--out', join(dir, 'o'), '--format', 'json', '--top', '3']);
    const lines = res.stderr.split('\n');
    const at = lines.findIndex((l) => /^Fix first \(3 of \d+\):$/.test(l));
    expect(at).toBeGreaterThan(-1);
    expect(lines[at + 1]).toMatch(/^\s+1\. CRITICAL .+ — .+/);
    expect(lines[at + 2]).toMatch(/^\s+why here: .+/);
    expect(res.stderr).toMatch(/Elapsed: \d+\.\d s/);
    const quiet = await runCli(['scan', '--demo', '--out', join(dir, 'q'), '--format', 'json', '-q', '--fail-on', 'critical']);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr.trim()).toMatch(/^incloud: fail-on critical: \d+ finding\(s\) at or above it$/);
  });

  it('a refused connection says the endpoint refused it, not "check credentials"', async () => {
    const res = await runCli(['scan', '--regions', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9', '--out', tmp()], {
      AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
    });
    expect(res.code).toBe(4);
    expect(res.stderr.trim()).toMatch(/^incloud: scan aborted: the AWS endpoint refuses connections .* \(http:\/\/127\.0\.0\.1:9\)$/);
  });

  it("the SDK's multi-line Node version notice is not shown to users", async () => {
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: undefined } as Record<string, string | undefined>;
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const res = await new Promise<{ stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [BIN, 'scan', '--regions', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9', '--out', tmp()], {
        env: { PATH: env.PATH ?? '', HOME: env.HOME ?? '/tmp', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      p.stderr.on('data', (d) => {
        stderr += String(d);
      });
      p.on('close', () => resolve({ stderr }));
    });
    expect(res.stderr).not.toMatch(/NodeVersionSupportWarning|upgrade to node/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 4 with a clear message when no credentials are available', async () => {
    const res = await runCli(['scan', '--regions', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'], {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(/no AWS credentials found/);
  });

  it('checks lists the catalogue with duties', async () => {
    const res = await runCli(['checks', '--json']);
    const rows = JSON.parse(res.stdout) as { id: string; duties: string[] }[];
    expect(rows.length).toBeGreaterThanOrEqual(60);
    expect(rows.every((r) => r.duties.length > 0)).toBe(true);
    expect((await runCli(['checks'])).stdout).toMatch(/ec2\.sg-ssh-open-internet\s+high\s+network/);
  });
});

describe('inputs are checked before any AWS call', () => {
  it('a bad config fails fast, without trying to collect', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.json'), '{"checks": {"nope": 1}}');
    // The endpoint is closed: had incloud tried to collect first, the error would be about the account.
    const res = await runCli(['scan', '--endpoint-url', 'http://127.0.0.1:9', '--regions', 'us-east-1', '--config', join(dir, 'c.json')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/\/checks: unknown key "nope"/);
  });
});
