// The client's requests (src/cmd/requests.ts) against a stream whose far end behaves as the
// article's server does, without a network: the order of writes, FIN and reads is what matters.
import { describe, expect, it } from 'vitest';
import type { Connection, Stream } from '../../src/interface.ts';
import { echo } from '../../src/cmd/requests.ts';

/**
 * A stream to the article's text handling: once the client's bytes are in, its one text Read
 * fails if the client's FIN is there too (quic-go returns the last bytes with io.EOF, and the
 * article's code returns on any error): the text is dropped and the server closes its side.
 * Otherwise it echoes the text, and closes its side when the client's FIN arrives.
 */
function articleTextStream(): { conn: Connection; finWithText: () => boolean } {
  let clientFIN = false;
  let droppedOnFIN = false;
  let echoed = false;
  let serverClosed = false;
  const toClient: (Uint8Array | undefined)[] = [];
  let wake: (() => void) | undefined;
  const send = (chunk: Uint8Array | undefined) => {
    if (serverClosed) return;
    serverClosed = chunk === undefined;
    toClient.push(chunk);
    wake?.();
  };
  const str = {
    streamID: 0n,
    async write(data: Uint8Array) {
      const text = data.subarray(1); // after the business type
      // The server's Read happens once the packet is in, after the client's next steps.
      setTimeout(() => {
        if (clientFIN) {
          droppedOnFIN = true;
          return send(undefined);
        }
        send(text);
        echoed = true;
      }, 5);
    },
    close() {
      clientFIN = true;
      // Its next business-type Read sees EOF once the echo is out: it closes the stream.
      if (echoed) send(undefined);
    },
    async read() {
      while (toClient.length === 0) await new Promise<void>((r) => (wake = r));
      return toClient.shift();
    },
    async *[Symbol.asyncIterator]() {
      for (let c = await str.read(); c !== undefined; c = await str.read()) yield c;
    },
  } as unknown as Stream;
  const conn = { openStreamSync: async () => str } as unknown as Connection;
  return { conn, finWithText: () => droppedOnFIN };
}

describe('echo()', () => {
  it("holds its FIN until the echo is back, so the article's server does not drop the text", async () => {
    const peer = articleTextStream();
    expect(await echo(peer.conn, 'HLD_1')).toBe('HLD_1');
    expect(peer.finWithText()).toBe(false);
  }, 1000);

  it('sends its FIN at once for an empty message (nothing to wait for)', async () => {
    const peer = articleTextStream();
    expect(await echo(peer.conn, '')).toBe('');
  }, 1000);
});
