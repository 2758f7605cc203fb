import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { csvCell, renderCsv } from '../../reports/csv.js';
import { escapeHtml, jsonForScript, renderHtml } from '../../reports/html.js';
import { writeOutputs } from '../../src/cli.js';
import { evaluate } from '../../src/engine/evaluate.js';
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
