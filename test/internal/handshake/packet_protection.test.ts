// Packet protection round trips for the three TLS 1.3 suites on both backends, tampering, and
// agreement between the backends.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chacha20 } from '@noble/ciphers/chacha.js';
import { createAEAD, ErrDecryptionFailed, newLongHeaderOpener, newLongHeaderSealer } from '../../../src/internal/handshake/aead.ts';
import { getCipherSuite } from '../../../src/internal/handshake/cipher_suite.ts';
import { newHeaderMaskCipher, type CryptoBackend } from '../../../src/internal/crypto/crypto_backend.ts';
import { newHeaderProtector } from '../../../src/internal/handshake/header_protector.ts';
import { newInitialAEAD } from '../../../src/internal/handshake/initial_aead.ts';
import { Perspective } from '../../../src/internal/protocol/protocol.ts';
import { Version1 } from '../../../src/internal/protocol/version.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';

const suiteIDs = [0x1301, 0x1302, 0x1303];
const backends: CryptoBackend[] = ['noble', 'node'];
const secret = Uint8Array.from({ length: 48 }, (_, i) => i * 7);

/** A long-header-like packet: first byte 0xc0 | (pnLen - 1), 17 header bytes, then the packet number. */
function header(pnLen: number, pn: number): { hdr: Uint8Array; pnOffset: number } {
  const pnOffset = 18;
  const hdr = new Uint8Array(pnOffset + pnLen).fill(0xab);
  hdr[0] = 0xc0 | (pnLen - 1);
  for (let i = 0, rest = pn; i < pnLen; i++, rest = Math.floor(rest / 256)) hdr[pnOffset + pnLen - 1 - i] = rest % 256;
  return { hdr, pnOffset };
}

function keys(id: number, sealBackend: CryptoBackend, openBackend: CryptoBackend) {
  const suite = getCipherSuite(id);
  const s = secret.subarray(0, suite.hash.outputLen);
  return {
    sealer: newLongHeaderSealer(createAEAD(suite, s, Version1, sealBackend), newHeaderProtector(suite, s, Version1, sealBackend)),
    opener: newLongHeaderOpener(createAEAD(suite, s, Version1, openBackend), newHeaderProtector(suite, s, Version1, openBackend)),
  };
}

/** Seals and protects a packet the way a packer does. */
function protect(sealer: ReturnType<typeof keys>['sealer'], payload: Uint8Array, pn: number, pnLen: number) {
  const { hdr, pnOffset } = header(pnLen, pn);
  const packet = Uint8Array.from([...hdr, ...sealer.seal(payload, pn, hdr)]);
  sealer.encryptHeader(packet, pnOffset);
  return { packet, hdr, pnOffset };
}

describe.each(suiteIDs.map((id) => ({ id, name: `0x${id.toString(16)}` })))('cipher suite $name', ({ id }) => {
  for (const sealBackend of backends) {
    for (const openBackend of backends) {
      it(`seals on ${sealBackend}, opens on ${openBackend}`, () => {
        const { sealer, opener } = keys(id, sealBackend, openBackend);
        fc.assert(
          fc.property(
            fc.uint8Array({ minLength: 4, maxLength: 1400 }),
            fc.integer({ min: 0, max: 2 ** 32 }),
            fc.constantFrom(1, 2, 3, 4),
            (payload, pn, pnLen) => {
              const { packet, hdr, pnOffset } = protect(sealer, payload, pn, pnLen);
              const gotLen = opener.decryptHeader(packet, pnOffset);
              expect(gotLen).toBe(pnLen);
              expect(packet.subarray(0, hdr.length)).toEqual(hdr);
              expect(opener.open(packet.subarray(hdr.length), pn, packet.subarray(0, hdr.length))).toEqual(payload);
            },
          ),
          { numRuns: 30 },
        );
      });
    }
  }

  describe.each(backends)('on %s', (backend) => {
    it('adds a 16-byte tag', () => {
      const { sealer } = keys(id, backend, backend);
      expect(sealer.overhead()).toBe(16);
      expect(sealer.seal(new Uint8Array(10), 0, new Uint8Array(5)).length).toBe(26);
    });

    it('throws ErrDecryptionFailed for any flipped bit in the header or the payload, or a wrong packet number', () => {
      const { sealer, opener } = keys(id, backend, backend);
      const { packet, hdr, pnOffset } = protect(sealer, new Uint8Array(64).fill(5), 1000, 2);
      const hdrLen = hdr.length;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: packet.length - 1 }), fc.integer({ min: 0, max: 7 }), (i, bit) => {
          const bad = packet.slice();
          opener.decryptHeader(bad, pnOffset);
          bad[i] ^= 1 << bit;
          expect(() => opener.open(bad.subarray(hdrLen), 1000, bad.subarray(0, hdrLen))).toThrow(ErrDecryptionFailed);
        }),
        { numRuns: 50 },
      );
      const good = packet.slice();
      opener.decryptHeader(good, pnOffset);
      expect(() => opener.open(good.subarray(hdrLen), 1001, good.subarray(0, hdrLen))).toThrow(ErrDecryptionFailed);
      expect(() => opener.open(good.subarray(hdrLen, hdrLen + 10), 1000, good.subarray(0, hdrLen))).toThrow(ErrDecryptionFailed);
    });

    it('refuses a packet too short to sample with a TransportError, without reading past its end', () => {
      const { opener } = keys(id, backend, backend);
      const short = new Uint8Array(18 + 4 + 15);
      short[0] = 0xc0;
      let err: unknown;
      try {
        opener.decryptHeader(short, 18);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(TransportError);
      expect(short.every((b, i) => (i === 0 ? b === 0xc0 : b === 0))).toBe(true);
    });
  });

  it('the decoding window follows the highest authenticated packet number', () => {
    const { sealer, opener } = keys(id, 'noble', 'noble');
    for (const pn of [0x05, 0x90, 0x110, 0x190]) {
      // 1-byte packet numbers: decoding needs the window to have moved with each opened packet
      const { packet, hdr, pnOffset } = protect(sealer, new Uint8Array(20), pn, 1);
      const pnLen = opener.decryptHeader(packet, pnOffset);
      const full = opener.decodePacketNumber(packet[pnOffset], pnLen);
      expect(full).toBe(pn);
      opener.open(packet.subarray(hdr.length), full, packet.subarray(0, hdr.length));
    }
  });
});

