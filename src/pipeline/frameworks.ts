// The framework mappings that ship in frameworks/: read once, checked against their schema,
// and chosen with --frameworks (keys, ids, id@version, "all" or "none").

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateInput } from '../engine/validate-input.js';
import type { Framework } from '../model/frameworks.js';
import { PACKAGE_ROOT } from '../version.js';

export const FRAMEWORKS_DIR = join(PACKAGE_ROOT, 'frameworks');

export class FrameworkSelectionError extends Error {}

const loaded = new Map<string, Framework[]>();

/** Every framework file of the folder, in a stable order (id, then newest version first). */
export function loadFrameworks(dir = FRAMEWORKS_DIR): Framework[] {
  const cached = loaded.get(dir);
  if (cached) return cached;
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const frameworks = files
    .map((f) => validateInput<Framework>('framework', JSON.parse(readFileSync(join(dir, f), 'utf8')), join(dir, f)))
    .sort((a, b) => a.id.localeCompare(b.id) || b.version.localeCompare(a.version, undefined, { numeric: true }));
  loaded.set(dir, frameworks);
  return frameworks;
}

/** Parses --frameworks; throws a one-line FrameworkSelectionError naming what is unknown. */
export function selectFrameworks(spec: string | undefined, all: Framework[] = loadFrameworks()): Framework[] {
  if (spec === undefined || spec.trim() === 'all') return all;
  if (spec.trim() === 'none') return [];
  const chosen = new Set<Framework>();
  for (const raw of spec.split(',')) {
    const word = raw.trim();
    if (!word) continue;
    const matches = all.filter((f) => f.key === word || f.id === word || `${f.id}@${f.version}` === word);
    if (!matches.length)
      throw new FrameworkSelectionError(
        `--frameworks: unknown framework "${word}" (known: ${all.map((f) => f.key).join(', ')}, their ids, id@version, all, none)`,
      );
    matches.forEach((f) => chosen.add(f));
  }
  if (!chosen.size) throw new FrameworkSelectionError('--frameworks: names no framework (use "none" to leave them out)');
  return all.filter((f) => chosen.has(f));
}
