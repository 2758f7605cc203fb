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

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
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
  };
}