describe('header protection', () => {
  it('leaves the header form bit, and the bits a long/short header does not protect, unchanged', () => {
    const hp = newHeaderProtector(getCipherSuite(0x1301), secret.subarray(0, 32), Version1, 'noble');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 60, maxLength: 60 }), fc.boolean(), (packet, long) => {
        packet[0] = long ? packet[0] | 0x80 : packet[0] & 0x7f;
        const before = packet.slice();
        hp.encryptHeader(packet, 20);
        const keep = long ? 0xf0 : 0xe0;
        expect(packet[0] & keep).toBe(before[0] & keep);
        expect(packet.subarray(24)).toEqual(before.subarray(24));
        hp.decryptHeader(packet, 20);
        expect(packet).toEqual(before);
      }),
    );
  });

  it('computes the same masks on noble and node, for every suite and any sample', () => {
    fc.assert(
      fc.property(fc.constantFrom('aes-gcm' as const, 'chacha20-poly1305' as const), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), (alg, key, sample) => {
        const hpKey = alg === 'aes-gcm' ? key.subarray(0, 16) : key;
        expect(newHeaderMaskCipher(alg, hpKey, 'noble').mask(sample).subarray(0, 5)).toEqual(newHeaderMaskCipher(alg, hpKey, 'node').mask(sample).subarray(0, 5));
      }),
    );
  });

  it('takes the sample at an offset inside the packet, on noble and node, for every suite', () => {
    fc.assert(
      fc.property(fc.constantFrom('aes-gcm' as const, 'chacha20-poly1305' as const), fc.constantFrom<CryptoBackend>('noble', 'node'), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 16, maxLength: 60 }), fc.nat(), (alg, backend, key, packet, at) => {
        const hpKey = alg === 'aes-gcm' ? key.subarray(0, 16) : key;
        const offset = at % (packet.length - 15);
        const cipher = newHeaderMaskCipher(alg, hpKey, backend);
        const want = cipher.mask(packet.slice(offset, offset + 16)).slice(0, 5);
        expect(cipher.mask(packet, offset).subarray(0, 5)).toEqual(want);
      }),
    );
  });

  it("ChaCha20: the noble mask equals noble's chacha20() keystream, and also works for the counter 0xffffffff chacha20() refuses", () => {
    const hpKey = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (sample) => {
        const counter = new DataView(sample.buffer, sample.byteOffset).getUint32(0, true);
        fc.pre(counter !== 0xffffffff);
        const want = chacha20(hpKey, sample.subarray(4), new Uint8Array(5), undefined, counter);
        expect(newHeaderMaskCipher('chacha20-poly1305', hpKey, 'noble').mask(sample).subarray(0, 5)).toEqual(want);
      }),
    );
    const maxCounter = Uint8Array.of(0xff, 0xff, 0xff, 0xff, ...new Uint8Array(12).fill(0x42));
    expect(() => chacha20(hpKey, maxCounter.subarray(4), new Uint8Array(5), undefined, 0xffffffff)).toThrow();
    expect(newHeaderMaskCipher('chacha20-poly1305', hpKey, 'noble').mask(maxCounter).subarray(0, 5)).toEqual(
      newHeaderMaskCipher('chacha20-poly1305', hpKey, 'node').mask(maxCounter).subarray(0, 5),
    );
  });
});

describe('Initial AEAD', () => {
  it("client and server open each other's packets; a different connection ID cannot", () => {
    const connID = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const [clientSealer, clientOpener] = newInitialAEAD(connID, Perspective.Client, Version1);
    const [serverSealer, serverOpener] = newInitialAEAD(connID, Perspective.Server, Version1, 'node');
    const [, otherOpener] = newInitialAEAD(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 9), Perspective.Server, Version1);
    const payload = new Uint8Array(100).fill(0x33);
    for (const [sealer, opener] of [
      [clientSealer, serverOpener],
      [serverSealer, clientOpener],
    ] as const) {
      const { packet, hdr, pnOffset } = protect(sealer, payload, 7, 4);
      opener.decryptHeader(packet, pnOffset);
      expect(opener.open(packet.subarray(hdr.length), 7, packet.subarray(0, hdr.length))).toEqual(payload);
    }
    const { packet, hdr } = protect(clientSealer, payload, 7, 4);
    expect(() => otherOpener.open(packet.subarray(hdr.length), 7, hdr)).toThrow(ErrDecryptionFailed);
  });
});
