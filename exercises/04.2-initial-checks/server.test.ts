// Exercise 04.2 on the real stack: a 1199-byte Initial never reaches handleInitialImpl, so it
// costs the server no connection; our client's 1280-byte Initial does.
import { describe, expect, it, vi } from 'vitest';
import { setTraceSink } from '../../src/trace.ts';
import { collectTrace, dial, listen, longHeaderDatagram, RawSocket, sleep, within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

describe('the real server and client on your canStartConnection', () => {
  it('drops a 1199-byte Initial before handleInitialImpl; a real client connects', async () => {
    const ln = await listen();
    const raw = await RawSocket.open();
    const events = collectTrace();
    await raw.send(longHeaderDatagram({ size: 1199 }), ln.addr().port);
    await sleep(100);
    expect(events.some((e) => e.step === 'handleInitialImpl'), 'reached handleInitialImpl').toBe(false);
    expect(events.some((e) => e.step.startsWith('drop:')), 'traced as a drop').toBe(true);
    const conn = await within(dial(ln), 5000, 'dial');
    await within(ln.accept(), 2000, 'accept');
    setTraceSink(undefined);
    expect(events.filter((e) => e.step === 'handleInitialImpl')).toHaveLength(1);
    conn.closeWithError(0, '');
    raw.close();
    ln.close();
  });
});
