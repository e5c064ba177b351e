import { describe, expect, it } from 'vitest';
import { cryptoStream } from '../../src/crypto_stream.ts';
import { cryptoStreamManager } from '../../src/crypto_stream_manager.ts';
import { MaxCryptoStreamOffset } from '../../src/internal/protocol/params.ts';
import { EncryptionLevel } from '../../src/internal/protocol/protocol.ts';
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';
import type { CryptoFrame } from '../../src/internal/wire/frame.ts';
import { cryptoFrameLength } from '../../src/internal/wire/crypto_frame.ts';

const crypto = (offset: number, data: number[] | Uint8Array): CryptoFrame => ({ type: 'crypto', offset, data: Uint8Array.from(data) });

function readAll(s: cryptoStream): number[] {
  const out: number[] = [];
  for (let d = s.getCryptoData(); d; d = s.getCryptoData()) out.push(...d);
  return out;
}

describe('cryptoStream: receiving', () => {
  it('reassembles out-of-order CRYPTO frames', () => {
    const s = new cryptoStream();
    s.handleCryptoFrame(crypto(4, [4, 5]));
    s.handleCryptoFrame(crypto(2, [2, 3]));
    expect(s.getCryptoData()).toBeUndefined();
    s.handleCryptoFrame(crypto(0, [0, 1, 2]));
    expect(readAll(s)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('buffers at most MaxCryptoStreamOffset beyond what was read (CRYPTO_BUFFER_EXCEEDED)', () => {
    const s = new cryptoStream();
    s.handleCryptoFrame(crypto(MaxCryptoStreamOffset - 1, [1])); // ends exactly at the limit
    expect(() => s.handleCryptoFrame(crypto(MaxCryptoStreamOffset, [1]))).toThrow(
      expect.objectContaining({ errorCode: TransportErrorCode.CryptoBufferExceeded }),
    );
    // once TLS has consumed data, the limit moves with it
    s.handleCryptoFrame(crypto(0, new Uint8Array(1000)));
    expect(readAll(s).length).toBe(1000);
    expect(() => s.handleCryptoFrame(crypto(MaxCryptoStreamOffset, [1]))).not.toThrow();
  });

  it('finish() with unread data is a PROTOCOL_VIOLATION', () => {
    const s = new cryptoStream();
    s.handleCryptoFrame(crypto(5, [1]));
    expect(() => s.finish()).toThrow(expect.objectContaining({ errorCode: TransportErrorCode.ProtocolViolation }));
  });

  it('after finish(), retransmissions are ignored but new data is a PROTOCOL_VIOLATION', () => {
    const s = new cryptoStream();
    s.handleCryptoFrame(crypto(0, [1, 2, 3]));
    readAll(s);
    s.finish();
    expect(() => s.handleCryptoFrame(crypto(0, [1, 2, 3]))).not.toThrow();
    expect(() => s.handleCryptoFrame(crypto(3, [4]))).toThrow(expect.objectContaining({ errorCode: TransportErrorCode.ProtocolViolation }));
  });
});

describe('cryptoStream: sending', () => {
  it('pops frames of at most maxLen bytes and sends lost data again first', () => {
    const s = new cryptoStream();
    const data = Uint8Array.from({ length: 3000 }, (_, i) => i & 0xff);
    s.write(data.subarray(0, 1000));
    s.write(data.subarray(1000));
    const frames = [];
    while (s.hasData()) frames.push(s.popCryptoFrame(1200)!);
    for (const f of frames) expect(cryptoFrameLength(f.frame as CryptoFrame)).toBeLessThanOrEqual(1200);
    expect(Buffer.concat(frames.map((f) => (f.frame as CryptoFrame).data))).toEqual(Buffer.from(data));

    const lost = frames[1]!;
    lost.handler!.onLost(lost.frame);
    expect(s.hasData()).toBe(true);
    const first = s.popCryptoFrame(600)!.frame as CryptoFrame; // split to fit
    const rest = s.popCryptoFrame(1200)!.frame as CryptoFrame;
    expect(first.offset).toBe((lost.frame as CryptoFrame).offset);
    expect(rest.offset).toBe(first.offset + first.data.length);
    expect(Buffer.concat([first.data, rest.data])).toEqual(Buffer.from((lost.frame as CryptoFrame).data));
    expect(s.hasData()).toBe(false);
  });
});

describe('cryptoStreamManager', () => {
  it('routes by encryption level and refuses CRYPTO in 0-RTT', () => {
    const m = new cryptoStreamManager();
    m.handleCryptoFrame(crypto(0, [1]), EncryptionLevel.Handshake);
    expect(m.getCryptoData(EncryptionLevel.Initial)).toBeUndefined();
    expect([...m.getCryptoData(EncryptionLevel.Handshake)!]).toEqual([1]);
    expect(() => m.handleCryptoFrame(crypto(0, [1]), EncryptionLevel.ZeroRTT)).toThrow(
      expect.objectContaining({ errorCode: TransportErrorCode.ProtocolViolation }),
    );
  });

  it('drop() detects data left over at the dropped level', () => {
    const m = new cryptoStreamManager();
    m.handleCryptoFrame(crypto(10, [1]), EncryptionLevel.Initial);
    expect(() => m.drop(EncryptionLevel.Initial)).toThrow(expect.objectContaining({ errorCode: TransportErrorCode.ProtocolViolation }));
    expect(() => m.drop(EncryptionLevel.Handshake)).not.toThrow();
  });

  it('gives post-handshake data from the 1-RTT stream', () => {
    const m = new cryptoStreamManager();
    expect(m.getPostHandshakeData(1000)).toBeUndefined();
    m.oneRTTStream.write(new Uint8Array([1, 2]));
    expect(m.getPostHandshakeData(1000)!.frame).toEqual({ type: 'crypto', offset: 0, data: new Uint8Array([1, 2]) });
  });
});
