// CPU time and peak RSS of a child process, sampled from /proc while it runs (Linux).

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
