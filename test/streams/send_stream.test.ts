import { describe, expect, it } from 'vitest';
import type { StreamFrame as AckedStreamFrame } from '../../src/internal/ackhandler/frame.ts';
import { MaxPacketBufferSize } from '../../src/internal/protocol/protocol.ts';
import { Version1 } from '../../src/internal/protocol/version.ts';
import { StreamError } from '../../src/interface.ts';
import { sendStream } from '../../src/send_stream.ts';
import { flowControllers, RecordingSender, tick } from './helpers.ts';

function newSendStream(opts: Parameters<typeof flowControllers>[0] = {}) {
  const sender = new RecordingSender();
  const { conn, forStream } = flowControllers(opts);
  const fc = forStream(2);
  return { str: new sendStream(2, sender, fc), sender, conn, fc };
}

function popAll(str: sendStream, maxBytes = 1000): AckedStreamFrame[] {
  const frames: AckedStreamFrame[] = [];
  for (;;) {
    const { frame, hasMore } = str.popStreamFrame(maxBytes, Version1);
    if (frame) frames.push(frame);
    if (!hasMore) return frames;
  }
}

function concat(frames: AckedStreamFrame[]): Uint8Array {
  const sorted = [...frames].sort((a, b) => a.frame.offset - b.frame.offset);
  return Uint8Array.from(sorted.flatMap((f) => [...f.frame.data]));
}

describe('SendStream', () => {
  it('sends written data in frames of at most maxBytes, FIN with the last one', async () => {
    const { str, sender } = newSendStream();
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
    await str.write(data);
    expect(sender.dataStreams).toEqual([str]);
    str.close();
    const frames = popAll(str, 300);
    expect(frames.length).toBe(4);
    expect(concat(frames)).toEqual(data);
    expect(frames.map((f) => f.frame.fin)).toEqual([false, false, false, true]);
    // the frame header counts: 300 bytes hold less than 300 bytes of data
    expect(frames[0]!.frame.data.length).toBeLessThan(300);
  });

  it('copies on write, so the caller may reuse its buffer', async () => {
    const { str } = newSendStream();
    const buf = new Uint8Array([1, 2, 3]);
    await str.write(buf);
    buf.fill(9);
    expect([...popAll(str)[0]!.frame.data]).toEqual([1, 2, 3]);
  });

  it('applies backpressure: a large write resolves once at most a packet of it is unsent', async () => {
    const { str } = newSendStream();
    let resolved = false;
    const p = str.write(new Uint8Array(10_000)).then(() => (resolved = true));
    await tick();
    expect(resolved).toBe(false);
    let sent = 0;
    while (10_000 - sent > MaxPacketBufferSize) {
      sent += str.popStreamFrame(1200, Version1).frame!.frame.data.length;
      await tick();
    }
    await p;
    expect(resolved).toBe(true);
  });

  it('sends a lone FIN when close() comes after all data was sent', () => {
    const { str } = newSendStream();
    void str.write(new Uint8Array([1]));
    expect(popAll(str).length).toBe(1);
    str.close();
    const [fin] = popAll(str);
    expect(fin!.frame).toMatchObject({ offset: 1, fin: true });
    expect(fin!.frame.data.length).toBe(0);
  });

  it('retransmits lost data, split to fit, and completes when everything is acknowledged', async () => {
    const { str, sender } = newSendStream();
    const data = Uint8Array.from({ length: 2500 }, (_, i) => i & 0xff);
    void str.write(data);
    str.close();
    const first = popAll(str, 1000);
    expect(first.length).toBe(3);
    first[0]!.handler!.onAcked(first[0]!.frame);
    first[1]!.handler!.onLost(first[1]!.frame);
    first[2]!.handler!.onAcked(first[2]!.frame);
    expect(sender.completed).toEqual([]);
    // the retransmission is cut into packets of 500 bytes
    const again = popAll(str, 500);
    expect(again.length).toBeGreaterThan(1);
    expect(concat([first[0]!, ...again, first[2]!])).toEqual(data);
    for (const f of again) f.handler!.onAcked(f.frame);
    expect(sender.completed).toEqual([2]);
  });

  it('stops at the stream window and queues STREAM_DATA_BLOCKED, resumes on MAX_STREAM_DATA', () => {
    const { str, sender } = newSendStream({ sendWindow: 100 });
    void str.write(new Uint8Array(300));
    const frames = popAll(str);
    expect(concat(frames).length).toBe(100);
    expect(sender.controlFrameGetters).toEqual([str]);
    expect(str.getControlFrame(0).frame!.frame).toEqual({ type: 'stream_data_blocked', streamID: 2, maximumStreamData: 100 });
    str.updateSendWindow(300);
    expect(sender.dataStreams.at(-1)).toBe(str);
    expect(concat(popAll(str)).length).toBe(200);
  });

  it('cancelWrite sends RESET_STREAM with the final size and fails blocked writes', async () => {
    const { str, sender } = newSendStream();
    const w = str.write(new Uint8Array(5000));
    str.popStreamFrame(1000, Version1);
    str.cancelWrite(7);
    await expect(w).rejects.toBeInstanceOf(StreamError);
    const { frame } = str.getControlFrame(0);
    expect(frame!.frame).toMatchObject({ type: 'reset_stream', streamID: 2, errorCode: 7 });
    const sentBytes = (frame!.frame as { finalSize: number }).finalSize;
    expect(sentBytes).toBeGreaterThan(0);
    expect(sentBytes).toBeLessThan(1000);
    expect(popAll(str)).toEqual([]); // no more data after a reset
    // a lost RESET_STREAM is queued again; completion comes with its acknowledgement
    frame!.handler!.onLost(frame!.frame);
    const again = str.getControlFrame(0).frame!;
    expect(sender.completed).toEqual([]);
    again.handler!.onAcked(again.frame);
    expect(sender.completed).toEqual([2]);
    await expect(str.write(new Uint8Array(1))).rejects.toMatchObject({ errorCode: 7, remote: false });
  });

  it('answers STOP_SENDING with RESET_STREAM carrying the same code', async () => {
    const { str, sender } = newSendStream();
    await str.write(new Uint8Array(10));
    str.handleStopSendingFrame({ type: 'stop_sending', streamID: 2, errorCode: 42 });
    const { frame } = str.getControlFrame(0);
    expect(frame!.frame).toEqual({ type: 'reset_stream', streamID: 2, errorCode: 42, finalSize: 0 });
    frame!.handler!.onAcked(frame!.frame);
    // the application has not seen the error yet: the stream is not complete
    expect(sender.completed).toEqual([]);
    await expect(str.write(new Uint8Array(1))).rejects.toMatchObject({ errorCode: 42, remote: true });
    expect(sender.completed).toEqual([2]);
  });

  it('closeForShutdown fails writes and sends nothing', async () => {
    const { str } = newSendStream();
    const w = str.write(new Uint8Array(5000));
    str.closeForShutdown(new Error('connection closed'));
    await expect(w).rejects.toThrow('connection closed');
    expect(popAll(str)).toEqual([]);
  });

  it('rejects writes after close()', async () => {
    const { str } = newSendStream();
    str.close();
    await expect(str.write(new Uint8Array(1))).rejects.toThrow('write on closed stream 2');
  });
});
