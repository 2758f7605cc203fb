// A new embedded store starts from a copy of an empty, initialised PGlite data folder made at
// build time: PGlite's initdb takes about 5 s and 800 MB, loading the copy about 1.5 s. The copy
// is tied to the PGlite release that made it; without a matching one the store runs initdb.

import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PACKAGE_ROOT } from '../version.js';

/** The installed PGlite's version, from its package.json (found above its entry point). */
export function pgliteVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@electric-sql/pglite' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
    dir = dirname(dir);
  }
}

export const templatePath = (): string => join(PACKAGE_ROOT, 'dist', 'store-template', `pglite-${pgliteVersion()}.tar.gz`);

/** The template for this PGlite, or undefined when the build made none. */
export function readTemplate(): Blob | undefined {
  try {
    return new Blob([readFileSync(templatePath())]);
  } catch {
    return undefined;
  }
}

/** Makes the template if this PGlite has none yet; returns its path. */
export async function ensureTemplate(): Promise<{ path: string; made: boolean }> {
  const path = templatePath();
  if (existsSync(path)) return { path, made: false };
  const scratch = join(tmpdir(), `incloud-template-${process.pid}`);
  const db = await PGlite.create(scratch);
  try {
    const dump = await db.dumpDataDir('gzip');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.partial`, Buffer.from(await dump.arrayBuffer()));
    renameSync(`${path}.partial`, path);
  } finally {
    await db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return { path, made: true };
}
