// Exercise 03.1's unit tests: validateToken of a real server on a manual clock, on tokens written
// by hand. A token's age is measured on the server's clock; each limit is checked on both sides
// (exactly the limit is still valid, one millisecond more is not) and for several configurations.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Token } from '../../src/internal/handshake/token_generator.ts';
import { ManualClock } from '../../src/internal/utils/clock.ts';
import type { Listener } from '../../src/server.ts';
import { listen } from '../../chapters/00-setup-and-map/lab.ts';

vi.mock(import('../../src/server.ts'), async (importOriginal) =>
  (await import('../../scripts/course/impl.ts')).plugInto(import.meta.url, await importOriginal()),
);

const client = { address: '127.0.0.1', port: 50000, family: 'IPv4' as const };
const second = 1000;
const hour = 3600 * second;
/** Far from Date.now(): the server's clock is the one that counts. */
const clockStart = 10 * 365 * 24 * hour;
let clock: ManualClock;
const token = (isRetryToken: boolean, ageMs: number, address = '127.0.0.1'): Token => ({
  isRetryToken,
  sentTime: clock.wallTime() - ageMs,
  encodedRemoteAddr: address,
});

let ln: Listener | undefined;
afterEach(() => ln?.close());
async function server(handshakeIdleTimeout = 5 * second, maxTokenAge?: number) {
  ln?.close();
  clock = new ManualClock(clockStart);
  ln = await listen({ config: { handshakeIdleTimeout, clock }, transport: maxTokenAge === undefined ? { clock } : { clock, maxTokenAge } });
  return ln.baseServer;
}

describe('validateToken', () => {
  it('accepts a fresh Retry token from the address it was issued to', async () => {
    const s = await server();
    expect(s.validateToken(token(true, 100), client)).toBe(true);
    expect(s.validateToken(token(true, 0), client)).toBe(true);
    expect(s.validateToken(token(true, 100), { ...client, port: 50001 }), 'only the IP counts: a NAT may change the port').toBe(true);
  });

  it('rejects a token issued to another address', async () => {
    const s = await server(5 * second, 24 * hour);
    expect(s.validateToken(token(true, 100, '192.0.2.7'), client)).toBe(false);
    expect(s.validateToken(token(false, 100, '192.0.2.7'), client)).toBe(false);
  });

  it('a Retry token expires after 2 × handshakeIdleTimeout, whatever that is', async () => {
    for (const handshakeIdleTimeout of [5 * second, 50, 1234, 20 * second, 10 * 60 * second]) {
      const s = await server(handshakeIdleTimeout, 24 * hour);
      const limit = 2 * handshakeIdleTimeout;
      const at = `handshakeIdleTimeout ${handshakeIdleTimeout} ms`;
      expect(s.validateToken(token(true, limit), client), `${at}: exactly ${limit} ms old`).toBe(true);
      expect(s.validateToken(token(true, limit + 1), client), `${at}: ${limit + 1} ms old`).toBe(false);
      expect(s.validateToken(token(true, limit / 2), client), `${at}: ${limit / 2} ms old`).toBe(true);
      expect(s.validateToken(token(true, hour + limit), client)).toBe(false);
    }
  });

  it('a NEW_TOKEN token lives up to maxTokenAge, 0 when unset', async () => {
    expect((await server()).validateToken(token(false, second), client), 'maxTokenAge unset is 0 (transport.go:188)').toBe(false);
    for (const maxTokenAge of [24 * hour, hour, 90 * second]) {
      const s = await server(5 * second, maxTokenAge);
      const at = `maxTokenAge ${maxTokenAge} ms`;
      expect(s.validateToken(token(false, maxTokenAge), client), `${at}: exactly that old`).toBe(true);
      expect(s.validateToken(token(false, maxTokenAge + 1), client), `${at}: 1 ms older`).toBe(false);
      expect(s.validateToken(token(false, 30 * second), client), `${at}: 30 s old`).toBe(true);
      // …and a Retry token on the same server still has its own limit.
      expect(s.validateToken(token(true, 10 * second + 1), client), `${at}: a Retry token 10 s + 1 ms old`).toBe(false);
    }
  });
});
