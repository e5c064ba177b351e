import { describe, expect, it } from 'vitest';
import { Perspective } from '../../src/internal/protocol/protocol.ts';
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';
import type { Frame } from '../../src/internal/wire/frame.ts';
import { streamsMap } from '../../src/streams_map.ts';
import { StreamLimitReachedError } from '../../src/streams_map_outgoing.ts';
import { flowControllers, RecordingSender, tick } from './helpers.ts';
import { exchange, MemoryEndpoint } from './memory_conn.ts';

function newMap(perspective = Perspective.Server, maxIncoming = 3) {
  const queued: Frame[] = [];
  const sender = new RecordingSender();
  const { forStream } = flowControllers();
  const m = new streamsMap({
    perspective,
    sender,
    queueControlFrame: (f) => queued.push(f),
    newFlowController: forStream,
    maxIncomingBidiStreams: maxIncoming,
    maxIncomingUniStreams: maxIncoming,
  });
  return { m, queued, sender };
}

describe('streamsMap: streams we open', () => {
  it('hands out our stream IDs in order (server: 1, 5, 9; uni 3, 7)', () => {
    const { m } = newMap(Perspective.Server);
    m.handleMaxStreamsFrame({ type: 'max_streams', streamType: 'bidi', maxStreamNum: 10 });
    m.handleMaxStreamsFrame({ type: 'max_streams', streamType: 'uni', maxStreamNum: 10 });
    expect([m.openStream(), m.openStream(), m.openStream()].map((s) => s.streamID)).toEqual([1, 5, 9]);
    expect([m.openUniStream(), m.openUniStream()].map((s) => s.streamID)).toEqual([3, 7]);
  });

  it('openStream fails at the limit and queues STREAMS_BLOCKED once', () => {
    const { m, queued } = newMap(Perspective.Client);
    m.updateLimits({ initialMaxStreamDataBidiRemote: 100, initialMaxStreamDataUni: 100, maxBidiStreamNum: 1, maxUniStreamNum: 0 });
    m.openStream();
    expect(() => m.openStream()).toThrow(StreamLimitReachedError);
    expect(() => m.openStream()).toThrow(StreamLimitReachedError);
    expect(queued).toEqual([{ type: 'streams_blocked', streamType: 'bidi', streamLimit: 1 }]);
  });

  it('openStreamSync waits for MAX_STREAMS, first come first served', async () => {
    const { m } = newMap(Perspective.Client);
    const opened: number[] = [];
    const a = m.openStreamSync().then((s) => opened.push(s.streamID));
    const b = m.openStreamSync().then((s) => opened.push(s.streamID));
    await tick();
    expect(opened).toEqual([]);
    m.handleMaxStreamsFrame({ type: 'max_streams', streamType: 'bidi', maxStreamNum: 1 });
    await tick();
    expect(opened).toEqual([0]);
    m.handleMaxStreamsFrame({ type: 'max_streams', streamType: 'bidi', maxStreamNum: 2 });
    await Promise.all([a, b]);
    expect(opened).toEqual([0, 4]);
  });

  it('openStreamSync can be aborted, and fails when the connection closes', async () => {
    const { m } = newMap(Perspective.Client);
    const ac = new AbortController();
    const aborted = m.openStreamSync(ac.signal);
    const closed = m.openStreamSync();
    ac.abort(new Error('no'));
    await expect(aborted).rejects.toThrow('no');
    m.closeWithError(new Error('conn closed'));
    await expect(closed).rejects.toThrow('conn closed');
  });

  it('a frame for our stream that we have not opened is a STREAM_STATE_ERROR', () => {
    const { m } = newMap(Perspective.Server);
    expect(() => m.getOrOpenReceiveStream(1)).toThrow(expect.objectContaining({ errorCode: TransportErrorCode.StreamStateError }));
    // and data on our own unidirectional stream, too
    expect(() => m.getOrOpenReceiveStream(3)).toThrow(expect.objectContaining({ errorCode: TransportErrorCode.StreamStateError }));
    // and MAX_STREAM_DATA for the peer's unidirectional stream
    expect(() => m.getOrOpenSendStream(2)).toThrow(expect.objectContaining({ errorCode: TransportErrorCode.StreamStateError }));
  });
});

