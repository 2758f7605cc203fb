import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { csvCell, renderCsv } from '../../reports/csv.js';
import { escapeHtml, jsonForScript, renderHtml } from '../../reports/html.js';
import { writeOutputs } from '../../src/cli.js';
import { evaluate } from '../../src/engine/evaluate.js';
import { cleanStale, ensureOutputDir, MANIFEST, writeOutputSet } from '../../src/util/output-set.js';
import { Progress } from '../../src/util/progress.js';
import { addInstance, addSg, addUser, emptySnapshot, world } from '../helpers/builder.js';

describe('writing outputs', () => {
  it('one failing renderer does not lose the snapshot or the other reports', () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-out-'));
    const s = emptySnapshot();
    const r = evaluate(s, CHECKS);
    const { written, failed } = writeOutputs(r, s, { out, format: ['html', 'json', 'csv'] }, { html: () => { throw new Error('boom'); } });
    expect(failed).toEqual([expect.stringMatching(/report\.html: boom/)]);
    expect(written.map((w) => w.split('/').pop())).toEqual(['snapshot.json', 'report.json', 'findings.csv']);
    expect(existsSync(join(out, 'report.html'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')).format).toBe('incloud-report');
  });
});

describe('output set', () => {
  it('replaces the previous set whole and removes its files that the new set lacks', () => {
    const out = mkdtempSync(join(tmpdir(), 'incloud-set-'));
    writeOutputSet(out, [{ name: 'report.json', render: () => 'old' }, { name: 'diff.json', render: () => 'old diff' }], 'one');
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
    expect(html.replace(/&#39;/g, "'")).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+'/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3)/); // no external resources
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
  const fakeStream = () => { const chunks: string[] = []; return { chunks, stream: { write: (c: string) => { chunks.push(c); return true; } } as unknown as NodeJS.WriteStream }; };
  it('is silent when not on a terminal', () => {
    const f = fakeStream();
    const p = new Progress(false, f.stream);
    p.update({ phase: 'iam' });
    p.done();
    expect(f.chunks).toEqual([]);
  });
  it('redraws one line on a terminal and clears it at the end', () => {
    const f = fakeStream();
    const p = new Progress(true, f.stream);
    p.update({ phase: 'iam' });
    p.update({ phase: 'ec2', detail: 'eu-west-1' });
    p.done();
    expect(f.chunks[0]).toMatch(/^\r\x1b\[2Kincloud: iam/);
    expect(f.chunks[1]).toMatch(/iam > ec2 \(1 region\(s\) done\)/);
    expect(f.chunks.at(-1)).toBe('\r\x1b[2K');
  });
});
