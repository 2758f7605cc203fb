// Fresh embedded stores, small reports recorded into a store, and tables read back as text (for
// secret greps).

import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanStore } from '../../src/store/scan-store.js';
import { reportOf, type ReportSpec } from './reports.js';

export async function recordScans(db: string, ...scans: ReportSpec[]): Promise<void> {
  const store = await ScanStore.open(db);
  try {
    for (const s of scans) await store.record(reportOf(s));
  } finally {
    await store.close();
  }
}

export async function storeText(db: string, tables: string[]): Promise<string> {
  const store = await ScanStore.open(db);
  try {
    const rows = [];
    for (const table of tables) rows.push(JSON.stringify(await store.db.query(`select * from ${table}`)));
    return rows.join('\n');
  } finally {
    await store.close();
  }
}

let template: Promise<string> | undefined;

/**
 * A new, empty, migrated embedded store. Creating a PGlite cluster takes seconds; tests that
 * are not about creation get a copy of one made once per test process.
 */
export async function freshEmbeddedStore(prefix: string): Promise<string> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incloud-store-template-'));
    await (await ScanStore.open(dir)).close();
    return dir;
  })();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(await template, dir, { recursive: true });
  return dir;
}
