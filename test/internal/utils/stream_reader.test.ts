import { describe, expect, it } from 'vitest';
import type { ReceiveStream } from '../../../src/interface.ts';
import { StreamReader } from '../../../src/internal/utils/stream_reader.ts';

/** A receive stream that hands out the given chunks, then FIN. */
function chunks(...parts: string[]): ReceiveStream {
  const queue = parts.map((p) => new TextEncoder().encode(p));
  return {
    streamID: 0,
    read: async () => queue.shift(),
    async *[Symbol.asyncIterator]() {
      for (let c = queue.shift(); c; c = queue.shift()) yield c;
    },
    cancelRead: () => undefined,
  };
}

const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

describe('StreamReader', () => {
  it('readFull gathers bytes across chunks and leaves the rest', async () => {
    const r = new StreamReader(chunks('ab', 'cde', 'f'));
    expect(text(await r.readFull(4))).toBe('abcd');
    expect(text(await r.read())).toBe('e');
    expect(text(await r.read())).toBe('f');
    expect(await r.read()).toBeUndefined();
  });

  it('readFull is undefined when the stream ends first', async () => {
    expect(await new StreamReader(chunks('abc')).readFull(4)).toBeUndefined();
  });

  it('read(max) hands out at most max bytes', async () => {
    const r = new StreamReader(chunks('x'.repeat(3000)));
    const sizes: number[] = [];
    for (let c = await r.read(1024); c; c = await r.read(1024)) sizes.push(c.length);
    expect(sizes).toEqual([1024, 1024, 952]);
  });

  it('readLine stops at "\\n" across chunks, and returns what is left at the end', async () => {
    const r = new StreamReader(chunks('OK 3 ab', 'cd\nrest', '\n', 'tail'));
    expect(await r.readLine()).toBe('OK 3 abcd');
    expect(await r.readLine()).toBe('rest');
    expect(await r.readLine()).toBe('tail');
    expect(await r.readLine()).toBe('');
  });

  it('atEnd looks ahead without consuming', async () => {
    const r = new StreamReader(chunks('z'));
    expect(await r.atEnd()).toBe(false);
    expect(text(await r.read())).toBe('z');
    expect(await r.atEnd()).toBe(true);
  });
});
