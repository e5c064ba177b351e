import { describe, expect, it } from 'vitest';
import { TransportError } from '../../../../src/internal/qerr/errors.ts';
import { CurveID } from '../../../../src/internal/handshake/tls/common.ts';
import { generateKeyShare, x25519KeyShare } from '../../../../src/internal/handshake/tls/key_share.ts';
import * as v from './rfc8448_vectors.ts';

describe('key shares', () => {
  it('reproduces RFC 8448 §3 with X25519', () => {
    const client = x25519KeyShare(v.clientPrivateKey);
    expect(client.publicKey).toEqual(v.clientPublicKey);
    expect(client.sharedSecret(v.serverPublicKey)).toEqual(v.secrets.ecdhe);
  });

  for (const group of [CurveID.x25519, CurveID.secp256r1]) {
    it(`agrees on a secret for group 0x${group.toString(16)}`, () => {
      const a = generateKeyShare(group);
      const b = generateKeyShare(group);
      expect(a.sharedSecret(b.publicKey)).toEqual(b.sharedSecret(a.publicKey));
      expect(a.sharedSecret(b.publicKey)).toHaveLength(32);
    });
  }

  it('sends P-256 shares uncompressed and refuses compressed or off-curve ones', () => {
    const a = generateKeyShare(CurveID.secp256r1);
    expect(a.publicKey).toHaveLength(65);
    expect(a.publicKey[0]).toBe(4);
    const illegal = 0x100 + 47;
    expect(() => a.sharedSecret(a.publicKey.subarray(0, 33))).toThrow(TransportError);
    const offCurve = a.publicKey.slice();
    offCurve[64]! ^= 1;
    expect(() => a.sharedSecret(offCurve)).toThrow(expect.objectContaining({ errorCode: illegal }));
  });

  it('refuses a low-order X25519 share (all-zero shared secret, RFC 8446 §7.4.2)', () => {
    const a = generateKeyShare(CurveID.x25519);
    expect(() => a.sharedSecret(new Uint8Array(32))).toThrow(expect.objectContaining({ errorCode: 0x100 + 47 }));
    expect(() => a.sharedSecret(new Uint8Array(31))).toThrow(expect.objectContaining({ errorCode: 0x100 + 47 }));
  });
});
