// Where an organization scan's history was recorded (the coordinator, or workers that share its
// PostgreSQL store) and how long that took per account.

export type Recorder = 'coordinator' | 'worker';

export class HistoryTally {
  private readonly counts: Record<Recorder, { accounts: number; ms: number }> = {
    coordinator: { accounts: 0, ms: 0 },
    worker: { accounts: 0, ms: 0 },
  };

  add(by: Recorder, ms = 0): void {
    this.counts[by].accounts++;
    this.counts[by].ms += ms;
  }

  /** e.g. "history: 100 account(s) recorded: 100 by workers (41 ms each)". */
  line(): string {
    const parts = (['worker', 'coordinator'] as const)
      .filter((by) => this.counts[by].accounts)
      .map((by) => {
        const c = this.counts[by];
        return `${c.accounts} by ${by === 'worker' ? 'workers' : 'the coordinator'} (${Math.round(c.ms / c.accounts)} ms each)`;
      });
    const total = this.counts.worker.accounts + this.counts.coordinator.accounts;
    return `history: ${total} account(s) recorded${parts.length ? `: ${parts.join(', ')}` : ''}`;
  }
}
