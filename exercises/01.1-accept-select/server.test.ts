// Exercise 01.1 on the real stack: our server and client over UDP, accept written by you.
import { describe, expect, it, vi } from 'vitest';
import { ErrServerClosed } from '../../src/server.ts';
import { go } from '../../src/internal/utils/goroutine.ts';
import type { Connection } from '../../src/interface.ts';
import { dial, listen, within } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

describe('the real server and client on your accept', () => {
  it('an accept loop gets every client, then ends with ErrServerClosed', async () => {
    const ln = await listen();
    const accepted: Connection[] = [];
    let ended: unknown;
    const loop = go('app', async () => {
      for (;;) {
        try {
          accepted.push(await ln.accept());
        } catch (err) {
          ended = err;
          return;
        }
      }
    });
    const clients = [await dial(ln), await dial(ln)];
    await within((async () => { while (accepted.length < 2) await new Promise((r) => setTimeout(r, 5)); })(), 3000, 'two accepts');
    expect(accepted.map((c) => c.remoteAddr().port).sort()).toEqual(clients.map((c) => c.localAddr().port).sort());
    ln.close();
    await within(loop, 1000, 'the accept loop');
    expect(ended).toBeInstanceOf(ErrServerClosed);
    for (const c of clients) c.closeWithError(0, '');
  });
});
