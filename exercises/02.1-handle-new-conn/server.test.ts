// Exercise 02.1 on the real stack: the server queues a connection after its handshake completes,
// and an EarlyListener before.
import { describe, expect, it, vi } from 'vitest';
import { collectTrace, dial, listen, listenEarly, within } from '../../chapters/00-setup-and-map/lab.ts';
import { setTraceSink } from '../../src/trace.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

/** The server's steps that matter here, in order: its handshake completing, and the queue push. */
async function stepsFor(early: boolean): Promise<string[]> {
  const ln = early ? await listenEarly() : await listen();
  const events = collectTrace();
  const conn = await dial(ln);
  const accepted = await within(ln.accept(), 3000, 'accept');
  await new Promise((r) => setTimeout(r, 50));
  setTraceSink(undefined);
  accepted.closeWithError(0, '');
  conn.closeWithError(0, '');
  ln.close();
  // The server's "handshake complete" is the last one (the client's comes first).
  const steps = events.map((e) => e.step).filter((s) => s.startsWith('handshake complete') || s.startsWith('connQueue'));
  const serverHandshake = steps.lastIndexOf('handshake complete: close(handshakeCompleteChan)');
  return steps.map((s, i) => (i === serverHandshake ? 'server handshake complete' : s)).filter((s) => !s.startsWith('handshake complete'));
}

describe('the real server and client on your handleNewConn', () => {
  it('a Listener queues the connection after the handshake, an EarlyListener before', async () => {
    expect(await stepsFor(false)).toEqual(['server handshake complete', 'connQueue <- conn']);
    expect(await stepsFor(true)).toEqual(['connQueue <- conn', 'server handshake complete']);
  });
});
