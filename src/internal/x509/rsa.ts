// RSA signature verification (RFC 8017) on the noble backend, for the RSA certificates a client
// meets in the wild (the article's Go server has one) and for rsa_pss_rsae_* CertificateVerify
// signatures (RFC 8446 §4.2.3). The one primitive of the noble backend that is ours: noble has no
// RSA. It is kept small and public-key only: one BigInt modular exponentiation (RSAVP1, §5.2.2),
// then a check of the encoded message (EMSA-PSS §9.1.2, EMSA-PKCS1-v1_5 §9.2) on noble's SHA-2.
// Nothing secret goes through it, so timing is not a concern. The node backend verifies with
// node:crypto instead (signature_node.ts); both give the same verdicts on the edge cases in the tests.
import { bytesToNumberBE, equalBytes, numberToBytesBE } from '@noble/curves/utils.js';
import type { CHash } from '@noble/hashes/utils.js';
import { nullValue, octetString, sequence } from './asn1.ts';

export interface RsaPublicKey {
  n: bigint;
  e: bigint;
}

/** base^exponent mod modulus, by square-and-multiply. */
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/**
 * RSAVP1 (RFC 8017 §5.2.2) after the length check of §8.1.2/§8.2.2 step 1: the signature as an
 * integer s < n, raised to e. Returns the message representative m, or undefined if s is invalid.
 */
function rsavp1(key: RsaPublicKey, signature: Uint8Array): bigint | undefined {
  const k = Math.ceil(key.n.toString(2).length / 8);
  if (signature.length !== k) return undefined;
  const s = bytesToNumberBE(signature);
  if (s >= key.n) return undefined;
  return modPow(s, key.e, key.n);
}

/** MGF1 (RFC 8017 §B.2.1): Hash(seed ‖ counter) blocks, cut to `length`. */
function mgf1(hash: CHash, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const input = new Uint8Array(seed.length + 4);
  input.set(seed);
  for (let counter = 0, pos = 0; pos < length; counter++, pos += hash.outputLen) {
    new DataView(input.buffer).setUint32(seed.length, counter);
    out.set(hash(input).subarray(0, length - pos), pos);
  }
  return out;
}

/** RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) with EMSA-PSS-VERIFY (§9.1.2), MGF1 over the same hash. */
export function rsaVerifyPss(key: RsaPublicKey, hash: CHash, message: Uint8Array, signature: Uint8Array, saltLength = hash.outputLen): boolean {
  const m = rsavp1(key, signature);
  if (m === undefined) return false;
  const modBits = key.n.toString(2).length;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  // I2OSP(m, emLen) (§4.1) fails if m does not fit: then the signature is invalid.
  if (m >> BigInt(8 * emLen) !== 0n) return false;
  const em = numberToBytesBE(m, emLen);

  const hLen = hash.outputLen;
  const mHash = hash(message); // step 2
  if (emLen < hLen + saltLength + 2) return false; // step 3
  if (em[emLen - 1] !== 0xbc) return false; // step 4
  const maskedDB = em.subarray(0, emLen - hLen - 1); // step 5
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topBitsMask = 0xff >> (8 * emLen - emBits); // the bits of the first octet that are in use
  if (maskedDB[0] & ~topBitsMask) return false; // step 6
  const db = mgf1(hash, h, maskedDB.length).map((byte, i) => byte ^ maskedDB[i]); // steps 7–8
  db[0] &= topBitsMask; // step 9
  const psLen = emLen - hLen - saltLength - 2; // step 10: PS (zeros), then 0x01, then the salt
  if (db.subarray(0, psLen).some((b) => b !== 0) || db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - saltLength); // step 11
  const mPrime = new Uint8Array(8 + hLen + saltLength); // step 12: (0x)00 00 00 00 00 00 00 00 ‖ mHash ‖ salt
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + hLen);
  return equalBytes(hash(mPrime), h); // steps 13–14
}

/**
 * RSASSA-PKCS1-v1_5-VERIFY (RFC 8017 §8.2.2): encode the expected message with EMSA-PKCS1-v1_5
 * (§9.2) and compare, as the RFC recommends, instead of parsing what the signature holds.
 */
export function rsaVerifyPkcs1v15(key: RsaPublicKey, hash: CHash, message: Uint8Array, signature: Uint8Array): boolean {
  const m = rsavp1(key, signature);
  if (m === undefined || !hash.oid) return false;
  const k = signature.length;
  // DigestInfo ::= SEQUENCE { AlgorithmIdentifier { hash OID, NULL }, OCTET STRING digest }
  const t = sequence(sequence(hash.oid, nullValue()), octetString(hash(message)));
  if (k < t.length + 11) return false;
  // EM = 0x00 ‖ 0x01 ‖ PS (0xff…, at least 8) ‖ 0x00 ‖ T
  const em = new Uint8Array(k).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[k - t.length - 1] = 0x00;
  em.set(t, k - t.length);
  return equalBytes(numberToBytesBE(m, k), em);
}
