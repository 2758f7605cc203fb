// One process at a time in an embedded store: PGlite is a single-process database, and two
// processes writing one data folder corrupt it. The lock is a file in the folder naming its
// owner's pid (and its start time, where /proc has it); a lock whose process is gone (killed, or
// its pid reused since) is taken over.
//
// Every step is atomic, because several runs may wait on one store at once:
// - a lock is written whole under a name of its own, then hard-linked to the lock's name, which
//   fails if a lock is there: no other run ever reads a half-written lock;
// - a dead owner's lock is taken over by renaming it aside and checking that what was moved is the
//   file judged dead (same inode and text: inodes are reused); a live lock moved by mistake is
//   linked back at once;
// - a run releases only the lock that is still its own.

import { closeSync, fstatSync, linkSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { makeDirectories, processAlive } from '../util/local-fs.js';

export const LOCK_FILE = 'incloud.lock';

/** The lock and the files it is made from or moved aside to (`incloud.lock.<pid>.<n>`). */
export const isLockFileName = (name: string): boolean => name === LOCK_FILE || name.startsWith(`${LOCK_FILE}.`);

export class FolderLockTimeout extends Error {}

interface Owner {
  pid: number;
  host: string;
  start?: string;
}

let sequence = 0;
const privateName = (dir: string) => join(dir, `${LOCK_FILE}.${process.pid}.${++sequence}`);

/** When a process started (Linux: /proc/PID/stat field 22), so a reused pid is not mistaken for the owner. */
function startOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19];
  } catch {
    return undefined;
  }
}

function parseOwner(text: string): Owner | undefined {
  const [pid, host, start] = text.trim().split(' ');
  // An empty or damaged lock names no owner: pid 0 would be this process group.
  const n = Number(pid);
  return pid && Number.isInteger(n) && n > 0 ? { pid: n, host: host ?? '', ...(start ? { start } : {}) } : undefined;
}

/** The owner is gone: its pid is dead, or now belongs to a process that started later. */
function ownerGone(held: Owner): boolean {
  if (!processAlive(held.pid)) return true;
  const now = startOf(held.pid);
  return Boolean(held.start && now && now !== held.start);
}

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code;

interface LockFile {
  inode: number;
  text: string;
}

/** The inode and text of one file, read through one descriptor so that both are of the same file. */
function readLock(path: string): LockFile | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return { inode: fstatSync(fd).ino, text: readFileSync(fd, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

const sameLock = (a: LockFile | undefined, b: LockFile | undefined) => Boolean(a && b && a.inode === b.inode && a.text === b.text);

/** Links a whole lock naming this process to the lock's name; the lock when taken, undefined when one is there. */
function tryTake(path: string, dir: string): LockFile | undefined {
  const mine = privateName(dir);
  const fd = openSync(mine, 'w', 0o600);
  try {
    const start = startOf(process.pid);
    writeSync(fd, `${process.pid} ${hostname()}${start ? ` ${start}` : ''}\n`);
  } finally {
    closeSync(fd);
  }
  try {
    const lock = readLock(mine);
    linkSync(mine, path);
    return lock;
  } catch (err) {
    if (errno(err) === 'EEXIST') return undefined;
    throw err;
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * Moves aside the lock judged dead; if a live run's lock has taken its place in the meantime,
 * links that one back.
 */
function takeOver(path: string, dir: string, stale: LockFile): void {
  const aside = privateName(dir);
  try {
    renameSync(path, aside);
  } catch (err) {
    if (errno(err) === 'ENOENT') return;
    throw err;
  }
  try {
    if (!sameLock(readLock(aside), stale)) linkSync(aside, path);
  } catch (err) {
    if (errno(err) !== 'EEXIST') throw err;
  } finally {
    rmSync(aside, { force: true });
  }
}

/** Removes what runs killed between writing their lock and linking it left behind. */
function sweepLeftovers(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = Number(name.slice(LOCK_FILE.length + 1).split('.')[0]);
    if (name.startsWith(`${LOCK_FILE}.`) && Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid))
      rmSync(join(dir, name), { force: true });
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
    const taken = tryTake(path, dir);
    if (taken !== undefined) {
      sweepLeftovers(dir);
      return () => {
        if (sameLock(readLock(path), taken)) rmSync(path, { force: true });
      };
    }
    const lock = readLock(path);
    if (!lock) continue;
    const held = parseOwner(lock.text);
    // Dead owner on this machine (or a damaged lock naming none): take it over.
    if (!held || (held.host === hostname() && ownerGone(held))) {
      takeOver(path, dir, lock);
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
