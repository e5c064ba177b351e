import { describe, expect, it } from 'vitest';
import { framer, maxControlFrames } from '../../src/framer.ts';
import type { Frame as AckedFrame, StreamFrame as AckedStreamFrame } from '../../src/internal/ackhandler/frame.ts';
import { Version1 } from '../../src/internal/protocol/version.ts';
import { frameLength } from '../../src/internal/wire/frame_writer.ts';
import { sendStream } from '../../src/send_stream.ts';
import { flowControllers, RecordingSender } from './helpers.ts';

function setup(connSendWindow = 1 << 20) {
  const { conn, forStream } = flowControllers({ connSendWindow });
  const f = new framer(conn);
  const sender = new RecordingSender();
  const newStream = (id: number) => {
    const str = new sendStream(id, sender, forStream(id));
    return str;
  };
  return { framer: f, conn, newStream };
}

describe('framer', () => {
  it('reports a control frame over its cap (the connection then closes, quic-go connection.go:521), and keeps the ones it queued', () => {
    const { framer } = setup();
    for (let i = 0; i < maxControlFrames; i++) framer.queueControlFrame({ type: 'max_streams', streamType: 'bidi', maxStreamNum: i });
    expect(framer.queuedTooManyControlFrames()).toBe(false);
    framer.queueControlFrame({ type: 'max_streams', streamType: 'bidi', maxStreamNum: maxControlFrames });
    expect(framer.queuedTooManyControlFrames()).toBe(true);
    let sent = 0;
    for (;;) {
      const frames: AckedFrame[] = [];
      if (framer.appendControlFrames(frames, 1200, 0) === 0) break;
      sent += frames.length;
    }
    expect(sent).toBe(maxControlFrames);
  });

  it('has data when only a MAX_DATA is due, so a receiver with nothing else to send still sends it', () => {
    const { framer, conn } = setup();
    expect(framer.hasData()).toBe(false);
    conn.incrementHighestReceived(400_000, 0);
    conn.addBytesRead(400_000); // more than 25 % of the 1 MiB window consumed
    expect(framer.hasData()).toBe(true);
    const frames: AckedFrame[] = [];
    framer.appendControlFrames(frames, 1200, 0);
    expect(frames.map((f) => f.frame)).toEqual([{ type: 'max_data', maximumData: 400_000 + (1 << 20) }]);
    expect(framer.hasData()).toBe(false);
  });

  it('shares packets round-robin among active streams', () => {
    const { framer, newStream } = setup();
    const ids = [0, 4, 8];
    for (const id of ids) {
      const str = newStream(id);
      void str.write(new Uint8Array(100_000));
      framer.addActiveStream(id, str);
    }
    const perStream = new Map<number, number>();
    const order: number[] = [];
    for (let packet = 0; packet < 30; packet++) {
      const frames: AckedStreamFrame[] = [];
      const len = framer.appendStreamFrames(frames, 1200, Version1);
      expect(len).toBeLessThanOrEqual(1200);
      expect(len).toBe(frames.reduce((n, f) => n + frameLength(f.frame), 0));
      for (const f of frames) {
        order.push(f.frame.streamID);
        perStream.set(f.frame.streamID, (perStream.get(f.frame.streamID) ?? 0) + f.frame.data.length);
      }
      // the last frame runs to the end of the packet
      expect(frames.at(-1)!.frame.dataLenPresent).toBe(false);
    }
    expect(order.slice(0, 6)).toEqual([0, 4, 8, 0, 4, 8]);
    const bytes = [...perStream.values()];
    expect(Math.max(...bytes) - Math.min(...bytes)).toBeLessThanOrEqual(1200);
  });

  it('fills a packet with frames of several streams when each has little data', () => {
    const { framer, newStream } = setup();
    for (const id of [0, 4, 8]) {
      const str = newStream(id);
      void str.write(new Uint8Array(200));
      framer.addActiveStream(id, str);
    }
    const frames: AckedStreamFrame[] = [];
    framer.appendStreamFrames(frames, 1200, Version1);
    expect(frames.map((f) => [f.frame.streamID, f.frame.data.length])).toEqual([
      [0, 200],
      [4, 200],
      [8, 200],
    ]);
    expect(framer.hasData()).toBe(false);
  });

  it('skips streams removed after they became active', () => {
    const { framer, newStream } = setup();
    const a = newStream(0);
    void a.write(new Uint8Array(10));
    framer.addActiveStream(0, a);
    framer.removeActiveStream(0);
    const frames: AckedStreamFrame[] = [];
    expect(framer.appendStreamFrames(frames, 1200, Version1)).toBe(0);
    expect(frames).toEqual([]);
  });

  it('sends queued control frames in order, as many as fit', () => {
    const { framer } = setup();
    framer.queueControlFrame({ type: 'max_streams', streamType: 'bidi', maxStreamNum: 10 });
    framer.queueControlFrame({ type: 'ping' });
    framer.queueControlFrame({ type: 'path_response', data: new Uint8Array(8) });
    const frames: AckedFrame[] = [];
    // room for PATH_RESPONSE (9 bytes) and MAX_STREAMS (2 bytes), not the PING after them
    const len = framer.appendControlFrames(frames, 11, 0);
    expect(len).toBe(11);
    expect(frames.map((f) => f.frame.type)).toEqual(['path_response', 'max_streams']);
    const next: AckedFrame[] = [];
    framer.appendControlFrames(next, 100, 0);
    expect(next.map((f) => f.frame.type)).toEqual(['ping']);
  });

  it('collects the streams’ control frames and the connection’s MAX_DATA and DATA_BLOCKED', () => {
    const { framer, conn, newStream } = setup(100);
    const str = newStream(0);
    void str.write(new Uint8Array(500));
    framer.addActiveStream(0, str);
    framer.appendStreamFrames([], 1200, Version1);
    // 100 bytes sent: the connection window is used up
    const frames: AckedFrame[] = [];
    str.cancelWrite(3);
    framer.addStreamWithControlFrames(0, str);
    conn.incrementHighestReceived(1 << 20, 0);
    conn.addBytesRead(1 << 19); // half the receive window read: MAX_DATA is due
    framer.appendControlFrames(frames, 1200, 0);
    // the stream's control frames first, then the queue: DATA_BLOCKED (queued when the window ran out), MAX_DATA
    expect(frames.map((f) => f.frame)).toEqual([
      { type: 'reset_stream', streamID: 0, errorCode: 3, finalSize: 100 },
      { type: 'data_blocked', maximumData: 100 },
      { type: 'max_data', maximumData: (1 << 19) + (1 << 20) },
    ]);
  });
});
