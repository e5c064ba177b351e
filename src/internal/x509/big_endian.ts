// Unsigned big-endian bytes ↔ bigint, through Node's native hex codec: a byte at a time through
// bigint shifts costs two bigints per byte, some seventy per 32-byte scalar.

/** The non-negative integer whose big-endian bytes are `b` (non-empty). */
export function bytesToBigInt(b: Uint8Array): bigint {
  return BigInt('0x' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex'));
}

/** `value` (non-negative, below 2^(8·length)) as exactly `length` big-endian bytes. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  return hexBytes(value.toString(16).padStart(2 * length, '0'));
}

/** Bytes of an even-length hex string, as a plain Uint8Array. */
export function hexBytes(hex: string): Uint8Array {
  const b = Buffer.from(hex, 'hex');
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}
