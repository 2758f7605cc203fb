// Asserts that an output folder holds one whole set: every file the manifest names has its
// recorded hash, and no staging or temporary file is left.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export function expectWholeOutputSet(out: string): void {
  const manifest = JSON.parse(readFileSync(join(out, 'incloud-manifest.json'), 'utf8')) as { files: { name: string; sha256: string }[] };
  for (const f of manifest.files)
    expect(
      createHash('sha256')
        .update(readFileSync(join(out, f.name)))
        .digest('hex'),
      f.name,
    ).toBe(f.sha256);
  expect(
    readdirSync(out).filter((n) => n.startsWith('.')),
    'no staging or temp files left',
  ).toEqual([]);
}
