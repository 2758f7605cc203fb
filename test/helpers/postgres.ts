// Store tests run against a real PostgreSQL 15 cluster made for the test run (initdb + pg_ctl
// in a temp folder). Without PostgreSQL they skip with a message, except under CI=true.

import { postgresAvailable, startPostgres as start, type PostgresServer } from '../../scripts/postgres.js';

export const hasPostgres = postgresAvailable();
export const runPostgresTests = hasPostgres || process.env.CI === 'true';

if (!runPostgresTests)
  console.warn(
    "PostgreSQL (initdb, pg_ctl) not found: the scan store tests against a PostgreSQL server are SKIPPED (install Debian's postgresql).",
  );

export async function startPostgres(): Promise<PostgresServer> {
  if (!hasPostgres) throw new Error('PostgreSQL is not installed, and CI=true requires the store tests to run');
  return start();
}
