// Address-validation tokens and session tickets: both are nonce ‖ AES-256-GCM(key, nonce, data).
// Each must open what it sealed, refuse anything altered or sealed under another key, and keep the
// standard GCM layout (noble's gcm() opens them too).
import { gcm } from '@noble/ciphers/aes.js';
import { describe, expect, it } from 'vitest';
import { TokenGenerator, validateRemoteAddr } from '../../../src/internal/handshake/token_generator.ts';
import { openTicket, sealTicket, type SessionState } from '../../../src/internal/tls/session_ticket.ts';
import { randomBytes } from '../../../src/internal/utils/rand.ts';
import type { UDPAddr } from '../../../src/sys_conn.ts';

const addr: UDPAddr = { address: '192.0.2.7', port: 4433, family: 'IPv4' };

/** Each single-bit change in turn, at a spread of positions. */
function* altered(data: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < data.length; i += 5) {
    const copy = data.slice();
    copy[i]! ^= 1 << i % 8;
    yield copy;
  }
}

describe('TokenGenerator', () => {
  const key = randomBytes(32);
  const tokens = new TokenGenerator(key, () => 1_700_000_000_000);

  it('opens its Retry and NEW_TOKEN tokens with what it put in', () => {
    const retry = tokens.decodeToken(tokens.newRetryToken(addr, Uint8Array.of(1, 2, 3, 4), Uint8Array.of(9, 8)));
    expect(retry).toMatchObject({ isRetryToken: true, sentTime: 1_700_000_000_000 });
    expect(Uint8Array.from(retry!.originalDestConnectionID!)).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(Uint8Array.from(retry!.retrySrcConnectionID!)).toEqual(Uint8Array.of(9, 8));
    expect(validateRemoteAddr(retry!, addr)).toBe(true);
    const next = tokens.decodeToken(tokens.newToken(addr));
    expect(next).toMatchObject({ isRetryToken: false, sentTime: 1_700_000_000_000 });
    expect(validateRemoteAddr(next!, { ...addr, address: '192.0.2.8' })).toBe(false);
  });

  it('refuses altered, truncated and foreign tokens', () => {
    const token = tokens.newToken(addr);
    for (const bad of altered(token)) expect(tokens.decodeToken(bad)).toBeUndefined();
    expect(tokens.decodeToken(token.subarray(0, token.length - 1))).toBeUndefined();
    expect(tokens.decodeToken(token.subarray(0, 12 + 16))).toBeUndefined();
    expect(new TokenGenerator(randomBytes(32)).decodeToken(token)).toBeUndefined();
  });

  it('seals with standard AES-256-GCM: nonce ‖ ciphertext ‖ tag', () => {
    const token = tokens.newToken(addr);
    const plain = gcm(key, token.subarray(0, 12)).decrypt(token.subarray(12));
    expect(JSON.parse(new TextDecoder().decode(plain))).toMatchObject({ r: false, a: addr.address });
  });
});

describe('session tickets', () => {
  const key = randomBytes(32);
  const state: SessionState = { cipherSuite: 0x1301, createdAt: 1_700_000_000_123, psk: randomBytes(32), alpn: 'HLD', ageAdd: 0xdeadbeef, lifetime: 604_800_000, earlyData: true, extra: Uint8Array.of(4, 1, 2, 3) };

  it('opens what it sealed, and only under the same key', () => {
    const ticket = sealTicket(key, state);
    expect(openTicket(key, ticket)).toEqual(state);
    expect(openTicket(randomBytes(32), ticket)).toBeUndefined();
    for (const bad of altered(ticket)) expect(openTicket(key, bad)).toBeUndefined();
    expect(openTicket(key, ticket.subarray(0, 12))).toBeUndefined();
  });

  it('seals with standard AES-256-GCM: nonce ‖ ciphertext ‖ tag', () => {
    const ticket = sealTicket(key, state);
    expect(gcm(key, ticket.subarray(0, 12)).decrypt(ticket.subarray(12)).length).toBe(ticket.length - 12 - 16);
  });
});
