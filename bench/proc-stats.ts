// What the benchmarks share about the processes they start: the environment for a CLI run
// against an emulator, command-line flags, and CPU time and peak RSS sampled from /proc (Linux).

import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcStats {
  cpuMs: number;
  peakRssMb: number;
}

/** Samples every 50 ms; the figures stay valid after the process exits. */
export function sampleProcess(child: ChildProcess): { stats: ProcStats; stop: () => void } {
  const stats: ProcStats = { cpuMs: 0, peakRssMb: 0 };
  const tick = 1000 / 100; // USER_HZ
  const sample = () => {
    try {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      stats.cpuMs = (Number(stat[11]) + Number(stat[12])) * tick;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) stats.peakRssMb = Math.max(stats.peakRssMb, Number(hwm[1]) / 1024);
    } catch {
      /* exited */
    }
  };
  const timer = setInterval(sample, 50);
  child.once('exit', () => clearInterval(timer));
  return { stats, stop: () => clearInterval(timer) };
}

/** The environment of an incloud run against moto (its fixed test credentials). */
export const emulatorEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

/** The value after a flag of the benchmark's own command line. */
export function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
