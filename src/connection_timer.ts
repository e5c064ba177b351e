// The connection's one timer (quic-go: connection_timer.go). Every deadline — ACK, loss
// detection, pacing, keep-alive, idle and handshake timeouts — is folded into a single wake-up:
// the run loop computes the earliest one after each iteration and re-arms this timer.
//
// The earliest deadline moves on almost every iteration (each packet sent pushes the loss
// detection alarm later), so replacing the underlying timer each time would cost a clearTimeout
// and a setTimeout per packet. Instead a timer that is armed too early is left alone: when it
// fires before the deadline it re-arms itself for the rest, and the run loop never sees it.
import { Chan } from './internal/utils/chan.ts';
import type { Clock, Timer } from './internal/utils/clock.ts';

export class connectionTimer {
  /** Receives a value when the deadline passes: a case of the run loop's select. */
  readonly chan = new Chan<void>(1, 'timer');
  private timer: Timer | undefined;
  /** When the armed timer fires (Infinity: none armed). It is never later than the deadline. */
  private firesAt = Infinity;
  private deadline = Infinity;

  constructor(private readonly clock: Clock) {}

  /** Arms the timer for the earliest of the deadlines (ms, the clock's time; Infinity: none). */
  setTimer(...deadlines: number[]): void {
    this.deadline = Math.min(...deadlines);
    // An armed timer that fires at or before the deadline will do: it re-arms on firing.
    if (this.firesAt <= this.deadline) return;
    this.arm();
  }

  stop(): void {
    this.deadline = Infinity;
    this.cancel();
  }

  private arm(): void {
    this.cancel();
    if (this.deadline === Infinity) return;
    this.firesAt = this.deadline;
    this.timer = this.clock.setTimer(this.deadline - this.clock.now(), () => this.fired());
  }

  private fired(): void {
    this.timer = undefined;
    this.firesAt = Infinity;
    if (this.clock.now() < this.deadline) {
      this.arm(); // the deadline moved later since this timer was armed
      return;
    }
    this.deadline = Infinity;
    this.chan.trySend();
  }

  private cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.firesAt = Infinity;
  }
}
