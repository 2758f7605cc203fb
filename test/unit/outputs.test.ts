import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { csvCell, renderCsv } from '../../reports/csv.js';
import { renderHtml } from '../../reports/html.js';
import { escapeHtml, jsonForScript } from '../../reports/html-safe.js';
import { renderTerminalSummary } from '../../reports/terminal.js';
import { writeOutputs } from '../../src/cli.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { cleanStale, ensureOutputDir, MANIFEST, writeOutputSet } from '../../src/util/output-set.js';
import { OrgProgress, Progress } from '../../src/util/progress.js';
import { addInstance, addSg, addUser, emptySnapshot, world } from '../helpers/builder.js';

describe('writing outputs', () => {
  it('one failing renderer does not lose the snapshot or the other reports', () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-out-'));
    const s = emptySnapshot();
    const r = evaluate(s, CHECKS);
    const { written, failed } = writeOutputs(
      r,
      s,
      { out, format: ['html', 'json', 'csv'] },
      {
        html: () => {
          throw new Error('boom');
        },
      },
    );
    expect(failed).toEqual([expect.stringMatching(/report\.html: boom/)]);
    expect(written.map((w) => w.split('/').pop())).toEqual(['snapshot.json', 'report.json', 'findings.csv']);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).format).toBe('incloud-report');
  });
});

describe('output set', () => {
  it('replaces the previous set whole and removes its files that the new set lacks', () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-set-'));
    writeOutputSet(
      out,
      [
        { name: 'report.json', render: () => 'old' },
        { name: 'diff.json', render: () => 'old diff' },
      ],
      'one',
    );
    writeFileSync(join(out, 'notes.txt'), 'user file');
    const { written } = writeOutputSet(out, [{ name: 'report.json', render: () => 'new' }], 'two');
    expect(written).toEqual([join(out, 'report.json')]);
    expect(readdirSync(out).sort()).toEqual(['incloud-manifest.json', 'notes.txt', 'report.json']);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8'));
    expect(manifest).toMatchObject({ id: 'two', files: [{ name: 'report.json', bytes: 3 }] });
    expect(statSync(join(out, 'report.json')).mode & 0o777).toBe(0o600);
  });

  it('cleans staging folders and temp files of processes that are gone', () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-stale-'));
    const dead = 2 ** 22 + 12345; // above the default pid_max
    mkdirSync(join(out, `.incloud-staging-${dead}-abcd`));
    writeFileSync(join(out, `.report.json.${dead}.beef.tmp`), 'x');
    expect(cleanStale(out).sort()).toEqual([`.incloud-staging-${dead}-abcd`, `.report.json.${dead}.beef.tmp`]);
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses a file, a pseudo-filesystem or an unusable path as --out at once', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'incloud-f-')), 'f');
    writeFileSync(file, '');
    expect(() => ensureOutputDir(file)).toThrow(/is a file/);
    expect(() => ensureOutputDir('/proc/self/incloud-out')).toThrow(/pseudo-filesystem/);
    expect(() => ensureOutputDir(join(file, 'below'))).toThrow(/not writable/);
  });
});

describe('escaping', () => {
  it('HTML escapes every metacharacter, JSON for script cannot close the tag', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
    expect(jsonForScript({ a: '</script><!--\u2028' })).not.toMatch(/<|>|\u2028/);
    const s = emptySnapshot();
    addSg(s, 'sg-x', [world(22)], { name: '<script>alert(1)</script>' });
    addInstance(s, 'i-x', ['sg-x'], { tags: { Name: '"><svg onload=alert(1)>' } });
    const html = renderHtml(evaluate(s, CHECKS));
    const body = html.slice(html.indexOf('<body>'));
    expect(body).not.toContain('<script>alert(1)');
    expect(body).not.toContain('<svg');
    expect(html.replace(/&#39;/g, "'")).toMatch(
      /Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/,
    );
    // No external resources: the only URLs are links to AWS documentation pages.
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3|docs\.aws\.amazon\.com\/)/);
    expect(html).not.toMatch(/<(link|img|iframe|script)[^>]+(src|href)=/i);
  });
  it('CSV quotes and neutralises spreadsheet formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(undefined)).toBe('');
    const s = emptySnapshot();
    addUser(s, '=cmd|x', {}, { passwordEnabled: true, mfaActive: false });
    expect(renderCsv(evaluate(s, CHECKS))).toContain(`"'=cmd|x"`);
  });
});

