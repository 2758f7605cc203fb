// The embedded store's folder lock: a live owner is waited for; a dead owner, a damaged lock and
// a pid that now belongs to a later process are taken over at once; many runs at once, some
// killed while they hold it, never hold it together.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FolderLockTimeout, isLockFileName, LOCK_FILE, lockFolder } from '../../src/store/folder-lock.js';
import { storeSpecProblem } from '../../src/store/store-spec.js';

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
    ['an empty lock (damaged, naming no owner)', ''],
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

/**
 * A child that takes the lock `rounds` times and, holding it, checks that no one else does; with
 * `dies`, its last round ends in SIGKILL while it holds the lock, leaving a dead owner's lock.
 */
const contender = (lockModule: string, dir: string, rounds: number, dies: boolean) => `
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
const { lockFolder } = await import(${JSON.stringify(lockModule)});
const holder = join(${JSON.stringify(dir)}, 'holder');
const pause = (ms) => new Promise((r) => setTimeout(r, ms));
for (let round = 1; round <= ${rounds}; round++) {
  const release = await lockFolder(${JSON.stringify(dir)}, { timeoutMs: 60000 });
  if (existsSync(holder)) appendFileSync(join(${JSON.stringify(dir)}, 'overlaps'), process.pid + '\\n');
  writeFileSync(holder, String(process.pid));
  await pause(Math.random() * 3);
  rmSync(holder, { force: true });
  if (${dies} && round === ${rounds}) process.kill(process.pid, 'SIGKILL');
  release();
  await pause(Math.random() * 3);
}
`;

describe('embedded store folder lock under contention', () => {
  const lockModule = pathToFileURL(join(__dirname, '../../dist/src/store/folder-lock.js')).href;

  it('twelve runs taking turns, some killed while they hold it: never two holders, nothing left behind', async () => {
    if (!existsSync(fileURLToPath(lockModule))) throw new Error('build first: npm run build');
    const dir = folder();
    const runs = Array.from(
      { length: 12 },
      (_, i) =>
        new Promise<number | string>((resolve) => {
          const p = spawn(process.execPath, ['--input-type=module', '-e', contender(lockModule, dir, 6, i % 4 === 0)], {
            stdio: 'ignore',
          });
          p.on('close', (code, signal) => resolve(code ?? signal ?? -1));
        }),
    );
    const outcomes = await Promise.all(runs);
    expect(outcomes.filter((o) => o === 'SIGKILL')).toHaveLength(3);
    expect(outcomes.filter((o) => o !== 'SIGKILL')).toEqual(Array(9).fill(0));
    expect(existsSync(join(dir, 'overlaps')) ? readFileSync(join(dir, 'overlaps'), 'utf8') : '').toBe('');
    // The last killed holder's lock is taken over by the next run, which sweeps what the killed runs left.
    const release = await lockFolder(dir, { timeoutMs: 5000 });
    release();
    expect(readdirSync(dir).filter(isLockFileName)).toEqual([]);
  }, 120_000);

  it('a run never removes a lock that is no longer its own', async () => {
    const dir = folder();
    const release = await lockFolder(dir, { timeoutMs: 1000 });
    const other = `${process.pid + 1} another-host\n`;
    writeFileSync(join(dir, LOCK_FILE), other);
    release();
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toBe(other);
  });
});

describe('--db check of a folder', () => {
  it("what a killed run left of its lock does not make a folder someone else's; other files do", () => {
    const dir = folder();
    writeFileSync(join(dir, `${LOCK_FILE}.999999.1`), `999999 ${hostname()}\n`);
    expect(storeSpecProblem(dir)).toBeUndefined();
    writeFileSync(join(dir, 'notes.md'), '# mine');
    expect(storeSpecProblem(dir)).toMatch(/holds other files and no scan store/);
  });
});
