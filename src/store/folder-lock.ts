// One process at a time in an embedded store: PGlite is a single-process database, and two
// processes writing one data folder corrupt it. The lock is a file created exclusively in the
// folder, holding the owner's pid (and its start time, where /proc has it); a lock whose process
// is gone (killed, or its pid reused since) is taken over.

import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeDirectories, processAlive } from '../util/local-fs.js';

export const LOCK_FILE = 'incloud.lock';

export class FolderLockTimeout extends Error {}

/** When a process started (Linux: /proc/PID/stat field 22), so a reused pid is not mistaken for the owner. */
function startOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19];
  } catch {
    return undefined;
  }
}

function owner(path: string): { pid: number; host: string; start?: string } | undefined {
  try {
    const [pid, host, start] = readFileSync(path, 'utf8').trim().split(' ');
    // An empty or half-written lock (its owner killed while writing it) names no owner: pid 0 would be this process group.
    const n = Number(pid);
    return pid && Number.isInteger(n) && n > 0 ? { pid: n, host: host ?? '', ...(start ? { start } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

/** The owner is gone: its pid is dead, or now belongs to a process that started later. */
function ownerGone(held: { pid: number; start?: string }): boolean {
  if (!processAlive(held.pid)) return true;
  const now = startOf(held.pid);
  return Boolean(held.start && now && now !== held.start);
}

function tryTake(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o600);
    const start = startOf(process.pid);
    writeSync(fd, `${process.pid} ${hostname()}${start ? ` ${start}` : ''}\n`);
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Takes the folder's lock, waiting while another live incloud process holds it (saying so
 * once through `waiting`); returns the function that releases it.
 */
export async function lockFolder(dir: string, o: { timeoutMs: number; waiting?: (pid: number) => void }): Promise<() => void> {
  makeDirectories(dir);
  const path = join(dir, LOCK_FILE);
  const deadline = Date.now() + o.timeoutMs;
  let told = false;
  for (;;) {
    if (tryTake(path)) return () => rmSync(path, { force: true });
    const held = owner(path);
    // Dead owner on this machine (or an unreadable, half-written lock): take it over.
    if (!held || (held.host === hostname() && ownerGone(held))) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new FolderLockTimeout(
        `the embedded scan store in ${dir} is in use by another incloud run (pid ${held.pid} on ${held.host}); embedded stores take one run at a time, use --db postgres://... for runs that overlap`,
      );
    if (!told && o.waiting) o.waiting(held.pid);
    told = true;
    await new Promise((r) => setTimeout(r, 100));
  }
}
