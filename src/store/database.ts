// The scan store's connection: an embedded PostgreSQL (PGlite, a data folder, no server) or a
// PostgreSQL server (pg). Both speak the same SQL, so the store above this file does not know
// which one it has.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { redactConnectionString } from '../util/redact.js';
import { readTemplate } from './embedded-template.js';
import { FolderLockTimeout, lockFolder } from './folder-lock.js';

export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Where it is, without credentials: a folder or a server URL. */
  readonly where: string;
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class StoreError extends Error {}

/** The embedded store's default folder: $XDG_DATA_HOME/incloud/db, else ~/.local/share/incloud/db. */
export function defaultStorePath(env = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'incloud', 'db');
}

export function isServerUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

export function redactDbUrl(spec: string): string {
  return redactConnectionString(spec);
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite';
  constructor(
    private readonly db: PGlite,
    readonly where: string,
    private readonly unlock: () => void,
  ) {}
  async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(text, params)).rows;
  }
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      fn({ query: async <R>(text: string, params: unknown[] = []) => (await tx.query<R>(text, params)).rows }),
    );
  }
  async close(): Promise<void> {
    try {
      await this.db.close();
    } finally {
      this.unlock();
    }
  }
}

class ServerDatabase implements Database {
  readonly kind = 'postgres';
  constructor(
    private readonly pool: pg.Pool,
    readonly where: string,
  ) {}
  async query<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(text, params)).rows as T[];
  }
  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const out = await fn({ query: async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[] });
      await client.query('commit');
      return out;
    } catch (err) {
      await client.query('rollback').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** One line on why a connection or folder failed; an AggregateError (every address refused) says it of its first. */
export const reasonOf = (err: unknown): string => {
  const inner = err instanceof AggregateError && err.errors.length ? err.errors[0] : err;
  const e = (inner ?? {}) as NodeJS.ErrnoException & { code?: string };
  const message = (typeof e.message === 'string' && e.message ? e.message : String(e.code ?? inner)).split('\n')[0]!;
  return e.code && !message.startsWith(e.code) ? `${e.code}: ${message}` : message;
};

/** The folder of an embedded store, or undefined for a server URL. */
export function embeddedFolder(spec: string | undefined): string | undefined {
  const target = spec?.trim() || defaultStorePath();
  return isServerUrl(target) ? undefined : resolve(target.replace(/^file:\/\//, ''));
}

/** Opens the store: a postgres:// URL, a folder for the embedded store, or the default folder. */
/** How long a run waits for another run to finish with an embedded store. */
const EMBEDDED_LOCK_WAIT_MS = 10 * 60_000;

export async function openDatabase(spec?: string, o: { waiting?: (pid: number) => void } = {}): Promise<Database> {
  const dir = embeddedFolder(spec);
  if (!dir) {
    const target = spec!.trim();
    const where = redactDbUrl(target);
    const pool = new pg.Pool({ connectionString: target, max: 4, connectionTimeoutMillis: 10_000 });
    pool.on('error', () => {});
    try {
      await pool.query('select 1');
    } catch (err) {
      await pool.end().catch(() => {});
      throw new StoreError(`cannot connect to the scan store ${where} (${reasonOf(err)})`);
    }
    return new ServerDatabase(pool, where);
  }
  let unlock: () => void;
  try {
    unlock = await lockFolder(dir, { timeoutMs: EMBEDDED_LOCK_WAIT_MS, waiting: o.waiting });
  } catch (err) {
    if (err instanceof FolderLockTimeout) throw new StoreError(err.message);
    throw new StoreError(`cannot open the embedded scan store in ${dir} (${reasonOf(err)})`);
  }
  try {
    const template = existsSync(join(dir, 'PG_VERSION')) ? undefined : readTemplate();
    return new PgliteDatabase(await PGlite.create(dir, template ? { loadDataDir: template } : {}), dir, unlock);
  } catch (err) {
    unlock();
    if (existsSync(join(dir, 'PG_VERSION')))
      throw new StoreError(
        `the embedded scan store in ${dir} is damaged and cannot be opened (${reasonOf(err)}): restore that folder from a backup, move it aside to start a new history, or give --db another folder or a postgres:// URL`,
      );
    throw new StoreError(`cannot open the embedded scan store in ${dir} (${reasonOf(err)})`);
  }
}
