// NEW_TOKEN tokens and Transport.maxTokenAge as at quic-go v0.47.0: Listen passes an unset
// MaxTokenAge as 0 (transport.go:188), so validateToken rejects every NEW_TOKEN token
// (server.go:546); a set MaxTokenAge makes them valid for that long (RFC 9000 §8.1.3).
import { afterEach, describe, expect, it } from 'vitest';
import type { Token } from '../src/internal/handshake/token_generator.ts';
import type { Listener } from '../src/server.ts';
import { listen } from '../chapters/00-setup-and-map/lab.ts';

const client = { address: '127.0.0.1', port: 50000, family: 'IPv4' as const };
const hour = 3600_000;
const newToken = (ageMs: number): Token => ({ isRetryToken: false, sentTime: Date.now() - ageMs, encodedRemoteAddr: '127.0.0.1' });

let ln: Listener | undefined;
afterEach(() => ln?.close());

describe('NEW_TOKEN token age (quic-go v0.47.0)', () => {
  it('an unset maxTokenAge is 0: a NEW_TOKEN token of a second ago is rejected', async () => {
    ln = await listen({ transport: {} });
    expect(ln.baseServer.maxTokenAge).toBe(0);
    expect(ln.baseServer.validateToken(newToken(1000), client)).toBe(false);
  });

  it('a set maxTokenAge keeps a NEW_TOKEN token valid that long', async () => {
    ln = await listen({ transport: { maxTokenAge: 24 * hour } });
    expect(ln.baseServer.validateToken(newToken(23 * hour), client)).toBe(true);
    expect(ln.baseServer.validateToken(newToken(25 * hour), client)).toBe(false);
  });
});
