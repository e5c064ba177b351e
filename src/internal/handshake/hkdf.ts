// HKDF-Expand-Label (RFC 8446 §7.1), the one key-derivation step that both TLS 1.3's key
// schedule and QUIC's packet protection (RFC 9001 §5.1) are built from, on @noble/hashes' HMAC,
// HKDF and SHA-2 (for both backends: a handshake derives a few dozen keys, a negligible cost).
//
// A secret is expanded several times (key, IV, header-protection key, next secret), so each secret
// keeps noble's HMAC keyed with it (`hmac.create`: the key's inner and outer pads hashed once), and
// each expansion runs on a clone of that state (`_cloneInto`, as noble's own HKDF-Expand does per block).
import { extract, expand } from '@noble/hashes/hkdf.js';
import { hmac, type _HMAC } from '@noble/hashes/hmac.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { getOrCreate } from '../utils/weak_cache.ts';

/** A hash function as noble exposes it (sha256, sha384). */
export type Hash = typeof sha256 | typeof sha384;

export { sha256, sha384 };

/** noble types an HMAC by its hash's class; either hash will do here. */
type HMACState = _HMAC<any>;

/** noble's HMAC under one key, reusable: each MAC starts from a copy of the keyed state. */
export class KeyedHMAC {
  private readonly keyed: HMACState;
  private scratch: HMACState | undefined;

  constructor(
    readonly hash: Hash,
    key: Uint8Array,
  ) {
    this.keyed = hmac.create(hash, key);
  }

  /** HMAC(key, message) into `out` (at least the hash's length; a new array by default). */
  mac(message: Uint8Array, out: Uint8Array = new Uint8Array(this.hash.outputLen)): Uint8Array {
    const h = (this.scratch = this.keyed._cloneInto(this.scratch));
    h.update(message).digestInto(out);
    return out;
  }
}

/** Each secret's keyed HMAC, kept as long as the secret is. */
const hmacs = new WeakMap<Uint8Array, KeyedHMAC>();

function keyedHMAC(hash: Hash, key: Uint8Array): KeyedHMAC {
  const h = getOrCreate(hmacs, key, (k) => new KeyedHMAC(hash, k));
  return h.hash === hash ? h : new KeyedHMAC(hash, key); // the same bytes under another hash: not cached
}

/** HKDF-Extract(salt, IKM) (RFC 5869 §2.2). */
export function hkdfExtract(hash: Hash, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return extract(hash, ikm, salt);
}

/** HMAC(key, message) with the suite's hash. */
export function hmacOf(hash: Hash, key: Uint8Array, message: Uint8Array): Uint8Array {
  return keyedHMAC(hash, key).mac(message);
}

/** HKDF-Expand(PRK, info, L) (RFC 5869 §2.3). */
export function hkdfExpand(hash: Hash, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return expand(hash, prk, info, length);
}

/** The empty Context of HKDF-Expand-Label: packet protection keys and traffic-secret updates derive with it. */
export const noContext = new Uint8Array(0);

const encoder = new TextEncoder();
/** "tls13 " + Label as bytes, per label: a handshake derives from a dozen labels some forty times. */
const fullLabels = new Map<string, Uint8Array>();

/** HkdfLabel ‖ 0x01 (at most 2 + 256 + 256 + 1 bytes), and T(1): scratch for the common case below. */
const labelScratch = new Uint8Array(515);
const digestScratch = new Uint8Array(64);

/**
 * HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length), with
 *   struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; } HkdfLabel;
 * Keys, IVs and secrets are at most one HMAC output long: then the output is T(1) = HMAC(Secret,
 * HkdfLabel ‖ 0x01) (RFC 5869 §2.3), computed with the secret's keyed HMAC; longer ones go
 * through noble's HKDF-Expand.
 */
export function hkdfExpandLabel(hash: Hash, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  let fullLabel = fullLabels.get(label);
  if (!fullLabel) fullLabels.set(label, (fullLabel = encoder.encode('tls13 ' + label)));
  const b = labelScratch;
  b[0] = length >> 8;
  b[1] = length & 0xff;
  b[2] = fullLabel.length;
  b.set(fullLabel, 3);
  let n = 3 + fullLabel.length;
  b[n++] = context.length;
  b.set(context, n);
  n += context.length;
  if (length > hash.outputLen) return hkdfExpand(hash, secret, b.slice(0, n), length);
  b[n] = 1;
  keyedHMAC(hash, secret).mac(b.subarray(0, n + 1), digestScratch);
  return digestScratch.slice(0, length);
}
