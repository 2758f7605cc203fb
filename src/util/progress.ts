// Scan progress on stderr. On a terminal: one line redrawn in place. Elsewhere (cron, CI, a
// pipe): a plain line at most every 10 seconds, so logs show the scan is alive without
// flooding them. Off with -q.

import { oneLine } from './terminal-text.js';

export type ProgressMode = 'tty' | 'plain' | 'off';

export interface ProgressEvent {
  phase: string;
  detail?: string;
  /** With phase 'regions': how many regions will be scanned. */
  total?: number;
}

export interface LiveCounts {
  requests: number;
  errors: number;
}

export const PLAIN_INTERVAL_MS = 10_000;

/** One status line: redrawn in place on a terminal, printed every 10 s elsewhere, or off. */
export abstract class StatusLine {
  protected readonly started: number;
  private lastLine = '';
  private lastPrinted = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    protected readonly mode: ProgressMode,
    private readonly stream: NodeJS.WritableStream = process.stderr,
    protected readonly now: () => number = Date.now,
  ) {
    this.started = now();
    if (mode === 'plain') {
      this.timer = setInterval(() => this.tick(), PLAIN_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** The status in words. */
  abstract line(): string;

  protected elapsed(): string {
    return `${Math.round((this.now() - this.started) / 1000)}s`;
  }

  /** Plain mode: print the status if the interval has passed since the last line. */
  tick(): void {
    if (this.mode !== 'plain' || this.now() - this.lastPrinted < PLAIN_INTERVAL_MS) return;
    this.lastPrinted = this.now();
    this.stream.write(`${oneLine(this.line())}\n`);
  }

  /** On a terminal: redraw after a change. */
  protected changed(): void {
    if (this.mode !== 'tty') return;
    const line = oneLine(this.line());
    if (line === this.lastLine) return;
    this.lastLine = line;
    this.stream.write(`\r\x1b[2K${line}`);
  }

  finish(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.mode === 'tty' && this.lastLine) this.stream.write('\r\x1b[2K');
  }
}

export class Progress extends StatusLine {
  private readonly phases: string[] = [];
  private readonly done = new Set<string>();
  private regionsDone = 0;
  private regionsTotal?: number;
  private counts?: () => LiveCounts;

  /** Where live request and error counts come from (the scan's transport). */
  attach(counts: () => LiveCounts): void {
    this.counts = counts;
  }

  update(e: ProgressEvent): void {
    if (this.mode === 'off') return;
    if (e.phase.endsWith(':done')) this.done.add(e.phase.slice(0, -':done'.length));
    else if (!this.phases.includes(e.phase)) this.phases.push(e.phase);
    if (e.phase === 'regions' && e.total !== undefined) this.regionsTotal = e.total;
    if (e.phase === 'ec2') this.regionsDone++;
    this.changed();
  }

  /** The status in words: elapsed time, regions done of all, finished phases, requests, errors. */
  line(): string {
    const parts = [this.elapsed()];
    if (this.regionsTotal !== undefined) parts.push(`regions ${this.regionsDone}/${this.regionsTotal}`);
    const phases = this.phases.filter((p) => ['iam', 's3'].includes(p)).map((p) => `${p} ${this.done.has(p) ? 'done' : 'running'}`);
    parts.push(...phases);
    const c = this.counts?.();
    if (c) parts.push(`${c.requests} requests`, `${c.errors} errors`);
    return `incloud: scanning: ${parts.join(', ')}`;
  }
}

/** An organization scan: accounts done of all, not assessed so far, the accounts in progress. */
export class OrgProgress extends StatusLine {
  private total = 0;
  private done = 0;
  private notAssessed = 0;
  private readonly running = new Set<string>();
  private findings = 0;
  private errors = 0;

  start(total: number): void {
    this.total = total;
    this.changed();
  }

  accountStarted(accountId: string): void {
    this.running.add(accountId);
    this.changed();
  }

  accountDone(accountId: string, assessed: boolean, findings: number, errors: number): void {
    this.running.delete(accountId);
    this.done++;
    if (!assessed) this.notAssessed++;
    this.findings += findings;
    this.errors += errors;
    this.changed();
  }

  line(): string {
    const running = [...this.running];
    const shown = running.slice(0, 3).join(', ') + (running.length > 3 ? ` +${running.length - 3}` : '');
    return `incloud: organization scan: ${this.elapsed()}, accounts ${this.done}/${this.total}, ${this.notAssessed} not assessed, ${this.findings} findings, ${this.errors} collection errors${running.length ? `, scanning ${shown}` : ''}`;
  }
}
