// Address-validation tokens (RFC 9000 §8.1.2–8.1.3; quic-go: internal/handshake/token_generator.go
// and token_protector.go). A token is opaque to the client: we seal what we need to check later
// (the client's address, when we issued it, and for a Retry the connection IDs of RFC 9000 §7.3)
// with AES-256-GCM under a key only the server knows.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { randomBytes } from '../utils/rand.ts';
import { newAEAD, type AEAD } from '../crypto/crypto_backend.ts';
import type { ConnectionID } from '../protocol/protocol.ts';
import type { UDPAddr } from '../utils/udp_addr.ts';

/** The 32-byte key tokens are sealed with (quic-go's TokenGeneratorKey). */
export type TokenGeneratorKey = Uint8Array;

export interface Token {
  isRetryToken: boolean;
  /** ms since the epoch, when the token was issued */
  sentTime: number;
  encodedRemoteAddr: string;
  /** Retry tokens only: the DCID of the client's first Initial and the SCID of our Retry. */
  originalDestConnectionID?: ConnectionID;
  retrySrcConnectionID?: ConnectionID;
}

const nonceLen = 12;
const noAAD = new Uint8Array(0);
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Only the IP counts: a NAT may change the port between connections. */
function encodeRemoteAddr(addr: UDPAddr): string {
  return addr.address;
}

export class TokenGenerator {
  /** The key's AES-256-GCM, expanded once: the server seals a token for every connection. */
  private readonly aead: AEAD;

  constructor(
    key: TokenGeneratorKey,
    private readonly now: () => number = Date.now,
  ) {
    if (key.length !== 32) throw new Error('token generator key must be 32 bytes');
    this.aead = newAEAD('aes-gcm', key, 'noble');
  }

  newRetryToken(raddr: UDPAddr, origDestConnID: ConnectionID, retrySrcConnID: ConnectionID): Uint8Array {
    return this.seal({
      isRetryToken: true,
      sentTime: this.now(),
      encodedRemoteAddr: encodeRemoteAddr(raddr),
      originalDestConnectionID: origDestConnID,
      retrySrcConnectionID: retrySrcConnID,
    });
  }

  /** A token for a NEW_TOKEN frame, for the client's next connection. */
  newToken(raddr: UDPAddr): Uint8Array {
    return this.seal({ isRetryToken: false, sentTime: this.now(), encodedRemoteAddr: encodeRemoteAddr(raddr) });
  }

  /** undefined if the token is not one of ours (forged, corrupted or from another key). */
  decodeToken(data: Uint8Array): Token | undefined {
    if (data.length < nonceLen + 16 + 1) return undefined;
    const plain = this.aead.open(data.subarray(0, nonceLen), data.subarray(nonceLen), noAAD);
    if (!plain) return undefined;
    try {
      const t = JSON.parse(decoder.decode(plain)) as { r: boolean; t: number; a: string; o?: string; s?: string };
      return {
        isRetryToken: t.r,
        sentTime: t.t,
        encodedRemoteAddr: t.a,
        originalDestConnectionID: t.o === undefined ? undefined : hexToBytes(t.o),
        retrySrcConnectionID: t.s === undefined ? undefined : hexToBytes(t.s),
      };
    } catch {
      return undefined;
    }
  }

  private seal(t: Token): Uint8Array {
    const payload = encoder.encode(
      JSON.stringify({
        r: t.isRetryToken,
        t: t.sentTime,
        a: t.encodedRemoteAddr,
        o: t.originalDestConnectionID && bytesToHex(t.originalDestConnectionID),
        s: t.retrySrcConnectionID && bytesToHex(t.retrySrcConnectionID),
      }),
    );
    const nonce = randomBytes(nonceLen);
    const sealed = this.aead.seal(nonce, payload, noAAD);
    const out = new Uint8Array(nonceLen + sealed.length);
    out.set(nonce);
    out.set(sealed, nonceLen);
    return out;
  }
}

/** Does the token belong to this client address? (quic-go's Token.ValidateRemoteAddr) */
export function validateRemoteAddr(t: Token, addr: UDPAddr): boolean {
  return t.encodedRemoteAddr === encodeRemoteAddr(addr);
}
