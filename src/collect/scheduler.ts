// Every AWS request of a scan passes through one CallScheduler. Each lane (service and region)
// has its own budget (requests in flight, and for some a token-bucket rate; see
// lane-budgets.ts), the scan's limit caps them all together, lanes take turns so one busy
// service cannot starve the others, and a lane that AWS throttles narrows (additive increase,
// multiplicative decrease) so throttling is answered by sending less, not by retrying harder.

import type { LaneBudget } from './lane-budgets.js';

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

interface Lane {
  queue: Waiter[];
  inFlight: number;
  /** Allowed in flight for this lane; a float so additive increase can grow it slowly. */
  window: number;
  /** The lane's own ceiling (its budget, under the scan's limit). */
  max: number;
  rate?: LaneBudget['rate'];
  tokens: number;
  refilledAt: number;
}

export interface SchedulerStats {
  requests: number;
  throttled: number;
  maxInFlight: number;
}

export class CallScheduler {
  private readonly lanes = new Map<string, Lane>();
  private order: string[] = [];
  private cursor = 0;
  private inFlight = 0;
  private wake?: ReturnType<typeof setTimeout>;
  readonly stats: SchedulerStats = { requests: 0, throttled: 0, maxInFlight: 0 };

  /** `budgetOf`: each lane's own budget; without it every lane may use the whole limit. */
  constructor(
    readonly limit: number,
    private readonly budgetOf: (lane: string) => LaneBudget = () => ({ inFlight: limit }),
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      const budget = this.budgetOf(name);
      const max = Math.max(1, Math.min(this.limit, budget.inFlight));
      lane = { queue: [], inFlight: 0, window: max, max, rate: budget.rate, tokens: budget.rate?.burst ?? 0, refilledAt: this.now() };
      this.lanes.set(name, lane);
      this.order.push(name);
    }
    return lane;
  }

  /** Tokens for a rated lane; 0 wait when it may send now, else ms until the next token. */
  private tokenWait(lane: Lane): number {
    const rate = lane.rate;
    if (!rate) return 0;
    const now = this.now();
    lane.tokens = Math.min(rate.burst, lane.tokens + ((now - lane.refilledAt) / 1000) * rate.perSecond);
    lane.refilledAt = now;
    return lane.tokens >= 1 ? 0 : Math.ceil(((1 - lane.tokens) / rate.perSecond) * 1000);
  }

  /** Waits for a slot in the lane; call release() exactly once when the request is over. */
  acquire(laneName: string): Promise<void> {
    const lane = this.lane(laneName);
    return new Promise<void>((resolve, reject) => {
      lane.queue.push({ resolve, reject });
      this.dispatch();
    });
  }

  release(laneName: string, outcome: 'ok' | 'throttled' | 'error'): void {
    const lane = this.lane(laneName);
    lane.inFlight--;
    this.inFlight--;
    if (outcome === 'throttled') {
      this.stats.throttled++;
      lane.window = Math.max(1, lane.window / 2);
      // AWS's bucket is empty: wait for it to refill rather than spend what we think is left.
      if (lane.rate) lane.tokens = Math.min(lane.tokens, 0);
    } else if (outcome === 'ok') {
      lane.window = Math.min(lane.max, lane.window + 1 / lane.window);
    }
    this.dispatch();
  }

  /** Runs fn inside a slot of the lane. */
  async run<T>(laneName: string, fn: () => Promise<T>, outcomeOf: (err: unknown) => 'throttled' | 'error' = () => 'error'): Promise<T> {
    await this.acquire(laneName);
    try {
      const value = await fn();
      this.release(laneName, 'ok');
      return value;
    } catch (err) {
      this.release(laneName, outcomeOf(err));
      throw err;
    }
  }

  /** Rejects every queued request (the scan is over: deadline, interrupt or dead endpoint). */
  drain(reason: Error): void {
    if (this.wake) clearTimeout(this.wake);
    this.wake = undefined;
    for (const lane of this.lanes.values()) for (const w of lane.queue.splice(0)) w.reject(reason);
  }

  private dispatch(): void {
    let idle = 0;
    let soonest = Infinity;
    while (this.inFlight < this.limit && idle < this.order.length) {
      const name = this.order[this.cursor % this.order.length]!;
      this.cursor = (this.cursor + 1) % this.order.length;
      const lane = this.lanes.get(name)!;
      const wait = lane.queue.length && lane.inFlight < Math.floor(lane.window) ? this.tokenWait(lane) : -1;
      if (wait !== 0) {
        if (wait > 0) soonest = Math.min(soonest, wait);
        idle++;
        continue;
      }
      idle = 0;
      if (lane.rate) lane.tokens -= 1;
      const waiter = lane.queue.shift()!;
      lane.inFlight++;
      this.inFlight++;
      this.stats.requests++;
      this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
      waiter.resolve();
    }
    // A lane waits for its bucket to refill: come back when its next token is due.
    if (soonest < Infinity && !this.wake)
      this.wake = setTimeout(() => {
        this.wake = undefined;
        this.dispatch();
      }, soonest);
  }
}
