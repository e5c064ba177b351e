// ECDSA nonces by RFC 6979 §3.2: k from HMAC-DRBG (NIST SP 800-90A §10.1.2) keyed by the private
// key and the message hash, with the additional data k' of §3.6 ("hedged" signatures: fresh
// random bytes mixed in, so that a fault cannot be repeated on the same k). Here for P-256 with
// HMAC-SHA-256, where qlen = hlen = 256 bits: each candidate T is one HMAC output.
import { HMACSHA256 } from '../hmac_sha256.ts';
import { n } from '../p256.ts';
import { bytesToBigInt } from './big_endian.ts';

/**
 * The candidates k of RFC 6979 §3.2 step h, in order: each call returns the next one in [1, n)
 * (a candidate out of range is skipped, as step h.3 says). A caller that cannot use a k (r = 0
 * or s = 0) calls again. `x` is int2octets(x), the private key; `h1` is bits2octets(h1), the
 * hash reduced mod n; both 32 bytes.
 */
export function nonceGenerator(x: Uint8Array, h1: Uint8Array, extra: Uint8Array = new Uint8Array(0)): () => bigint {
  let V: Uint8Array = new Uint8Array(32).fill(1); //                    step b
  let K = new HMACSHA256(new Uint8Array(32)); //                        step c
  const seed = (separator: number) => {
    const m = new Uint8Array(97 + extra.length); // V ‖ separator ‖ x ‖ h1 ‖ k'
    m.set(V);
    m[32] = separator;
    m.set(x, 33);
    m.set(h1, 65);
    m.set(extra, 97);
    return m;
  };
  K = new HMACSHA256(K.mac(seed(0x00))); //                              step d
  V = K.mac(V); //                                                        step e
  K = new HMACSHA256(K.mac(seed(0x01))); //                              step f
  V = K.mac(V); //                                                        step g
  let first = true;
  return () => {
    for (;;) {
      if (!first) {
        const m = new Uint8Array(33); //                                   step h.3, after a candidate
        m.set(V);
        K = new HMACSHA256(K.mac(m)); //                                   K = HMAC_K(V ‖ 0x00)
        V = K.mac(V);
      }
      first = false;
      V = K.mac(V); //                                                    step h.2: T = V
      const k = bytesToBigInt(V); //                                     bits2int(T)
      if (k >= 1n && k < n) return k;
    }
  };
}
