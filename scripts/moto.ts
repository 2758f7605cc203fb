// Starts moto_server (the AWS emulator) on a free loopback port, behind a front that answers
// the few EC2 calls moto does not implement (see moto-front.ts).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { startMotoFront } from './moto-front.js';

export const motoAvailable = (): boolean => spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Moto {
  endpoint: string;
  stop: () => Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const proc: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`moto_server exited early: ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error(`moto_server did not start within 30 s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const front = await startMotoFront(port);
  return {
    endpoint: `http://127.0.0.1:${front.port}`,
    stop: async () => {
      await front.close();
      await new Promise<void>((resolve) => {
        if (proc.exitCode !== null) {
          resolve();
          return;
        }
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      });
    },
  };
}
