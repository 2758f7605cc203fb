// Checks what --db names before a scan makes its first AWS call, so that a typo, a closed port or
// a file path is a one-line error up front, not a finished scan whose history was lost.

import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isLockFileName, LOCK_FILE } from './folder-lock.js';
import { defaultStorePath, embeddedFolder, openDatabase, redactDbUrl } from './database.js';

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** Why --db cannot name a scan store, judged without connecting; undefined when it can. */
export function storeSpecProblem(spec: string | undefined): string | undefined {
  const target = spec?.trim() || defaultStorePath();
  const scheme = SCHEME.exec(target)?.[1]?.toLowerCase();
  if (scheme && !['postgres', 'postgresql', 'file'].includes(scheme))
    return `--db ${redactDbUrl(target)}: ${scheme}:// is not a scan store; give a postgres:// URL or a folder for the embedded store`;
  const dir = embeddedFolder(target);
  if (!dir) return undefined;
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) return `--db ${dir} is a file; give a folder for the embedded store (it is created if missing)`;
    const entries = readdirSync(dir);
    // The lock: another run is creating the store there right now. What a killed run left of its lock is no one's file.
    const others = entries.filter((name) => !isLockFileName(name));
    if (others.length && !entries.includes('PG_VERSION') && !entries.includes(LOCK_FILE))
      return `--db ${dir} holds other files and no scan store; give an empty or new folder, or an existing store`;
    return writable(dir) ? undefined : `--db ${dir}: this user cannot write there`;
  }
  let parent = dirname(dir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  if (!statSync(parent).isDirectory()) return `--db ${dir}: ${parent} is a file, so the folder cannot be created`;
  return writable(parent) ? undefined : `--db ${dir}: cannot create the folder (no write access to ${parent})`;
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when the folder holds an embedded store (history and tickets read one, never create it). */
export const holdsEmbeddedStore = (dir: string): boolean => existsSync(join(dir, 'PG_VERSION'));

/** Connects to a postgres:// store once and lets go; throws a one-line StoreError when it cannot. */
export async function checkServerStore(spec: string): Promise<void> {
  await (await openDatabase(spec)).close();
}
