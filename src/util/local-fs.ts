// Small local helpers shared by the output set and the embedded store's lock.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The path itself or its nearest ancestor that exists. */
export function nearestExisting(path: string): string {
  let p = resolve(path);
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) break;
    p = parent;
  }
  return p;
}

/**
 * Creates a folder and its missing parents one level at a time. Node's own recursive mkdir
 * loops forever where a parent exists but refuses children with ENOENT (/proc), so it is not used.
 */
export function makeDirectories(path: string): void {
  const abs = resolve(path);
  const base = nearestExisting(abs);
  const missing: string[] = [];
  for (let p = abs; p !== base; p = dirname(p)) missing.unshift(p);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Whether a process with this id runs on this machine (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
