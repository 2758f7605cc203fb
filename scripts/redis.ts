// Starts a throwaway redis-server on a free loopback port (no persistence), for the queue
// tests and the organization benchmark.

import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { freePort } from './moto.js';

export const redisAvailable = (): boolean => spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

export interface RedisServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
  /** SIGKILL: what a crash of the Redis host looks like. */
  kill: () => Promise<void>;
}

export interface RedisOptions {
  /** Listen on this port (default: a free one), e.g. to restart a killed server where it was. */
  port?: number;
  /** Keep an append-only file in this folder, synced on every write (default: no persistence). */
  persistDir?: string;
}

const answersPing = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('error', () => resolve(false));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => {
      s.destroy();
      resolve(String(d).startsWith('+PONG'));
    });
  });

export async function startRedis(o: RedisOptions = {}): Promise<RedisServer> {
  const port = o.port ?? (await freePort());
  const persistence = o.persistDir ? ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', o.persistDir] : ['--appendonly', 'no'];
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-2000);
  });
  const deadline = Date.now() + 15_000;
  while (!(await answersPing(port))) {
    if (proc.exitCode !== null) throw new Error(`redis-server exited early: ${stderr}`);
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error(`redis-server did not start within 15 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
    kill: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}
