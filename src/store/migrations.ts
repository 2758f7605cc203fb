// Versioned schema of the scan store. Each migration runs once, in order, inside one
// transaction that holds an advisory lock, so two scans starting at once against a new
// PostgreSQL server do not both create the tables. A store written by a newer incloud is
// refused rather than misread.

import { StoreError, type Database } from './database.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'scans, finding lifecycle, per-scan events and check states',
    sql: `
create table scans (
  id bigserial primary key,
  account_id text not null,
  collected_at timestamptz not null,
  recorded_at timestamptz not null default now(),
  org_scan_id text,
  regions text[] not null,
  complete boolean not null,
  tool_version text not null,
  summary jsonb not null,
  trend jsonb not null,
  unique (account_id, collected_at)
);
create index scans_by_account on scans (account_id, collected_at desc);

create table findings (
  account_id text not null,
  fingerprint text not null,
  check_id text not null,
  title text not null,
  resource_arn text not null,
  resource_name text not null,
  region text not null,
  severity text not null,
  duties text[] not null,
  status text not null check (status in ('open', 'suppressed', 'resolved', 'unknown')),
  first_seen timestamptz not null,
  open_since timestamptz not null,
  last_seen timestamptz not null,
  resolved_at timestamptz,
  unverified_since timestamptz,
  reopen_count integer not null default 0,
  evidence_hash text not null,
  primary key (account_id, fingerprint)
);
create index findings_by_status on findings (account_id, status);

create table scan_events (
  scan_id bigint not null references scans (id) on delete cascade,
  fingerprint text not null,
  severity text not null,
  event text not null check (event in ('new', 'open', 'reopened', 'suppressed', 'resolved', 'unverified')),
  primary key (scan_id, fingerprint)
);

create table scan_checks (
  scan_id bigint not null references scans (id) on delete cascade,
  check_id text not null,
  failed integer not null,
  passed integer not null,
  not_assessed integer not null,
  primary key (scan_id, check_id)
);

create table scan_suppressions (
  scan_id bigint not null references scans (id) on delete cascade,
  fingerprint text not null,
  reason text not null,
  expires text not null,
  by_whom text,
  primary key (scan_id, fingerprint)
);
`,
  },
  {
    version: 2,
    name: 'tickets',
    sql: `
create table tickets (
  target text not null,
  ticket_key text not null,
  account_id text not null,
  ticket_id text not null,
  url text,
  state text not null check (state in ('open', 'closed')),
  synced_hash text not null,
  fingerprints text[] not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (target, ticket_key)
);
`,
  },
  {
    version: 3,
    name: 'attack-path witness',
    sql: `alter table findings add column witness text`,
  },
  {
    version: 4,
    name: 'compliance verdicts',
    sql: `
create table control_verdicts (
  scan_id bigint not null references scans(id) on delete cascade,
  framework text not null,
  version text not null,
  control_id text not null,
  status text not null check (status in ('pass', 'fail', 'not-assessed', 'manual', 'out-of-scope')),
  primary key (scan_id, framework, version, control_id)
);
`,
  },
  {
    version: 5,
    name: 'ticket context',
    sql: `alter table findings add column ticket_context jsonb`,
  },
  {
    version: 6,
    name: 'store identity',
    // Workers of an organization scan record into the coordinator's store only when their
    // --db is the same database: the same id, not the same-looking URL.
    sql: `
create table store_identity (id text primary key);
insert into store_identity select gen_random_uuid()::text;
`,
  },
];

/** An arbitrary constant: the advisory lock every incloud migration takes. */
const MIGRATION_LOCK = 74_626_001;

export async function migrate(db: Database, migrations = MIGRATIONS): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(
      'create table if not exists incloud_schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
    );
    const applied = new Set(
      (await tx.query<{ version: number }>('select version from incloud_schema_migrations')).map((r) => Number(r.version)),
    );
    const known = Math.max(...migrations.map((m) => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > known)
      throw new StoreError(`the scan store ${db.where} has schema version ${newest}; this incloud knows up to ${known}: upgrade incloud`);
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      for (const statement of m.sql
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean))
        await tx.query(statement);
      await tx.query('insert into incloud_schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
    }
    return known;
  });
}
