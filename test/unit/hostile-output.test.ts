// Hostile data on the terminal and credentials in connection strings: what AWS hands back
// (names, tags, error texts) cannot act on the terminal or forge a line, and no output
// channel shows a password from --db or --queue.

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../checks/index.js';
import { renderTerminalSummary } from '../../reports/terminal.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { redactUrl } from '../../src/org/queue-url.js';
import { redactDbUrl } from '../../src/store/database.js';
import { redactConnectionString } from '../../src/util/redact.js';
import { oneLine, visibleControls } from '../../src/util/terminal-text.js';
import { runCli } from '../e2e/cli.js';
import { FORGED_VERDICT, HOSTILE_NAMES, TERMINAL_ACTIVE } from '../helpers/hostile.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'incloud-hostile-'));
const DEMO = join(import.meta.dirname, '../../examples/demo-snapshot.json');

/** The demo account with every instance, group and bucket name replaced by hostile ones. */
function hostileDemo(): Snapshot {
  const s = JSON.parse(readFileSync(DEMO, 'utf8')) as Snapshot;
  const names = Object.values(HOSTILE_NAMES);
  let i = 0;
  for (const r of Object.values(s.ec2)) {
    for (const inst of r.instances.state === 'ok' ? r.instances.value : []) inst.tags.Name = names[i++ % names.length]!;
    for (const sg of r.securityGroups.state === 'ok' ? r.securityGroups.value : []) sg.name = names[i++ % names.length]!;
  }
  return s;
}

const forgedLine = (text: string) => text.split('\n').some((line) => line.trimStart().startsWith(FORGED_VERDICT));

describe('terminal text', () => {
  it('makes every terminal-active character visible, keeping newlines only where a line may break', () => {
    for (const name of Object.values(HOSTILE_NAMES)) {
      expect(oneLine(name)).not.toMatch(TERMINAL_ACTIVE);
      expect(oneLine(name)).not.toContain('\n');
      expect(visibleControls(name)).not.toMatch(TERMINAL_ACTIVE);
    }
    expect(oneLine(HOSTILE_NAMES.escapes)).toContain('\\u001b[2J');
    expect(oneLine(HOSTILE_NAMES.bidi)).toBe('invoice\\u202egpj.exe\\u2066x\\u2069');
    expect(visibleControls('a\nb\tc')).toBe('a\nb\tc');
    expect(oneLine('plain name (sg-1)')).toBe('plain name (sg-1)');
  });

  it('the fix-first summary shows hostile names as text on their own line', () => {
    const report = evaluate(hostileDemo(), CHECKS);
    const lines = renderTerminalSummary(report, { top: 10 });
    expect(lines.join('\n')).not.toMatch(TERMINAL_ACTIVE);
    expect(forgedLine(lines.join('\n'))).toBe(false);
    expect(lines.join('\n')).toContain('\\u001b');
  });

  it('a scan prints no escape sequence or forged line from the account, on stderr or stdout', async () => {
    const dir = tmp();
    const snap = join(dir, 'hostile.json');
    writeFileSync(snap, JSON.stringify(hostileDemo()));
    const res = await runCli(['evaluate', snap, '--out', join(dir, 'out'), '--format', 'json', '--top', '20']);
    expect(res.code).toBe(0);
    const printed = res.stderr + res.stdout;
    expect(printed).not.toMatch(TERMINAL_ACTIVE);
    expect(forgedLine(printed)).toBe(false);
    expect(printed).toMatch(/Fix first/);
  });
});

describe('credentials in connection strings', () => {
  const SECRET = 'WrongPassw0rd-ABC';
  it.each([
    [`postgres://incloud:${SECRET}@db.internal:5432/store1`, 'postgres://incloud@db.internal:5432/store1'],
    [`postgres://incloud@db.internal/store1?password=${SECRET}`, 'postgres://incloud@db.internal/store1?password=***'],
    [
      `postgresql://incloud@db.internal/store1?sslpassword=${SECRET}&sslkey=/etc/incloud/key.pem`,
      'postgresql://incloud@db.internal/store1?sslpassword=***&sslkey=/etc/incloud/key.pem',
    ],
    [`host=db.internal user=incloud password=${SECRET} dbname=store1`, 'host=db.internal user=incloud password=*** dbname=store1'],
    [`host=db.internal password='${SECRET} x'`, 'host=db.internal password=***'],
    [`postgres://incloud:${SECRET}@[broken/store1`, '(invalid URL)'],
    ['/var/lib/incloud/db', '/var/lib/incloud/db'],
  ])('%s is shown as %s', (spec, shown) => {
    expect(redactDbUrl(spec)).toBe(shown);
    expect(redactConnectionString(spec)).not.toContain(SECRET);
  });

  it('a queue URL loses its user and every credential', () => {
    expect(redactUrl(`redis://worker:${SECRET}@redis.internal:6379/0?password=${SECRET}`)).toBe(
      'redis://redis.internal:6379/0?password=***',
    );
  });

  it('scan, history and tickets never print the --db password, and the reports do not hold it', async () => {
    const out = tmp();
    for (const db of [`postgres://incloud@127.0.0.1:1/store1?password=${SECRET}`, `postgres://incloud:${SECRET}@127.0.0.1:1/store1`]) {
      const scan = await runCli(['scan', '--demo', '--out', out, '--format', 'json,html,csv,sarif,ocsf', '--db', db]);
      expect(scan.code, 'checked before the scan starts').toBe(4);
      expect(scan.stderr).toMatch(/cannot connect to the scan store postgres:\/\/incloud@127\.0\.0\.1:1\/store1/);
      const history = await runCli(['history', '--db', db]);
      const tickets = await runCli(['tickets', 'sync', '--target', 'webhook', '--dry-run', '--db', db], {
        INCLOUD_WEBHOOK_URL: 'http://127.0.0.1:1/hook',
        INCLOUD_WEBHOOK_SECRET: 'x',
      });
      for (const r of [scan, history, tickets]) expect(r.stdout + r.stderr).not.toContain(SECRET);
      expect(history.stderr + tickets.stderr).toMatch(/cannot connect to the scan store/);
    }
    for (const f of readdirSync(out)) expect(readFileSync(join(out, f), 'utf8')).not.toContain(SECRET);
  });
});
