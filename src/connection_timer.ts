// The connection's one timer (quic-go: connection_timer.go). Every deadline — ACK, loss
// detection, pacing, keep-alive, idle and handshake timeouts — is folded into a single wake-up:
// the run loop computes the earliest one after each iteration and re-arms this timer.
import { Chan } from './internal/utils/chan.ts';
import type { Clock, Timer } from './internal/utils/clock.ts';

export class connectionTimer {
  /** Receives a value when the deadline passes: a case of the run loop's select. */
  readonly chan = new Chan<void>(1, 'timer');
  private timer: Timer | undefined;
  private deadline = Infinity;

  constructor(private readonly clock: Clock) {}

  /** Arms the timer for the earliest of the deadlines (ms, the clock's time; Infinity: none). */
  setTimer(...deadlines: number[]): void {
    const deadline = Math.min(...deadlines);
    if (deadline === this.deadline) return;
    this.timer?.cancel();
    this.timer = undefined;
    this.deadline = deadline;
    if (deadline === Infinity) return;
    this.timer = this.clock.setTimer(deadline - this.clock.now(), () => {
      this.timer = undefined;
      this.deadline = Infinity;
      this.chan.trySend();
    });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.deadline = Infinity;
  }
}
