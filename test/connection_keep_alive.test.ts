// The run loop checks keep-alive before the timeouts, as quic-go v0.47.0's does (connection.go:610,
// then 615 and 618-623): a loop that wakes late, past both the keep-alive time and the idle
// deadline (a process paused in a debugger, a stalled event loop), sends a PING and restarts the
// idle clock from it (RFC 9000 §10.1.2) instead of closing.
import { afterEach, describe, expect, it } from 'vitest';
import { IdleTimeoutError } from '../src/internal/qerr/errors.ts';
import { ManualClock } from '../src/internal/utils/clock.ts';
import { dial, download, startTestServer, type TestServer } from './reliability/helpers.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('the run loop’s keep-alive and idle timeout (connection.go:610-623)', () => {
  it('a loop that wakes past both deadlines sends a keep-alive PING and stays open', async () => {
    server = await startTestServer({ maxIdleTimeout: 60_000 });
    // The client's time moves only when the test says: its timer fires once, late.
    const clock = new ManualClock(1_000_000);
    const conn = await dial(server.addr, { clock, keepAlivePeriod: 2_000, maxIdleTimeout: 10_000 });
    await sleep(100); // HANDSHAKE_DONE and the ACKs settle
    expect(conn.context.aborted).toBe(false);

    clock.advance(15_000); // keep-alive due at +2 s, idle deadline at +10 s: the loop wakes at +15 s
    await sleep(200);
    expect(conn.context.reason).not.toBeInstanceOf(IdleTimeoutError);
    expect(conn.context.aborted).toBe(false);
    // The PING restarted the idle clock and the connection still carries data.
    expect((await download(conn, 1000)).bytes).toBe(1000);
    conn.closeWithError(0, '');
  });
});
