// HKDF-Expand-Label (RFC 8446 §7.1), the one key-derivation step that both TLS 1.3's key
// schedule and QUIC's packet protection (RFC 9001 §5.1) are built from.
import { hkdf, extract, expand } from '@noble/hashes/hkdf.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';

/** A hash function as noble exposes it (sha256, sha384). */
export type Hash = typeof sha256 | typeof sha384;

export { hkdf, sha256, sha384 };

/** HKDF-Extract(salt, IKM) (RFC 5869 §2.2). */
export function hkdfExtract(hash: Hash, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return extract(hash, ikm, salt);
}

const encoder = new TextEncoder();

/**
 * HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length), with
 *   struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; } HkdfLabel;
 */
export function hkdfExpandLabel(hash: Hash, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  const fullLabel = encoder.encode('tls13 ' + label);
  const info = new Uint8Array(2 + 1 + fullLabel.length + 1 + context.length);
  info[0] = length >> 8;
  info[1] = length & 0xff;
  info[2] = fullLabel.length;
  info.set(fullLabel, 3);
  info[3 + fullLabel.length] = context.length;
  info.set(context, 4 + fullLabel.length);
  return expand(hash, secret, info, length);
}
