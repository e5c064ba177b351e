// Shared helpers for the wire tests.
import { expect } from 'vitest';
import { TransportError } from '../../../src/internal/qerr/errors.ts';

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** Runs fn and returns the TransportError it throws (failing the test if it throws anything else or nothing). */
export function transportErrorOf(fn: () => unknown): TransportError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TransportError);
    return e as TransportError;
  }
  throw new Error('expected a TransportError, but nothing was thrown');
}
