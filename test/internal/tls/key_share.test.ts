// Key shares on both backends (noble's x25519/p256, node:crypto's): RFC 7748 and RFC 8448 vectors,
// agreement across backends, malformed and low-order shares refused.
import { describe, expect, it } from 'vitest';
import type { CryptoBackend } from '../../../src/internal/crypto/crypto_backend.ts';
import { TransportError } from '../../../src/internal/qerr/errors.ts';
import { CurveID } from '../../../src/internal/tls/common.ts';
import { generateKeyShare, x25519KeyShare } from '../../../src/internal/tls/key_share.ts';
import { hex } from '../handshake/rfc_vectors.ts';
import * as v from './rfc8448_vectors.ts';

const backends: CryptoBackend[] = ['noble', 'node'];
const illegalParameter = 0x100 + 47;

describe.each(backends)('key shares on %s', (backend) => {
  it('reproduces RFC 8448 §3 with X25519', () => {
    const client = x25519KeyShare(v.clientPrivateKey, backend);
    expect(client.publicKey).toEqual(v.clientPublicKey);
    expect(client.sharedSecret(v.serverPublicKey)).toEqual(v.secrets.ecdhe);
  });

  it('computes RFC 7748 §5.2 (scalar and u-coordinate, non-canonical bits included) and §6.1 (Alice and Bob)', () => {
    const scalar = hex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4');
    const u = hex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c');
    expect(x25519KeyShare(scalar, backend).sharedSecret(u)).toEqual(hex('c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552'));
    const alice = x25519KeyShare(hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'), backend);
    const bob = x25519KeyShare(hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'), backend);
    expect(alice.publicKey).toEqual(hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'));
    expect(bob.publicKey).toEqual(hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'));
    const shared = hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
    expect(alice.sharedSecret(bob.publicKey)).toEqual(shared);
    expect(bob.sharedSecret(alice.publicKey)).toEqual(shared);
  });

  for (const group of [CurveID.x25519, CurveID.secp256r1]) {
    it(`agrees on a secret for group 0x${group.toString(16)}, with its own backend and with the other`, () => {
      const other = backend === 'noble' ? 'node' : 'noble';
      const a = generateKeyShare(group, backend);
      for (const b of [generateKeyShare(group, backend), generateKeyShare(group, other)]) {
        expect(a.sharedSecret(b.publicKey)).toEqual(b.sharedSecret(a.publicKey));
        expect(a.sharedSecret(b.publicKey)).toHaveLength(32);
      }
    });
  }

  it('sends P-256 shares uncompressed and refuses compressed or off-curve ones', () => {
    const a = generateKeyShare(CurveID.secp256r1, backend);
    expect(a.publicKey).toHaveLength(65);
    expect(a.publicKey[0]).toBe(4);
    expect(() => a.sharedSecret(a.publicKey.subarray(0, 33))).toThrow(TransportError);
    const offCurve = a.publicKey.slice();
    offCurve[64]! ^= 1;
    expect(() => a.sharedSecret(offCurve)).toThrow(expect.objectContaining({ errorCode: illegalParameter }));
  });

  it('refuses a low-order X25519 share (all-zero shared secret, RFC 8446 §7.4.2) and one of the wrong length', () => {
    const a = generateKeyShare(CurveID.x25519, backend);
    const order8 = hex('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800'); // a point of order 8
    for (const low of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31)), order8]) {
      expect(() => a.sharedSecret(low)).toThrow(expect.objectContaining({ errorCode: illegalParameter }));
    }
    expect(() => a.sharedSecret(new Uint8Array(31))).toThrow(expect.objectContaining({ errorCode: illegalParameter }));
  });
});
