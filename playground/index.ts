// The playground's API, for a page or a Node script (README.md). Browser-safe: nothing here or
// below imports a Node built-in (test/playground/bundle.test.ts).
import type { Recording } from './engine.ts';

export { rerun, runScenario, type Frame, type Message, type QueueView, type Recording } from './engine.ts';
export { Player, type FrameListener } from './player.ts';
export { scenarios, scenarioIds } from './scenarios/index.ts';
export type { GoroutineView } from './goroutines.ts';
export type { HoldRule, PacketView } from './network.ts';
export type { Check, ClientResult, Outcome, RunOptions, Scenario, ScenarioResult } from './scenario.ts';

declare global {
  interface Window {
    __playgroundTrace?: string[];
    __playgroundOutcome?: Recording['outcome'];
    __playgroundHandshakeMs?: number;
  }
}

/** What the page tests read: the trace (compared with the Node runner's), the outcome and the handshake time. */
export function exposeForTests(rec: Recording): void {
  const w = globalThis as unknown as Window;
  w.__playgroundTrace = rec.trace;
  w.__playgroundOutcome = rec.outcome;
  w.__playgroundHandshakeMs = rec.handshakeMs;
}
