// Starts moto_server on a free loopback port for one test file.
// Without moto the end-to-end tests skip with a message, except under CI=true where they must run.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const motoAvailable = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
export const mustRunE2e = process.env.CI === 'true';

if (!motoAvailable && !mustRunE2e) {
  // eslint-disable-next-line no-console
  console.warn('moto_server not found: end-to-end tests against an AWS emulator are skipped (install moto[server] 5.2 to run them).');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Moto { endpoint: string; stop: () => Promise<void> }

export async function startMoto(): Promise<Moto> {
  if (!motoAvailable) throw new Error('moto_server is not installed but CI=true requires the end-to-end tests');
  const port = await freePort();
  const proc: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d) => { stderr = (stderr + String(d)).slice(-4000); });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`moto_server exited early: ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok || res.status < 500) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { proc.kill(); throw new Error(`moto_server did not start: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    endpoint,
    stop: () => new Promise((resolve) => {
      if (proc.exitCode !== null) { resolve(); return; }
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    }),
  };
}

/** Wipes all emulated state between tests. */
export async function resetMoto(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
}

export const describeE2e = motoAvailable || mustRunE2e;
