import { describe, expect, it } from 'vitest';
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';
import { TransportError } from '../../src/internal/qerr/errors.ts';
import type { StreamFrame } from '../../src/internal/wire/frame.ts';
import { StreamError } from '../../src/interface.ts';
import { receiveStream } from '../../src/receive_stream.ts';
import { flowControllers, RecordingSender, tick } from './helpers.ts';

function newReceiveStream(opts: Parameters<typeof flowControllers>[0] = {}) {
  const sender = new RecordingSender();
  const { forStream } = flowControllers(opts);
  return { str: new receiveStream(3, sender, forStream(3)), sender };
}

const frame = (offset: number, data: number[], fin = false): StreamFrame => ({
  type: 'stream',
  streamID: 3,
  offset,
  data: Uint8Array.from(data),
  fin,
});

async function readAll(str: receiveStream): Promise<number[]> {
  const out: number[] = [];
  for await (const chunk of str) out.push(...chunk);
  return out;
}

describe('ReceiveStream', () => {
  it('delivers out-of-order data in order and ends at the FIN', async () => {
    const { str, sender } = newReceiveStream();
    const all = readAll(str);
    str.handleStreamFrame(frame(3, [3, 4], true), 0);
    str.handleStreamFrame(frame(0, [0, 1, 2]), 0);
    expect(await all).toEqual([0, 1, 2, 3, 4]);
    expect(sender.completed).toEqual([3]);
    expect(await str.read()).toBeUndefined(); // EOF stays EOF
  });

  it('a read waits for data', async () => {
    const { str } = newReceiveStream();
    let got: Uint8Array | undefined;
    const p = str.read().then((c) => (got = c));
    await tick();
    expect(got).toBeUndefined();
    str.handleStreamFrame(frame(0, [7]), 0);
    await p;
    expect([...got!]).toEqual([7]);
  });

  it('a FIN without data ends the stream', async () => {
    const { str } = newReceiveStream();
    str.handleStreamFrame(frame(0, [1]), 0);
    str.handleStreamFrame(frame(1, [], true), 0);
    expect(await readAll(str)).toEqual([1]);
  });

  it('enforces the final size (FINAL_SIZE_ERROR) and the window (FLOW_CONTROL_ERROR)', () => {
    const { str } = newReceiveStream({ receiveWindow: 100 });
    str.handleStreamFrame(frame(0, [1, 2], true), 0);
    expect(() => str.handleStreamFrame(frame(2, [3]), 0)).toThrow(expect.objectContaining({ errorCode: TransportErrorCode.FinalSizeError }));
    const other = newReceiveStream({ receiveWindow: 100 }).str;
    expect(() => other.handleStreamFrame(frame(99, [1, 2]), 0)).toThrow(TransportError);
  });

  it('returns flow-control credit as the application reads (MAX_STREAM_DATA)', async () => {
    const { str, sender } = newReceiveStream({ receiveWindow: 100 });
    str.handleStreamFrame(frame(0, new Array(30).fill(0)), 0);
    expect(sender.controlFrameGetters).toEqual([]);
    await str.read();
    expect(sender.controlFrameGetters).toEqual([str]);
    expect(str.getControlFrame(0).frame!.frame).toEqual({ type: 'max_stream_data', streamID: 3, maximumStreamData: 130 });
  });

  it('RESET_STREAM fails reads with the peer’s code and completes the stream', async () => {
    const { str, sender } = newReceiveStream();
    const p = str.read();
    str.handleResetStreamFrame({ type: 'reset_stream', streamID: 3, errorCode: 5, finalSize: 10 }, 0);
    await expect(p).rejects.toMatchObject({ errorCode: 5, remote: true });
    expect(sender.completed).toEqual([3]);
    // a second RESET_STREAM with another final size is a FINAL_SIZE_ERROR
    expect(() => str.handleResetStreamFrame({ type: 'reset_stream', streamID: 3, errorCode: 5, finalSize: 11 }, 0)).toThrow(
      expect.objectContaining({ errorCode: TransportErrorCode.FinalSizeError }),
    );
  });

  it('cancelRead queues STOP_SENDING, fails reads, completes once the final size is known', async () => {
    const { str, sender } = newReceiveStream();
    str.handleStreamFrame(frame(0, [1, 2, 3]), 0);
    str.cancelRead(9);
    await expect(str.read()).rejects.toBeInstanceOf(StreamError);
    expect(str.getControlFrame(0).frame!.frame).toEqual({ type: 'stop_sending', streamID: 3, errorCode: 9 });
    expect(sender.completed).toEqual([]);
    // the peer answers with RESET_STREAM (RFC 9000 §3.5)
    str.handleResetStreamFrame({ type: 'reset_stream', streamID: 3, errorCode: 9, finalSize: 3 }, 0);
    expect(sender.completed).toEqual([3]);
    await expect(str.read()).rejects.toMatchObject({ errorCode: 9, remote: false });
  });

  it('closeForShutdown fails a waiting read', async () => {
    const { str } = newReceiveStream();
    const p = str.read();
    str.closeForShutdown(new Error('gone'));
    await expect(p).rejects.toThrow('gone');
  });

  it('a read can be aborted', async () => {
    const { str } = newReceiveStream();
    const ac = new AbortController();
    const p = str.read(ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
