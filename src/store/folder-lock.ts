// One process at a time in an embedded store: PGlite is a single-process database, and two
// processes writing one data folder corrupt it. The lock is a file in the folder naming its
// owner's pid (and its start time, where /proc has it); a lock whose process is gone (killed, or
// its pid reused since) is taken over.
//
// Every step is atomic, because several runs may wait on one store at once:
// - a lock is written whole, once, under a name of its own, then hard-linked to the lock's name,
//   which fails if a lock is there: no other run ever reads a half-written lock;
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

/** Writes a whole lock naming this process under a private name, to be linked into place. */
function writeOwnLock(dir: string): { path: string; lock: LockFile } {
  const path = privateName(dir);
  const fd = openSync(path, 'w', 0o600);
  try {
    const start = startOf(process.pid);
    writeSync(fd, `${process.pid} ${hostname()}${start ? ` ${start}` : ''}\n`);
  } finally {
    closeSync(fd);
  }
  return { path, lock: readLock(path)! };
}

/** Links one's own lock to the lock's name; false when a lock is there. */
function tryTake(own: string, path: string): boolean {
  try {
    linkSync(own, path);
    return true;
  } catch (err) {
    if (errno(err) === 'EEXIST') return false;
    throw err;
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

/** Removes the private lock files that killed runs left behind. */
function sweepLeftovers(dir: string): void {
  for (const name of readdirSync(dir)) {
    const pid = Number(name.slice(LOCK_FILE.length + 1).split('.')[0]);
    if (name !== LOCK_FILE && isLockFileName(name) && Number.isInteger(pid) && pid > 0 && pid !== process.pid && !processAlive(pid))
      rmSync(join(dir, name), { force: true });
  }
}

export interface LockOptions {
  timeoutMs: number;
  waiting?: (pid: number) => void;
}

/**
 * Takes the folder's lock, waiting while another live incloud process holds it (saying so
 * once through `waiting`); returns the function that releases it.
 */
export async function lockFolder(dir: string, o: LockOptions): Promise<() => void> {
  makeDirectories(dir);
  const path = join(dir, LOCK_FILE);
  const own = writeOwnLock(dir);
  try {
    return await takeTurn(dir, path, own, o);
  } finally {
    rmSync(own.path, { force: true });
  }
}

async function takeTurn(dir: string, path: string, own: { path: string; lock: LockFile }, o: LockOptions): Promise<() => void> {
  const deadline = Date.now() + o.timeoutMs;
  let told = false;
  for (;;) {
    if (tryTake(own.path, path)) {
      sweepLeftovers(dir);
      return () => {
        if (sameLock(readLock(path), own.lock)) rmSync(path, { force: true });
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
