// HKDF-Expand-Label (RFC 8446 §7.1), the one key-derivation step that both TLS 1.3's key
// schedule and QUIC's packet protection (RFC 9001 §5.1) are built from.
//
// With SHA-256 (every Initial, and the default cipher suites) HKDF runs on our HMAC-SHA-256, which
// hashes a key's pads once: each secret keeps its HMAC, so deriving its key, IV and header
// protection key, or the next secret, costs two compressions each. SHA-384 goes through noble.
import { hkdf, extract, expand } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha384 } from '@noble/hashes/sha2.js';
import { getOrCreate } from '../utils/weak_cache.ts';
import { HMACSHA256 } from './hmac_sha256.ts';

/** A hash function as noble exposes it (sha256, sha384). */
export type Hash = typeof sha256 | typeof sha384;

export { hkdf, sha256, sha384 };

/** HKDF-Extract(salt, IKM) (RFC 5869 §2.2). */
export function hkdfExtract(hash: Hash, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hash === sha256 ? new HMACSHA256(salt).mac(ikm) : extract(hash, ikm, salt);
}

/** HMAC(key, message) with the suite's hash. */
export function hmacOf(hash: Hash, key: Uint8Array, message: Uint8Array): Uint8Array {
  return hash === sha256 ? keyedHMAC(key).mac(message) : hmac(hash, key, message);
}

/** Each secret's HMAC-SHA-256, kept as long as the secret is. */
const hmacs = new WeakMap<Uint8Array, HMACSHA256>();

const newHMAC = (key: Uint8Array): HMACSHA256 => new HMACSHA256(key);
const keyedHMAC = (key: Uint8Array): HMACSHA256 => getOrCreate(hmacs, key, newHMAC);

/** HKDF-Expand(PRK, info, L) (RFC 5869 §2.3). */
export function hkdfExpand(hash: Hash, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return hash === sha256 ? expandSHA256(prk, info, length) : expand(hash, prk, info, length);
}

/** HKDF-Expand over HMAC-SHA-256: T(i) = HMAC(PRK, T(i-1) ‖ info ‖ i). */
function expandSHA256(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (length > 255 * 32) throw new RangeError('HKDF-Expand: length above 255 hash lengths');
  const h = keyedHMAC(prk);
  // T(1) = HMAC(PRK, info ‖ 1): all that a key, an IV or a secret needs.
  const first = new Uint8Array(info.length + 1);
  first.set(info);
  first[info.length] = 1;
  const t1 = h.mac(first);
  if (length === 32) return t1;
  if (length < 32) return t1.slice(0, length);
  const out = new Uint8Array(length);
  out.set(t1);
  const message = new Uint8Array(32 + info.length + 1); // T(i-1) ‖ info ‖ i
  message.set(t1);
  message.set(info, 32);
  for (let i = 2, done = 32; done < length; i++) {
    message[message.length - 1] = i;
    const t = h.mac(message);
    out.set(length - done < 32 ? t.slice(0, length - done) : t, done);
    message.set(t);
    done += 32;
  }
  return out;
}

/** The empty Context of HKDF-Expand-Label: packet protection keys and traffic-secret updates derive with it. */
export const noContext = new Uint8Array(0);

const encoder = new TextEncoder();
/** "tls13 " + Label as bytes, per label: a handshake derives from a dozen labels some forty times. */
const fullLabels = new Map<string, Uint8Array>();

/** HkdfLabel ‖ 0x01 (at most 2 + 256 + 256 + 1 bytes), and T(1): scratch for the common case below. */
const labelScratch = new Uint8Array(515);
const digestScratch = new Uint8Array(32);

/**
 * HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length), with
 *   struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; } HkdfLabel;
 * Keys, IVs and secrets of SHA-256 suites are at most one HMAC output long: T(1) = HMAC(Secret,
 * HkdfLabel ‖ 1) (RFC 5869 §2.3) is computed in scratch, and only the result is allocated.
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
  if (hash === sha256 && length <= 32) {
    b[n] = 1;
    keyedHMAC(secret).macInto(b, n + 1, digestScratch);
    return digestScratch.slice(0, length);
  }
  return hkdfExpand(hash, secret, b.slice(0, n), length);
}
