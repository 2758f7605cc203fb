// A one-line progress display on a terminal; silent when stderr is not a TTY (cron, CI, pipes).

export class Progress {
  private phases = new Set<string>();
  private regions = 0;
  private started = Date.now();
  private last = '';

  constructor(private readonly enabled: boolean, private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(e: { phase: string; detail?: string }): void {
    if (!this.enabled) return;
    this.phases.add(e.phase);
    if (e.phase === 'ec2') this.regions++;
    const secs = ((Date.now() - this.started) / 1000).toFixed(0);
    const line = `incloud: ${[...this.phases].join(' > ')}${this.regions ? ` (${this.regions} region(s) done)` : ''} ${secs}s`;
    if (line === this.last) return;
    this.last = line;
    this.stream.write(`\r\x1b[2K${line}`);
  }

  done(): void {
    if (this.enabled && this.last) this.stream.write('\r\x1b[2K');
  }
}
