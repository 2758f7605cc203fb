// The files of one scan land together. Each is rendered into a staging folder inside the
// output folder (same filesystem, so renames are atomic), then all are renamed into place in
// one synchronous run that a signal cannot interrupt, and a manifest naming this set is written
// last. Files of the previous set that this one does not replace (an old diff.json, say) are
// removed, so a folder never mixes two scans. Staging folders of dead processes are cleaned up.

import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { makeDirectories, nearestExisting, processAlive } from './local-fs.js';

export const MANIFEST = 'incloud-manifest.json';
const STAGING_PREFIX = '.incloud-staging-';
const PSEUDO_FILESYSTEMS = ['/proc', '/sys', '/dev'];

export class OutputDirError extends Error {}

/** Files written with this mode: reports and snapshots hold policies and tags. */
export const PRIVATE_FILE_MODE = 0o600;

/** Makes sure the output folder exists and takes files; fails at once, before any scan. */
export function ensureOutputDir(dir: string): string {
  const abs = resolve(dir);
  const real = realpathSync(nearestExisting(abs));
  if (PSEUDO_FILESYSTEMS.some((p) => real === p || real.startsWith(`${p}/`))) {
    throw new OutputDirError(`--out ${dir} is on a pseudo-filesystem (${real.split('/').slice(0, 2).join('/')}); choose a normal folder`);
  }
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new OutputDirError(`--out ${dir} is a file, not a folder`);
  try {
    makeDirectories(abs);
    accessSync(abs, constants.W_OK);
    const probe = join(abs, `${STAGING_PREFIX}probe-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    throw new OutputDirError(`--out ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return abs;
}

/** Removes staging folders and temp files left by processes that are gone. */
export function cleanStale(dir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const staging = name.startsWith(STAGING_PREFIX) ? Number(name.slice(STAGING_PREFIX.length).split('-')[0]) : NaN;
    const tmp = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    const pid = Number.isFinite(staging) ? staging : tmp ? Number(tmp[1]) : NaN;
    if (Number.isFinite(pid) && !processAlive(pid)) {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

const FLUSH_BYTES = 1 << 20;

/** Writes text or chunks of text, synced to disk; returns its size and SHA-256. */
function writeSynced(path: string, data: string | Iterable<string>): { bytes: number; sha256: string } {
  const fd = openSync(path, 'w', PRIVATE_FILE_MODE);
  const hash = createHash('sha256');
  let bytes = 0;
  let pending: string[] = [];
  let pendingLength = 0;
  const flush = () => {
    const block = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingLength = 0;
    hash.update(block);
    bytes += block.length;
    for (let off = 0; off < block.length;) off += writeSync(fd, block, off);
  };
  try {
    for (const chunk of typeof data === 'string' ? [data] : data) {
      pending.push(chunk);
      pendingLength += chunk.length;
      if (pendingLength >= FLUSH_BYTES) flush();
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}

export interface OutputFile {
  name: string;
  render: () => string | Iterable<string>;
}
export interface Manifest {
  format: 'incloud-output';
  id: string;
  writtenAt: string;
  files: { name: string; bytes: number; sha256: string }[];
}

export function readManifest(dir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
    return m?.format === 'incloud-output' && Array.isArray(m.files) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** Errors of the storage itself: the set cannot be written whole, so none of it replaces the last. */
const STORAGE_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'EFBIG']);

class StorageFailure extends Error {}

function storageFailure(err: unknown, file: string): StorageFailure | undefined {
  const code = (err as NodeJS.ErrnoException).code;
  if (!code || !STORAGE_ERRORS.has(code)) return undefined;
  const what = code === 'ENOSPC' ? 'no space left on the device' : code === 'EDQUOT' ? 'disk quota exceeded' : (err as Error).message;
  return new StorageFailure(`${what} (${code}) while writing ${file}`);
}

/**
 * Writes a set of files as a unit. A file whose rendering fails is reported and does not stop
 * the others; the previous version of that file is removed rather than left beside the new set.
 * When the storage itself fails (a full disk, a quota, an I/O error), nothing of the new set
 * replaces the previous one: the previous reports stay whole and the failure is one line.
 */
export function writeOutputSet(dir: string, files: OutputFile[], id: string): { written: string[]; failed: string[] } {
  const out = ensureOutputDir(dir);
  cleanStale(out);
  const staging = join(out, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
  const staged: Manifest['files'] = [];
  const failed: string[] = [];
  const stage = (name: string, data: () => string | Iterable<string>) => {
    try {
      return writeSynced(join(staging, name), data());
    } catch (err) {
      throw storageFailure(err, name) ?? err;
    }
  };
  try {
    mkdirSync(staging, { mode: 0o700 });
    for (const f of files) {
      try {
        staged.push({ name: f.name, ...stage(f.name, f.render) });
      } catch (err) {
        if (err instanceof StorageFailure) throw err;
        failed.push(`${join(out, f.name)}: ${(err as Error).message}`);
      }
    }
    const previous = readManifest(out);
    const manifest: Manifest = { format: 'incloud-output', id, writtenAt: new Date().toISOString(), files: staged };
    stage(MANIFEST, () => `${JSON.stringify(manifest, null, 2)}\n`);
    // From here on nothing awaits: the renames run as one block.
    const keep = new Set([...staged.map((f) => f.name), MANIFEST]);
    for (const old of previous?.files ?? []) if (!keep.has(old.name)) rmSync(join(out, old.name), { force: true });
    for (const f of files) if (!keep.has(f.name)) rmSync(join(out, f.name), { force: true });
    for (const f of staged) renameSync(join(staging, f.name), join(out, f.name));
    renameSync(join(staging, MANIFEST), join(out, MANIFEST));
  } catch (err) {
    const failure = err instanceof StorageFailure ? err : storageFailure(err, 'the staging folder');
    if (!failure) throw err;
    return { written: [], failed: [`${out}: ${failure.message}; nothing was replaced, the previous reports there are whole`] };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { written: staged.map((f) => join(out, f.name)), failed };
}
