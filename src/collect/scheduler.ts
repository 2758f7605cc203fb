// Every AWS request of a scan passes through one CallScheduler. It caps the requests in
// flight for the whole scan, gives each lane (service and region) its turn so one busy
// service cannot starve the others, and narrows a lane that AWS throttles (additive
// increase, multiplicative decrease) so throttling is answered by sending less, not by
// retrying harder.

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

interface Lane {
  queue: Waiter[];
  inFlight: number;
  /** Allowed in flight for this lane; a float so additive increase can grow it slowly. */
  window: number;
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
  readonly stats: SchedulerStats = { requests: 0, throttled: 0, maxInFlight: 0 };

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`);
  }

  private lane(name: string): Lane {
    let lane = this.lanes.get(name);
    if (!lane) {
      lane = { queue: [], inFlight: 0, window: this.limit };
      this.lanes.set(name, lane);
      this.order.push(name);
    }
    return lane;
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
    } else if (outcome === 'ok') {
      lane.window = Math.min(this.limit, lane.window + 1 / lane.window);
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
    for (const lane of this.lanes.values()) for (const w of lane.queue.splice(0)) w.reject(reason);
  }

  private dispatch(): void {
    let idle = 0;
    while (this.inFlight < this.limit && idle < this.order.length) {
      const name = this.order[this.cursor % this.order.length]!;
      this.cursor = (this.cursor + 1) % this.order.length;
      const lane = this.lanes.get(name)!;
      if (lane.queue.length === 0 || lane.inFlight >= Math.floor(lane.window)) {
        idle++;
        continue;
      }
      idle = 0;
      const waiter = lane.queue.shift()!;
      lane.inFlight++;
      this.inFlight++;
      this.stats.requests++;
      this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
      waiter.resolve();
    }
  }
}
