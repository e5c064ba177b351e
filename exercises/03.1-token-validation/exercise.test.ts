// Exercise 03.1's unit tests: validateToken of a real server (handshakeIdleTimeout 5 s, so a
// Retry token lives 10 s; maxTokenAge unset, so 0 as at quic-go v0.47.0, or 24 h), on tokens
// written by hand.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Token } from '../../src/internal/handshake/token_generator.ts';
import type { Listener } from '../../src/server.ts';
import { listen } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const client = { address: '127.0.0.1', port: 50000, family: 'IPv4' as const };
const second = 1000;
const hour = 3600 * second;
const token = (isRetryToken: boolean, ageMs: number, address = '127.0.0.1'): Token => ({
  isRetryToken,
  sentTime: Date.now() - ageMs,
  encodedRemoteAddr: address,
});

let ln: Listener;
afterEach(() => ln?.close());
const server = async () => (ln = await listen({ config: { handshakeIdleTimeout: 5 * second } })).baseServer;

describe('validateToken', () => {
  it('accepts a fresh Retry token from the address it was issued to', async () => {
    const s = await server();
    expect(s.validateToken(token(true, 100), client)).toBe(true);
    expect(s.validateToken(token(true, 100), { ...client, port: 50001 }), 'only the IP counts: a NAT may change the port').toBe(true);
  });

  it('rejects a token issued to another address', async () => {
    const s = await server();
    expect(s.validateToken(token(true, 100, '192.0.2.7'), client)).toBe(false);
    expect(s.validateToken(token(false, 100, '192.0.2.7'), client)).toBe(false);
  });

  it('a Retry token expires after 2 × handshakeIdleTimeout', async () => {
    const s = await server();
    expect(s.validateToken(token(true, 9 * second), client)).toBe(true);
    expect(s.validateToken(token(true, 11 * second), client)).toBe(false);
    expect(s.validateToken(token(true, hour), client)).toBe(false);
  });

  it('a NEW_TOKEN token lives up to maxTokenAge', async () => {
    expect((await server()).validateToken(token(false, second), client), 'maxTokenAge unset is 0 (transport.go:188)').toBe(false);
    ln.close();
    ln = await listen({ config: { handshakeIdleTimeout: 5 * second }, transport: { maxTokenAge: 24 * hour } });
    const s = ln.baseServer;
    expect(s.validateToken(token(false, hour), client)).toBe(true);
    expect(s.validateToken(token(false, 23 * hour), client)).toBe(true);
    expect(s.validateToken(token(false, 25 * hour), client)).toBe(false);
  });
});
