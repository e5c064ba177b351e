// Exercise 04.1 on the real stack: a flood of small unknown-version packets gets no answer at all,
// while a real client (version 1) still connects.
import { describe, expect, it, vi } from 'vitest';
import { connID, dial, listen, longHeaderDatagram, RawSocket, within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

describe('the real server and client on your handleUnsupportedVersion', () => {
  it('sends nothing back for 50 small unknown-version datagrams, and a client still connects', async () => {
    const ln = await listen();
    const raw = await RawSocket.open();
    for (let i = 0; i < 50; i++) await raw.send(longHeaderDatagram({ version: 0xff00001d, dcid: connID(8, i), size: 60 }), ln.addr().port);
    expect(await raw.next(200), 'bytes sent back').toBeUndefined();
    const conn = await within(dial(ln), 5000, 'dial');
    await within(ln.accept(), 2000, 'accept');
    conn.closeWithError(0, '');
    raw.close();
    ln.close();
  });
});
