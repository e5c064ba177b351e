import crypto from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CertificateError,
  generatePrivateKey,
  marshalPrivateKeyPkcs8,
  parsePrivateKeyPem,
  SignatureScheme,
  sign,
  toPem,
  verify,
} from '../../../src/internal/x509/index.ts';
import { hasOpenssl, ScratchDir } from './scratch.ts';

const message = new TextEncoder().encode('key check');

/** The uncompressed point node:crypto derives for a private key, via JWK. */
function nodePoint(pem: string): Uint8Array {
  const jwk = crypto.createPublicKey(pem).export({ format: 'jwk' });
  return Uint8Array.from([4, ...Buffer.from(jwk.x!, 'base64url'), ...Buffer.from(jwk.y!, 'base64url')]);
}

describe('PKCS#8 round trip', () => {
  it('reads back what it writes, and node:crypto reads it too', () => {
    for (const kind of ['ecdsa-p256', 'ed25519'] as const) {
      const key = generatePrivateKey(kind);
      const pem = toPem('PRIVATE KEY', marshalPrivateKeyPkcs8(key));
      expect(parsePrivateKeyPem(pem)).toEqual(key);
      const nodeKey = crypto.createPrivateKey(pem);
      expect(nodeKey.asymmetricKeyType).toBe(kind === 'ed25519' ? 'ed25519' : 'ec');
      const spki = crypto.createPublicKey(nodeKey).export({ format: 'der', type: 'spki' });
      const ours = key.publicKey.kind === 'ed25519' ? key.publicKey.key : key.publicKey.kind === 'ecdsa-p256' ? key.publicKey.point : undefined;
      expect(new Uint8Array(spki.subarray(spki.length - ours!.length))).toEqual(ours);
    }
  });

  it('rejects what is not a supported private key', () => {
    expect(() => parsePrivateKeyPem('no PEM here')).toThrow(CertificateError);
    expect(() => parsePrivateKeyPem(toPem('PRIVATE KEY', Uint8Array.of(0x30, 0x00)))).toThrow(CertificateError);
    const p384 = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey.export({ format: 'pem', type: 'sec1' }) as string;
    expect(() => parsePrivateKeyPem(p384)).toThrow(/not P-256/);
  });
});

describe.skipIf(!hasOpenssl)('keys made by the openssl command', () => {
  const dir = new ScratchDir();
  afterAll(() => dir.remove());

  it('reads SEC1 "EC PRIVATE KEY" from openssl ecparam -genkey (after its EC PARAMETERS block)', () => {
    dir.openssl('ecparam', '-name', 'prime256v1', '-genkey', '-out', 'ec.pem');
    const pem = dir.read('ec.pem');
    expect(pem).toContain('-----BEGIN EC PARAMETERS-----');
    expect(pem).toContain('-----BEGIN EC PRIVATE KEY-----');
    const key = parsePrivateKeyPem(pem);
    expect(key.kind).toBe('ecdsa-p256');
    expect(key.publicKey).toEqual({ kind: 'ecdsa-p256', point: nodePoint(pem) });

    // The same key converted to PKCS#8 by openssl pkcs8 -topk8 -nocrypt reads as the same key.
    dir.openssl('pkcs8', '-topk8', '-nocrypt', '-in', 'ec.pem', '-out', 'ec8.pem');
    expect(dir.read('ec8.pem')).toContain('-----BEGIN PRIVATE KEY-----');
    expect(parsePrivateKeyPem(dir.read('ec8.pem'))).toEqual(key);
    // And our PKCS#8 of it is byte for byte what openssl wrote.
    expect(toPem('PRIVATE KEY', marshalPrivateKeyPkcs8(key))).toBe(dir.read('ec8.pem'));

    // openssl verifies a signature made with the key we read.
    dir.write('msg', message);
    dir.write('sig', sign(key, SignatureScheme.ECDSA_SECP256R1_SHA256, message));
    dir.openssl('pkey', '-in', 'ec.pem', '-pubout', '-out', 'ec.pub');
    expect(dir.openssl('dgst', '-sha256', '-verify', 'ec.pub', '-signature', 'sig', 'msg')).toContain('Verified OK');
  });

  it('reads PKCS#8 Ed25519 keys from openssl genpkey', () => {
    dir.openssl('genpkey', '-algorithm', 'ed25519', '-out', 'ed.pem');
    const key = parsePrivateKeyPem(dir.read('ed.pem'));
    expect(key.kind).toBe('ed25519');
    const jwk = crypto.createPublicKey(dir.read('ed.pem')).export({ format: 'jwk' });
    expect(key.publicKey).toEqual({ kind: 'ed25519', key: new Uint8Array(Buffer.from(jwk.x!, 'base64url')) });
    expect(toPem('PRIVATE KEY', marshalPrivateKeyPkcs8(key))).toBe(dir.read('ed.pem'));

    dir.write('msg', message);
    dir.openssl('pkeyutl', '-sign', '-rawin', '-inkey', 'ed.pem', '-in', 'msg', '-out', 'sig');
    const opensslSignature = dir.readBytes('sig');
    expect(verify(key.publicKey, SignatureScheme.ED25519, message, opensslSignature)).toBe(true);
    expect(sign(key, SignatureScheme.ED25519, message)).toEqual(opensslSignature); // Ed25519 is deterministic
  });
});