describe('progress display', () => {
  const fakeStream = () => {
    const chunks: string[] = [];
    return {
      chunks,
      stream: {
        write: (c: string) => {
          chunks.push(c);
          return true;
        },
      } as unknown as NodeJS.WriteStream,
    };
  };
  it('is silent with -q', () => {
    const f = fakeStream();
    const p = new Progress('off', f.stream);
    p.update({ phase: 'iam' });
    p.finish();
    expect(f.chunks).toEqual([]);
  });
  it('redraws one line with totals on a terminal and clears it at the end', () => {
    const f = fakeStream();
    const p = new Progress('tty', f.stream);
    p.attach(() => ({ requests: 12, errors: 1 }));
    p.update({ phase: 'regions', total: 3 });
    p.update({ phase: 'iam' });
    p.update({ phase: 'ec2', detail: 'eu-west-1' });
    p.update({ phase: 'iam:done' });
    p.finish();
    expect(f.chunks.at(-2)!.startsWith('\r\x1b[2K')).toBe(true); // redraw in place
    expect(f.chunks.at(-2)!.slice(5)).toMatch(/^incloud: scanning: \d+s, regions 1\/3, iam done, 12 requests, 1 errors$/);
    expect(f.chunks.at(-1)).toBe('\r\x1b[2K');
  });
  it('prints a plain line at most every 10 s when stderr is not a terminal', () => {
    const f = fakeStream();
    let now = 0;
    const p = new Progress('plain', f.stream, () => now);
    p.update({ phase: 'regions', total: 2 });
    p.update({ phase: 's3' });
    expect(f.chunks).toEqual([]);
    now = 10_000;
    p.tick();
    now = 15_000;
    p.tick();
    now = 20_500;
    p.tick();
    p.finish();
    expect(f.chunks).toEqual(['incloud: scanning: 10s, regions 0/2, s3 running\n', 'incloud: scanning: 21s, regions 0/2, s3 running\n']);
  });
  it('an organization scan shows accounts done of all, not assessed, findings, errors and the accounts in progress', () => {
    const f = fakeStream();
    let now = 0;
    const p = new OrgProgress('plain', f.stream, () => now);
    p.start(6);
    for (const id of ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555']) p.accountStarted(id);
    p.accountDone('111111111111', true, 7, 2);
    p.accountDone('222222222222', false, 0, 0);
    now = 12_000;
    p.tick();
    p.finish();
    expect(f.chunks).toEqual([
      'incloud: organization scan: 12s, accounts 2/6, 1 not assessed, 7 findings, 2 collection errors, scanning 333333333333, 444444444444, 555555555555\n',
    ]);
  });
});

describe('terminal summary', () => {
  it('lists the top fixes with the reason for their rank, and not-assessed results by cause', () => {
    const s = emptySnapshot();
    addSg(s, 'sg-ssh', [world(22)]);
    addInstance(s, 'i-web', ['sg-ssh']);
    s.iam.credentialReport = {
      state: 'error',
      error: {
        service: 'iam',
        operation: 'GetCredentialReport',
        kind: 'denied',
        code: 'AccessDenied',
        message: 'no',
        permission: 'iam:GetCredentialReport',
      },
    };
    const lines = renderTerminalSummary(evaluate(s, CHECKS), { top: 2, elapsedMs: 1234 });
    expect(lines[0]).toMatch(/^Fix first \(2 of \d+\):$/);
    expect(lines[1]).toMatch(/^ {3}1\. CRITICAL .* — i-web.*, eu-west-1$/);
    expect(lines[2]).toMatch(/why here: reachable from the Internet \(203\.0\.113\.10\)/);
    const cause = lines.find((l) => /GetCredentialReport was denied/.test(l));
    expect(cause).toMatch(/grant the scanner iam:GetCredentialReport \(\d+ check\(s\), 1 resource\(s\)\)/);
    expect(lines.at(-1)).toBe('Elapsed: 1.2 s');
  });
});
