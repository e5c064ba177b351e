// Chapter 08: why the debugger triggers timeouts. The server stops at a breakpoint in
// handlePacketImpl for 6 s: nothing the client sends reaches it in that time (its datagrams are
// held, and released when the server resumes). The client's HandshakeIdleTimeout (5 s) measures
// that silence (RFC 9000 §10.1; connection.go:622) and gives up first: "timeout: no recent network
// activity". With debugTimeouts (QUIC_DEBUG=1: 10 minutes before the handshake) on both sides, the
// same pause only delays the handshake.
import { debugTimeouts, type Config } from '../../src/index.ts';
import { check, type Scenario, type ScenarioContext } from '../scenario.ts';

const pauseMs = 6000;

/** The server sits at a breakpoint from the start for pauseMs; then the client's datagrams arrive. */
async function pausedServer(ctx: ScenarioContext, config: Config): Promise<void> {
  ctx.listen(config);
  ctx.network.hold({ from: 'client 1', to: 'server', releaseAt: pauseMs });
  ctx.note(`the server stops at a breakpoint in handlePacketImpl for ${pauseMs / 1000} s`);
  await ctx.dial(config);
  await ctx.sleep(Math.max(0, pauseMs + 200 - ctx.clock.now())); // see the held datagrams arrive
}

export const idleTimeout: Scenario = {
  id: 'idle-timeout',
  title: 'A breakpoint outlasts the handshake idle timeout',
  chapter: '08-timeouts-and-the-debugger',
  description: `The server is paused at a breakpoint for ${pauseMs / 1000} s before the client's first Initial reaches it. The client has heard nothing for 5 s and gives up; when the server resumes, the client is gone.`,
  promise: 'the client fails after 5 s with "timeout: no recent network activity", before the server resumes at 6 s',
  defaults: { seed: 1, limitMs: 20_000 },
  run: (ctx) => pausedServer(ctx, {}),
  expect(r) {
    const c = r.clients[0];
    return [
      check('the client', 'failed: timeout: no recent network activity', `${c?.state}: ${c?.error}`),
      check('when it gives up (ms)', 5000, c?.endedAt),
      check('datagrams held by the breakpoint', true, r.packets.some((p) => p.to === 'server' && p.heldAt !== undefined)),
    ];
  },
};

export const debugTimeoutsScenario: Scenario = {
  id: 'debug-timeouts',
  title: 'The same breakpoint with the debug timeouts',
  chapter: '08-timeouts-and-the-debugger',
  description: `The same ${pauseMs / 1000} s breakpoint, with debugTimeouts on both sides (what QUIC_DEBUG=1 sets: 10 minutes before the handshake, 1 hour after). The client waits, and the handshake completes once the server resumes.`,
  promise: `the client connects after the server resumes at ${pauseMs / 1000} s: no timeout`,
  defaults: { seed: 1, limitMs: 20_000 },
  run: (ctx) => pausedServer(ctx, { ...debugTimeouts }),
  expect(r) {
    const c = r.clients[0];
    return [
      check('the client', 'connected', c?.state),
      check('it connects after the breakpoint', true, (c?.endedAt ?? 0) > pauseMs),
      check('no timeout in the trace', false, r.events.some((e) => e.step.includes('timeout'))),
    ];
  },
};
