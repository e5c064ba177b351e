// The real server and client (listen and dial from src/index.ts) on an in-memory network and a virtual
// clock: a handshake, an upload through a lossy path, and an idle timeout (RFC 9000 §10.1), each
// deterministic (the same seed gives the same datagram trace) and fast, as no real time passes.
import { afterEach, describe, expect, it } from 'vitest';
import { IdleTimeoutError } from '../../src/index.ts';
import { patternSha256, serveListener, upload } from '../e2e/hld.ts';
import { VirtualRun } from './network.ts';

const runs: VirtualRun[] = [];
afterEach(() => {
  for (const r of runs.splice(0)) r.close();
});
function newRun(...args: ConstructorParameters<typeof VirtualRun>): VirtualRun {
  const r = new VirtualRun(...args);
  runs.push(r);
  return r;
}

/** Uploads `size` bytes through a path that loses `loss` of the datagrams each way, delays them 10 ms and holds back 5% another 10 ms. */
async function lossyUpload(seed: number, size: number, loss: number) {
  const run = newRun(seed, { loss, delayMs: 10, reorder: 0.05 });
  const ln = run.listen();
  serveListener(ln);
  const conn = await run.run(run.dial(ln));
  const result = await run.run(upload(conn, 'file', size));
  conn.closeWithError(0, '');
  run.close();
  return { result, events: run.network.events.map((e) => `${e.time} ${e.from}>${e.to} ${e.size} ${e.fate}`), time: run.clock.now() };
}

describe('the real server and client on an in-memory network', () => {
  it('complete a handshake on the virtual clock: the client after one RTT, the server half an RTT later', async () => {
    const run = newRun(1, { delayMs: 25 });
    const ln = run.listen();
    const accepted = ln.accept();
    const conn = await run.run(run.dial(ln));
    // RFC 9001 §4.1.1: the client's handshake is complete once it has the server's first flight
    // and sends its Finished: one RTT of 50 ms.
    expect(run.clock.now()).toBe(50);
    expect(conn.connectionState().tls.negotiatedProtocol).toBe('HLD');
    // The server's, when that Finished arrives; only then does Accept return the connection.
    const serverConn = await run.run(accepted);
    expect(run.clock.now()).toBe(75);
    expect(serverConn.remoteAddr()).toEqual(conn.localAddr());
    expect(run.network.events.map((e) => `${e.time} ${e.from}>${e.to} ${e.fate}`).slice(0, 3)).toEqual([
      '0 10.0.0.2:443>10.0.0.1:443 delivered',
      '25 10.0.0.1:443>10.0.0.2:443 delivered',
      '50 10.0.0.2:443>10.0.0.1:443 delivered',
    ]);
  });

  it('transfer 200 kB through 10% loss each way, the sha256 checked, the same trace for the same seed', async () => {
    const size = 200_000;
    const a = await lossyUpload(7, size, 0.1);
    expect(a.result.reply).toBe(`OK ${size} ${patternSha256(size)}`);
    expect(a.events.filter((e) => e.endsWith('lost')).length).toBeGreaterThan(10);
    expect(a.events.filter((e) => e.endsWith('reordered')).length).toBeGreaterThan(0);
    const b = await lossyUpload(7, size, 0.1);
    expect(b.events).toEqual(a.events);
    expect(b.time).toBe(a.time);
    const c = await lossyUpload(8, size, 0.1);
    expect(c.result.reply).toBe(`OK ${size} ${patternSha256(size)}`);
    expect(c.events).not.toEqual(a.events);
  });

  it('time out an idle connection after max_idle_timeout of virtual time (RFC 9000 §10.1)', async () => {
    const run = newRun(1, { delayMs: 5 });
    const ln = run.listen({ maxIdleTimeout: 30_000 });
    const accepted = ln.accept();
    const conn = await run.run(run.dial(ln, { maxIdleTimeout: 30_000 }));
    const serverConn = await run.run(accepted);
    const start = run.clock.now();
    const closed = new Promise<unknown>((resolve) => conn.context.addEventListener('abort', () => resolve(conn.context.reason), { once: true }));
    const reason = await run.run(closed);
    expect(reason).toBeInstanceOf(IdleTimeoutError);
    // RFC 9000 §10.1: the timeout runs from the last packet received; the handshake's last packets
    // (HANDSHAKE_DONE and its acknowledgement) come a few ms after the handshake.
    expect(run.clock.now() - start).toBeGreaterThanOrEqual(30_000);
    expect(run.clock.now() - start).toBeLessThan(30_100);
    const serverReason = await run.run(new Promise<unknown>((resolve) => {
      if (serverConn.context.aborted) resolve(serverConn.context.reason);
      serverConn.context.addEventListener('abort', () => resolve(serverConn.context.reason), { once: true });
    }));
    expect(serverReason).toBeInstanceOf(IdleTimeoutError);
  });
});
