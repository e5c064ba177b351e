// The three TLS 1.3 cipher suites QUIC uses (RFC 8446 §B.4, RFC 9001 §5.3). The handshake only
// needs each suite's hash (for the key schedule and transcript); the QUIC layer builds the AEADs
// from the secrets and the suite id.
import { sha256, sha384, type Hash } from '../handshake/hkdf.ts';

export interface cipherSuiteTLS13 {
  readonly id: number;
  readonly name: string;
  readonly keyLen: number;
  readonly hash: Hash;
}

export const TLS_AES_128_GCM_SHA256 = 0x1301;
export const TLS_AES_256_GCM_SHA384 = 0x1302;
export const TLS_CHACHA20_POLY1305_SHA256 = 0x1303;

const cipherSuitesTLS13: readonly cipherSuiteTLS13[] = [
  { id: TLS_AES_128_GCM_SHA256, name: 'TLS_AES_128_GCM_SHA256', keyLen: 16, hash: sha256 },
  { id: TLS_AES_256_GCM_SHA384, name: 'TLS_AES_256_GCM_SHA384', keyLen: 32, hash: sha384 },
  { id: TLS_CHACHA20_POLY1305_SHA256, name: 'TLS_CHACHA20_POLY1305_SHA256', keyLen: 32, hash: sha256 },
];

/** Our preference when the configuration gives none. */
export const defaultCipherSuitesTLS13: readonly number[] = cipherSuitesTLS13.map((s) => s.id);

export function cipherSuiteTLS13ByID(id: number): cipherSuiteTLS13 | undefined {
  return cipherSuitesTLS13.find((s) => s.id === id);
}

/** The first suite in `preference` that `offered` contains (Go's mutualCipherSuiteTLS13). */
export function mutualCipherSuiteTLS13(preference: readonly number[], offered: readonly number[]): cipherSuiteTLS13 | undefined {
  const id = preference.find((p) => offered.includes(p));
  return id === undefined ? undefined : cipherSuiteTLS13ByID(id);
}
