import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { awsEnv } from '../helpers/moto.js';

export const BIN = join(__dirname, '../../bin/incloud.js');

/** The built CLI as a user would start it (node bin/incloud.js ...), against the emulator's credentials. */
const spawnCli = (args: string[], env: Record<string, string>) =>
  spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...awsEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

/** Runs the built CLI to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawnCli(args, env);
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => {
      stdout += String(d);
    });
    p.stderr.on('data', (d) => {
      stderr += String(d);
    });
    p.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export { orgScanArgs, scanArgs } from '../../scripts/scan-args.js';

/** A CLI process left running (a worker, a coordinator to kill), with its output so far. */
export interface CliProcess {
  proc: ChildProcess;
  output: () => string;
  /** The exit code; 137 when SIGKILLed. */
  exited: Promise<number>;
}

export function startCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const proc = spawnCli(args, env);
  let output = '';
  proc.stdout.on('data', (d) => (output += String(d)));
  proc.stderr.on('data', (d) => (output += String(d)));
  const exited = new Promise<number>((resolve) => proc.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : -1))));
  return { proc, output: () => output, exited };
}

export async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
