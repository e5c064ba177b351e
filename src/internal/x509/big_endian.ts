// Unsigned big-endian bytes ↔ bigint, through hex (noble's codec): a byte at a time through
// bigint shifts costs two bigints per byte, some seventy per 32-byte scalar.

import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

/** The non-negative integer whose big-endian bytes are `b` (non-empty). */
export function bytesToBigInt(b: Uint8Array): bigint {
  return BigInt('0x' + bytesToHex(b));
}

/** `value` (non-negative, below 2^(8·length)) as exactly `length` big-endian bytes. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  return hexBytes(value.toString(16).padStart(2 * length, '0'));
}

/** Bytes of an even-length hex string, as a plain Uint8Array. */
export function hexBytes(hex: string): Uint8Array {
  return hexToBytes(hex);
}
