// Session resumption state (RFC 8446 §4.6.1, §2.2). The server keeps no state: the ticket it
// sends is its session state, sealed with AES-256-GCM under the server's ticket key, so only it
// can open it (RFC 5077 §4's idea, as Go's ticket.go does). The client stores the ticket beside
// the PSK it stands for, and offers both in its next ClientHello.
import { randomBytes } from '../utils/rand.ts';
import { getOrCreate } from '../utils/weak_cache.ts';
import { newAEAD, type AEAD } from '../crypto/crypto_backend.ts';
import type { Certificate } from '../x509/index.ts';
import { VersionTLS13 } from './common.ts';
import type { ClientSessionState, TLSConfig } from './config.ts';

export type { ClientSessionState };
import { ByteReader, ByteWriter } from './cryptobyte.ts';

/** What a server needs to resume: sealed into the ticket. */
export interface SessionState {
  cipherSuite: number;
  /** ms since the epoch. */
  createdAt: number;
  /** The resumption PSK (not the resumption master secret). */
  psk: Uint8Array;
  alpn: string;
  ageAdd: number;
  /** ms */
  lifetime: number;
  /** The ticket allows 0-RTT (we announced max_early_data_size, RFC 9001 §4.6.1). */
  earlyData: boolean;
  /** The QUIC layer's data (Go: SessionState.Extra): its transport parameters for 0-RTT. */
  extra: Uint8Array;
}

const ticketNonceSize = 12;
const ticketKeys = new WeakMap<TLSConfig, Uint8Array>();
/** Each ticket key's AES-256-GCM, expanded once: a server seals a ticket for every connection. */
const ticketAEADs = new WeakMap<Uint8Array, AEAD>();
const noAAD = new Uint8Array(0);

const ticketAEAD = (key: Uint8Array): AEAD => getOrCreate(ticketAEADs, key, (k) => newAEAD('aes-gcm', k, 'noble'));

/** The configured ticket key, or one made at random the first time a config needs one. */
export function sessionTicketKeyOf(config: TLSConfig): Uint8Array {
  return config.sessionTicketKey ?? getOrCreate(ticketKeys, config, () => randomBytes(32));
}

/** ticket = nonce || AES-256-GCM(key, nonce, state) */
export function sealTicket(key: Uint8Array, state: SessionState): Uint8Array {
  const plaintext = new ByteWriter()
    .u16(VersionTLS13)
    .u16(state.cipherSuite)
    .u32(Math.floor(state.createdAt / 2 ** 32))
    .u32(state.createdAt >>> 0)
    .vec8((w) => w.bytes(state.psk))
    .vec8((w) => w.bytes(new TextEncoder().encode(state.alpn)))
    .u32(state.ageAdd)
    .u32(state.lifetime)
    .u8(state.earlyData ? 1 : 0)
    .vec16((w) => w.bytes(state.extra))
    .finish();
  const nonce = randomBytes(ticketNonceSize);
  const sealed = ticketAEAD(key).seal(nonce, plaintext, noAAD);
  const ticket = new Uint8Array(nonce.length + sealed.length);
  ticket.set(nonce);
  ticket.set(sealed, nonce.length);
  return ticket;
}

/** The state in a ticket we sealed, or undefined for any other ticket (a full handshake follows). */
export function openTicket(key: Uint8Array, ticket: Uint8Array): SessionState | undefined {
  if (ticket.length <= ticketNonceSize) return undefined;
  try {
    const plaintext = ticketAEAD(key).open(ticket.subarray(0, ticketNonceSize), ticket.subarray(ticketNonceSize), noAAD);
    if (!plaintext) return undefined;
    const r = new ByteReader(plaintext);
    if (r.u16() !== VersionTLS13) return undefined;
    const state: SessionState = {
      cipherSuite: r.u16(),
      createdAt: r.u32() * 2 ** 32 + r.u32(),
      psk: r.vec8(),
      alpn: new TextDecoder().decode(r.vec8()),
      ageAdd: r.u32(),
      lifetime: r.u32(),
      earlyData: r.u8() === 1,
      extra: r.vec16(),
    };
    r.expectEnd('session state');
    return state;
  } catch {
    return undefined; // another key, a forged or a damaged ticket
  }
}

/** obfuscated_ticket_age = (age in ms + ticket_age_add) mod 2^32 (RFC 8446 §4.2.11.1). */
export function obfuscatedTicketAge(session: ClientSessionState, now: number): number {
  return (now - session.receivedAt + session.ageAdd) >>> 0;
}
