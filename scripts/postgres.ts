// Starts a throwaway PostgreSQL cluster (initdb + pg_ctl in a temp folder, loopback, a free
// port) for the store tests and the store benchmark, and removes it after. PostgreSQL refuses
// to run as root: under root the cluster runs as the "postgres" user that Debian's package
// creates.

import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './moto.js';

export function postgresBinDir(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return join(onPath, '..');
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'initdb')));
}

export const postgresAvailable = (): boolean => postgresBinDir() !== undefined;

export interface PostgresServer {
  url: string;
  stop: () => Promise<void>;
}

function runAs(uid: number | undefined, gid: number | undefined, cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...(uid !== undefined ? { uid, gid } : {}), cwd: tmpdir() });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout || r.error?.message}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL (initdb, pg_ctl) is not installed');
  let uid: number | undefined;
  let gid: number | undefined;
  if (userInfo().uid === 0) {
    const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    uid = id('-u');
    gid = id('-g');
    if (!Number.isInteger(uid)) throw new Error('running as root and there is no "postgres" user to run PostgreSQL as');
  }
  const dir = mkdtempSync(join(tmpdir(), 'incloud-pg-'));
  if (uid !== undefined) chownSync(dir, uid, gid!);
  const data = join(dir, 'data');
  const port = await freePort();
  runAs(uid, gid, join(bin, 'initdb'), ['-D', data, '-U', 'incloud', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  runAs(uid, gid, join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off`,
    'start',
  ]);
  return {
    url: `postgres://incloud@127.0.0.1:${port}/postgres`,
    stop: async () => {
      try {
        runAs(uid, gid, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
