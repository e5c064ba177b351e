// Exercise 02.2 on the real stack: 33 clients complete their handshake and nobody accepts.
import { describe, expect, it, vi } from 'vitest';
import type { Connection } from '../../src/interface.ts';
import { closed, dial, listen, within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

describe('the real server and client on your queueConn', () => {
  it('the 33rd client to complete its handshake is refused; 32 are accepted later', async () => {
    const ln = await listen();
    const queue = ln.baseServer.connQueue;
    const clients: Connection[] = [];
    for (let i = 1; i <= 33; i++) {
      clients.push(await dial(ln));
      if (i <= 32) await within((async () => { while (queue.length < i) await new Promise((r) => setImmediate(r)); })(), 2000, `client ${i} queued`);
    }
    const reason = await within(closed(clients[32]!), 2000, 'the 33rd client closed');
    expect(String(reason)).toBe('TransportError: CONNECTION_REFUSED (remote)');
    for (let i = 0; i < 32; i++) await within(ln.accept(), 1000, `accept ${i + 1}`);
    expect(clients.slice(0, 32).every((c) => !c.context.aborted)).toBe(true);
    for (const c of clients) c.closeWithError(0, '');
    ln.close();
  }, 60_000);
});
