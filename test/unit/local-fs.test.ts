// makeDirectories: Node's recursive mkdir spins forever under /proc (the parent exists, the
// child is refused with ENOENT); this one must fail at once there, and make nested folders elsewhere.

import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectories, nearestExisting, processAlive } from '../../src/util/local-fs.js';

describe('local file-system helpers', () => {
  it('makes nested folders, and accepts one that exists', () => {
    const base = mkdtempSync(join(tmpdir(), 'incloud-dirs-'));
    const deep = join(base, 'a', 'b', 'c');
    makeDirectories(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    expect(() => makeDirectories(deep)).not.toThrow();
    expect(nearestExisting(join(deep, 'x', 'y'))).toBe(deep);
  });

  it('refuses a path through a file', () => {
    const base = mkdtempSync(join(tmpdir(), 'incloud-dirs-'));
    writeFileSync(join(base, 'file'), '');
    expect(() => makeDirectories(join(base, 'file', 'sub'))).toThrow(/ENOTDIR/);
  });

  it.runIf(existsSync('/proc/self'))('fails at once under /proc instead of looping', () => {
    expect(() => makeDirectories('/proc/incloud-test/sub')).toThrow(/ENOENT/);
  });

  it('knows a live process from a gone one', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12345)).toBe(false);
  });
});
