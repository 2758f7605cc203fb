// A full disk under --out: the reports of the previous run stay whole, nothing half-written
// is left behind, and the run says so in one line with exit 5. The disk is a small tmpfs this
// test mounts (root only); elsewhere the test skips with a message, under CI=true it must run.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectWholeOutputSet } from '../helpers/output-set.js';
import { runCli } from './cli.js';

const mountPoint = mkdtempSync(join(tmpdir(), 'incloud-full-disk-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]).status === 0;
if (!mounted && process.env.CI !== 'true') console.warn('cannot mount a tmpfs (needs root): the full-disk tests are SKIPPED');

function freeKiB(): number {
  const df = spawnSync('df', ['-k', '--output=avail', mountPoint], { encoding: 'utf8' });
  return Number(df.stdout.trim().split('\n').pop());
}

/** Leaves about `kib` KiB free on the tmpfs. */
function fillTo(kib: number): void {
  rmSync(join(mountPoint, 'filler'), { force: true });
  writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, freeKiB() - kib) * 1024));
}

describe.runIf(mounted || process.env.CI === 'true')('a full disk under --out', () => {
  beforeAll(() => {
    if (!mounted) throw new Error('CI=true requires the full-disk tests: cannot mount a tmpfs (run as root)');
  });
  beforeEach(() => rmSync(join(mountPoint, 'filler'), { force: true }));
  afterAll(() => {
    spawnSync('umount', [mountPoint]);
  });

  it('keeps the previous reports whole and exits 5 with one line naming the full disk', async () => {
    const out = join(mountPoint, 'out');
    const first = await runCli(['scan', '--demo', '--out', out, '--format', 'json', '-q']);
    expect(first.code, first.stderr).toBe(0);
    const before = readFileSync(join(out, 'report.json'), 'utf8');
    fillTo(100);
    const full = await runCli(['scan', '--demo', '--out', out, '--format', 'json,html,csv,sarif,ocsf']);
    expect(full.code, full.stderr).toBe(5);
    const lines = full.stderr.split('\n').filter((l) => l.startsWith('incloud:'));
    expect(lines).toEqual([
      expect.stringMatching(/could not write .*no space left on the device \(ENOSPC\).*the previous reports there are whole/),
    ]);
    expect(full.stderr).not.toMatch(/unexpected error|at writeSync/);
    expect(full.stderr).not.toMatch(/^wrote /m);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe(before);
    expectWholeOutputSet(out);
  });

  it('a disk with no room at all: the same, and the next run with room writes a whole new set', async () => {
    const out = join(mountPoint, 'out2');
    expect((await runCli(['scan', '--demo', '--out', out, '--format', 'json', '-q'])).code).toBe(0);
    fillTo(0);
    const full = await runCli(['scan', '--demo', '--out', out, '--format', 'json', '-q']);
    expect(full.code).toBe(5);
    expectWholeOutputSet(out);
    rmSync(join(mountPoint, 'filler'), { force: true });
    const again = await runCli(['scan', '--demo', '--out', out, '--format', 'json,html', '-q']);
    expect(again.code, again.stderr).toBe(0);
    expectWholeOutputSet(out);
    expect(readdirSync(out).sort()).toEqual(['incloud-manifest.json', 'report.html', 'report.json', 'snapshot.json']);
  });
});
