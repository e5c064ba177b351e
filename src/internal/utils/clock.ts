// One injectable clock (ARCHITECTURE.md §2). Connections read time and arm their single timer through
// it, so tests can drive loss timers, PTO and idle timeouts without sleeping.

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Milliseconds since the Unix epoch: for times that outlive the process, such as a token's issue time. */
  wallTime(): number;
  /** Calls fn once after `ms` milliseconds. */
  setTimer(ms: number, fn: () => void): Timer;
}

/** The process clock: performance.now() and setTimeout, unref'd so a timer never keeps Node alive. */
export const systemClock: Clock = {
  now: () => performance.now(),
  wallTime: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};

/** A clock that only moves when told to: advance(ms) fires every timer that falls due, in order. */
export class ManualClock implements Clock {
  private time: number;
  private timers: { at: number; seq: number; fn: () => void; cancelled: boolean }[] = [];
  private seq = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  /** The manual clock's epoch is its time 0. */
  wallTime(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const t = { at: this.time + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(t);
    return { cancel: () => void (t.cancelled = true) };
  }

  /** Moves time forward, firing due timers in deadline order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.timers = this.timers.filter((t) => !t.cancelled);
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.at);
      due.cancelled = true;
      due.fn();
    }
    this.time = end;
  }

  /** When the next pending timer falls due, if any: a driver advances straight to it. */
  get nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const t of this.timers) if (!t.cancelled && (next === undefined || t.at < next)) next = t.at;
    return next;
  }

  get pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
