// Writes the generated reference documents (see src/docs.ts). Run: npm run docs

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENERATED_DOCS } from '../src/docs.js';
import { PACKAGE_ROOT } from '../src/version.js';

for (const [path, render] of Object.entries(GENERATED_DOCS)) {
  const file = join(PACKAGE_ROOT, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, render());
  console.log(`wrote ${path}`);
}
