// Reading the files a run takes as input: snapshots (validated against their schema) and reports.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputFileError, validateInput } from '../engine/validate-input.js';
import type { Report } from '../model/findings.js';
import type { OrgFacts } from '../model/organization.js';
import { SNAPSHOT_FORMAT, type Snapshot } from '../model/snapshot.js';
import { PACKAGE_ROOT } from '../version.js';
import { InputError } from './args.js';

export const DEMO_SNAPSHOT = join(PACKAGE_ROOT, 'examples', 'demo-snapshot.json');

export function readJsonFile<T>(path: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new InputError(`${what} ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

export function readSnapshot(path: string): Snapshot {
  const s = readJsonFile<Snapshot>(path, 'snapshot');
  if (!s || typeof s !== 'object' || s.format !== SNAPSHOT_FORMAT || typeof s.version !== 'number')
    throw new InputError(`${path} is not an incloud snapshot (format "${SNAPSHOT_FORMAT}")`);
  if (s.version > 1) throw new InputError(`${path} is snapshot version ${s.version}; this incloud reads version 1`);
  try {
    return validateInput<Snapshot>('snapshot', s, path);
  } catch (err) {
    if (err instanceof InputFileError) throw new InputError(err.message);
    throw err;
  }
}

/** organization.json of an organization scan: the guardrails and accounts to evaluate a member's snapshot with. */
export function readOrgFacts(path: string): OrgFacts {
  const f = readJsonFile<OrgFacts>(path, 'organization');
  try {
    return validateInput<OrgFacts>('organization', f, path);
  } catch (err) {
    if (err instanceof InputFileError) throw new InputError(err.message);
    throw err;
  }
}

export function readReport(path: string): Report {
  const r = readJsonFile<Report>(path, 'report');
  if (!r || r.format !== 'incloud-report' || !Array.isArray(r.findings)) throw new InputError(`${path} is not an incloud JSON report`);
  return r;
}
