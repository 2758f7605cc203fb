// The embedded store's folder lock: a live owner is waited for; a dead owner, an empty or
// half-written lock, and a pid that now belongs to a later process are taken over at once.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FolderLockTimeout, LOCK_FILE, lockFolder } from '../../src/store/folder-lock.js';

const folder = () => mkdtempSync(join(tmpdir(), 'incloud-lock-'));

describe('embedded store folder lock', () => {
  it('names its owner with pid, host and start time, and waits for a live one', async () => {
    const dir = folder();
    const release = await lockFolder(dir, { timeoutMs: 1000 });
    const [pid, host, start] = readFileSync(join(dir, LOCK_FILE), 'utf8').trim().split(' ');
    expect([Number(pid), host]).toEqual([process.pid, hostname()]);
    if (process.platform === 'linux') expect(start).toMatch(/^\d+$/);
    await expect(lockFolder(dir, { timeoutMs: 200 })).rejects.toBeInstanceOf(FolderLockTimeout);
    release();
    (await lockFolder(dir, { timeoutMs: 200 }))();
  });

  it.each([
    ['an empty lock (owner killed while writing it)', ''],
    ['a dead pid', `999999 ${hostname()}`],
    ['a pid reused by a process that started later', `${process.pid} ${hostname()} 1`],
  ])('takes over %s at once', async (_what, content) => {
    if (content.endsWith(' 1') && process.platform !== 'linux') return;
    const dir = folder();
    writeFileSync(join(dir, LOCK_FILE), content);
    const started = Date.now();
    const release = await lockFolder(dir, { timeoutMs: 5000 });
    expect(Date.now() - started).toBeLessThan(1000);
    release();
  });
});
