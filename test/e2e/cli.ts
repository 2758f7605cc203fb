import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { awsEnv } from '../helpers/moto.js';

export const BIN = join(__dirname, '../../bin/incloud.js');

/** Runs the built CLI as a user would (node bin/incloud.js ...). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...awsEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

/** The usual start of a scan against an emulator: one region, reports into `out`. */
export const scanArgs = (endpoint: string, out: string): string[] => [
  'scan',
  '--endpoint-url',
  endpoint,
  '--regions',
  'us-east-1',
  '--out',
  out,
];

/** The same for an organization scan. */
export const orgScanArgs = (endpoint: string, out: string, ...extra: string[]): string[] => [
  'scan',
  '--org',
  ...scanArgs(endpoint, out).slice(1),
  ...extra,
];