describe('streamsMap: streams the peer opens', () => {
  it('opens lower-numbered streams implicitly and accepts them in order', async () => {
    const { m } = newMap(Perspective.Server);
    const str = m.getOrOpenReceiveStream(8)!; // client stream 3 opens 0 and 4 as well
    expect(str.streamID).toBe(8);
    expect((await m.acceptStream()).streamID).toBe(0);
    expect((await m.acceptStream()).streamID).toBe(4);
    expect((await m.acceptStream()).streamID).toBe(8);
  });

  it('STREAM_LIMIT_ERROR when the peer exceeds our limit; MAX_STREAMS as its streams complete', async () => {
    const { m, queued } = newMap(Perspective.Server, 2);
    m.getOrOpenReceiveStream(4);
    expect(() => m.getOrOpenReceiveStream(8)).toThrow(expect.objectContaining({ errorCode: TransportErrorCode.StreamLimitError }));
    const s0 = await m.acceptStream();
    m.deleteStream(s0.streamID);
    expect(queued).toEqual([{ type: 'max_streams', streamType: 'bidi', maxStreamNum: 3 }]);
    expect(m.getOrOpenReceiveStream(8)!.streamID).toBe(8);
    // frames for a completed stream are ignored
    expect(m.getOrOpenReceiveStream(0)).toBeUndefined();
  });

  it('a stream completed before it is accepted is still accepted, then deleted', async () => {
    const { m, queued } = newMap(Perspective.Server, 2);
    m.getOrOpenReceiveStream(2);
    m.deleteStream(2);
    expect(queued).toEqual([]);
    expect((await m.acceptUniStream()).streamID).toBe(2);
    expect(queued).toEqual([{ type: 'max_streams', streamType: 'uni', maxStreamNum: 3 }]);
  });

  it('closeWithError fails acceptStream and every stream', async () => {
    const { m } = newMap(Perspective.Server);
    const str = m.getOrOpenReceiveStream(0)!;
    await m.acceptStream();
    const accept = m.acceptStream();
    m.closeWithError(new Error('bye'));
    await expect(accept).rejects.toThrow('bye');
    await expect(str.read()).rejects.toThrow('bye');
  });
});

describe('streams end to end (in memory)', () => {
  it('opens and completes 2,000 streams through a limit of 100, with MAX_STREAMS', async () => {
    const [client, server] = MemoryEndpoint.pair({ streamWindow: 1 << 14, connWindow: 1 << 16, maxIncomingStreams: 100 });
    const n = 2000;
    let echoed = 0;
    const serverApp = (async () => {
      for (let i = 0; i < n; i++) {
        const str = await server.streamsMap.acceptStream();
        void (async () => {
          for await (const chunk of str) await str.write(chunk);
          str.close();
        })();
      }
    })();
    const results: string[] = [];
    const clientApp = (async () => {
      const all: Promise<void>[] = [];
      for (let i = 0; i < n; i++) {
        const str = await client.streamsMap.openStreamSync();
        all.push(
          (async () => {
            await str.write(new TextEncoder().encode(`hello ${i}`));
            str.close();
            const got: number[] = [];
            for await (const chunk of str) got.push(...chunk);
            results[i] = new TextDecoder().decode(Uint8Array.from(got));
            echoed++;
          })(),
        );
      }
      await Promise.all(all);
    })();
    await exchange(client, server, () => echoed === n);
    await Promise.all([serverApp, clientApp]);
    expect(results.every((r, i) => r === `hello ${i}`)).toBe(true);
    expect(results.length).toBe(n);
    // all streams completed on both sides: new ones can still be opened, up to the limit again
    await exchange(client, server, () => true);
    for (let i = 0; i < 100; i++) client.streamsMap.openStream();
    expect(() => client.streamsMap.openStream()).toThrow(StreamLimitReachedError);
  });

  it('transfers 1 MB through small windows, with 10% of STREAM frames lost', async () => {
    const [client, server] = MemoryEndpoint.pair({ streamWindow: 20_000, connWindow: 30_000, maxIncomingStreams: 10 });
    const data = Uint8Array.from({ length: 1_000_000 }, (_, i) => (i * 7) & 0xff);
    let received: Uint8Array | undefined;
    void (async () => {
      const str = await server.streamsMap.acceptStream();
      const chunks: Uint8Array[] = [];
      for await (const c of str) chunks.push(c);
      received = Buffer.concat(chunks);
    })();
    void (async () => {
      const str = client.streamsMap.openStream();
      for (let at = 0; at < data.length; at += 64 * 1024) await str.write(data.subarray(at, at + 64 * 1024));
      str.close();
    })();
    await exchange(client, server, () => received !== undefined, (i) => i % 10 === 3);
    expect(received!.length).toBe(data.length);
    expect(Buffer.from(received!).equals(Buffer.from(data))).toBe(true); // toEqual is slow on 1 MB
  });
});
