// Exercise 03.2 on the real stack: our client must accept your Retry (it checks the integrity tag
// and uses the new SCID and the token) before the server creates its connection.
import { describe, expect, it, vi } from 'vitest';
import { collectTrace, dial, listen, within } from '../../chapters/00-setup-and-map/lab.ts';
import { setTraceSink } from '../../src/trace.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

describe('the real server and client on your sendRetry', () => {
  it('a client dials a server that retries everyone, and gets through', async () => {
    const ln = await listen({ transport: { verifySourceAddress: () => true } });
    const events = collectTrace();
    const conn = await within(dial(ln, { handshakeIdleTimeout: 1000 }), 5000, 'dial');
    const accepted = await within(ln.accept(), 2000, 'accept');
    setTraceSink(undefined);
    expect(accepted.remoteAddr().port).toBe(conn.localAddr().port);
    // Two Initials reached handleInitialImpl: the first got the Retry, the second its connection.
    expect(events.filter((e) => e.step === 'handleInitialImpl')).toHaveLength(2);
    expect(events.filter((e) => e.step === 'go connection.run')).toHaveLength(1);
    conn.closeWithError(0, '');
    ln.close();
  });
});
