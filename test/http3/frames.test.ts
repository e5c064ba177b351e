// HTTP/3 frame encodings (RFC 9114 §7.1-7.2): type and length varints, SETTINGS pairs, GOAWAY.
import { describe, expect, it } from 'vitest';
import { StreamReader } from '../../src/internal/utils/stream_reader.ts';
import { ErrCode, H3Error } from '../../src/http3/errors.ts';
import { frame, frameHeader, FrameParser, FrameType, parseSettings, settingsFrame, varintFrame } from '../../src/http3/frames.ts';
import type { ReceiveStream } from '../../src/interface.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A stream that delivers `data` one byte at a time, then FIN. */
function parserOf(data: Uint8Array): FrameParser {
  let i = 0;
  const str = { read: async () => (i < data.length ? data.subarray(i, ++i) : undefined) } as unknown as ReceiveStream;
  return new FrameParser(new StreamReader(str));
}

async function h3Code(p: Promise<unknown>): Promise<number> {
  try {
    await p;
  } catch (e) {
    if (e instanceof H3Error) return e.code;
    throw e;
  }
  return -1;
}

describe('frame encodings (RFC 9114 §7.2)', () => {
  it('DATA and HEADERS: type, length, payload', () => {
    expect(toHex(frame(FrameType.Data, hex('68656c6c6f')))).toBe('000568656c6c6f');
    expect(toHex(frameHeader(FrameType.Headers, 300))).toBe('01412c'); // 300 as a 2-byte varint
  });
  it('SETTINGS: identifier-value varint pairs (§7.2.4)', () => {
    expect(toHex(settingsFrame(new Map([[0x6, 65536]])))).toBe('0405068001' + '0000');
    expect(parseSettings(hex('068001 0000 01 00'))).toEqual(new Map([[6, 65536], [1, 0]]));
  });
  it('GOAWAY: one varint (§7.2.6)', () => {
    expect(toHex(varintFrame(FrameType.GoAway, 8))).toBe('070108');
  });
  it('refuses HTTP/2 settings, duplicates and a cut pair', () => {
    expect(() => parseSettings(hex('0200'))).toThrow(/H3_SETTINGS_ERROR/);
    expect(() => parseSettings(hex('0600 0600'))).toThrow(/H3_SETTINGS_ERROR/);
    expect(() => parseSettings(hex('06'))).toThrow(/H3_FRAME_ERROR/);
  });
});

describe('FrameParser', () => {
  it('reads frames whose bytes arrive one at a time, skipping unknown (GREASE) types (§9)', async () => {
    const p = parserOf(hex('21 03 aabbcc  01 02 d1d7  00 01 ff'));
    expect(await p.next()).toEqual({ type: FrameType.Headers, length: 2 });
    expect(toHex(await p.payload({ type: 1, length: 2 }, 100))).toBe('d1d7');
    expect(await p.next()).toEqual({ type: FrameType.Data, length: 1 });
    await p.skip(1);
    expect(await p.next()).toBeUndefined();
  });
  it('an HTTP/2 frame type is H3_FRAME_UNEXPECTED (§7.2.8)', async () => {
    expect(await h3Code(parserOf(hex('0200')).next())).toBe(ErrCode.FrameUnexpected);
  });
  it('a stream that ends inside a frame is H3_FRAME_ERROR (§7.1)', async () => {
    expect(await h3Code(parserOf(hex('01')).next())).toBe(ErrCode.FrameError);
    const p = parserOf(hex('0105d1'));
    const f = await p.next();
    expect(await h3Code(p.payload(f!, 100))).toBe(ErrCode.FrameError);
  });
  it('a payload over the limit is H3_EXCESSIVE_LOAD', async () => {
    const p = parserOf(hex('01 4100'));
    expect(await h3Code(p.payload((await p.next())!, 100))).toBe(ErrCode.ExcessiveLoad);
  });
});
