// A peer may fill a stream's receive window with 1-byte STREAM frames, leaving holes so nothing can
// be read. What the stream holds must stay O(window): about the bytes themselves, not an object per
// frame (RFC 9000 §4.1 bounds the bytes; nothing bounds the number of frames).
import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { receiveStream } from '../../src/receive_stream.ts';
import { frameSorter } from '../../src/frame_sorter.ts';
import { flowControllers, RecordingSender } from './helpers.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Bytes held on the JS heap and in ArrayBuffers, after a full collection. */
function retained(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const window = 512 * 1024; // quic-go's initial stream receive window
const connWindow = 768 * 1024; // and the connection's
const holeEvery = 1024; // 512 holes, within MaxStreamFrameSorterGaps

describe('memory of a stream filled with 1-byte frames', () => {
  it(`holds O(window) for ${window} one-byte STREAM frames with holes`, async () => {
    const { forStream } = flowControllers({ receiveWindow: window, connReceiveWindow: connWindow });
    const str = new receiveStream(3, new RecordingSender(), forStream(3));
    const payload = Uint8Array.from({ length: window }, (_, i) => i * 7);
    const before = retained();
    for (let offset = 0; offset < window; offset++) {
      if (offset % holeEvery === 0) continue;
      str.handleStreamFrame({ type: 'stream', streamID: 3, offset, data: payload.slice(offset, offset + 1), fin: false }, 0);
    }
    const held = retained() - before;
    console.log(`receive stream: ${window} 1-byte frames with ${window / holeEvery} holes hold ${(held / 1024).toFixed(0)} KiB`);
    expect(held).toBeLessThan(4 * window);

    // Everything is still there once the holes are filled.
    for (let offset = 0; offset < window; offset += holeEvery) {
      str.handleStreamFrame({ type: 'stream', streamID: 3, offset, data: payload.slice(offset, offset + 1), fin: false }, 0);
    }
    str.handleStreamFrame({ type: 'stream', streamID: 3, offset: window, data: new Uint8Array(0), fin: true }, 0);
    const chunks: Uint8Array[] = [];
    for await (const chunk of str) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(payload)).toBe(true);
  });

  it('a frame sorter fed byte by byte in order, never read, holds O(bytes)', () => {
    const s = new frameSorter();
    const before = retained();
    const one = new Uint8Array(1);
    for (let offset = 0; offset < window; offset++) s.push(one, offset);
    const held = retained() - before;
    console.log(`frame sorter: ${window} 1-byte pieces in order hold ${(held / 1024).toFixed(0)} KiB`);
    expect(held).toBeLessThan(4 * window);
    expect(s.pop()?.data.length).toBe(window); // one contiguous run
  });
});
