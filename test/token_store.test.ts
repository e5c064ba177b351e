// The client's token store (token_store.ts, quic-go token_store.go): the newest token of a server
// first, each token handed out once (RFC 9000 §8.1.3), the least recently used server forgotten.
import { describe, expect, it } from 'vitest';
import { newLRUTokenStore, type ClientToken, type TokenStore } from '../src/token_store.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../src/cmd/serve.ts';
import { systemClock } from '../src/internal/utils/clock.ts';
import { listenUDP } from '../src/sys_conn.ts';
import { Transport, type TransportOptions } from '../src/transport.ts';
import { dial, listen, serverTLS, within } from '../chapters/00-setup-and-map/lab.ts';
import { runPeer } from './peers/process.ts';

const token = (n: number): ClientToken => ({ data: Uint8Array.of(n) });
const popped = (s: ReturnType<typeof newLRUTokenStore>, key: string) => s.pop(key)?.data[0];

describe('newLRUTokenStore: the tokens of one server', () => {
  it('hands out the newest token first, each once', () => {
    const s = newLRUTokenStore(1, 3);
    s.put('a', token(1));
    s.put('a', token(2));
    expect([popped(s, 'a'), popped(s, 'a'), popped(s, 'a')]).toEqual([2, 1, undefined]);
  });

  it('overwrites the oldest token once the server has tokensPerOrigin', () => {
    const s = newLRUTokenStore(1, 3);
    for (let i = 1; i <= 5; i++) s.put('a', token(i));
    expect([popped(s, 'a'), popped(s, 'a'), popped(s, 'a'), popped(s, 'a')]).toEqual([5, 4, 3, undefined]);
  });

  it('keeps the order across pops and puts', () => {
    const s = newLRUTokenStore(1, 4);
    for (let i = 1; i <= 3; i++) s.put('a', token(i));
    expect(popped(s, 'a')).toBe(3);
    s.put('a', token(4));
    s.put('a', token(5));
    expect([popped(s, 'a'), popped(s, 'a'), popped(s, 'a'), popped(s, 'a'), popped(s, 'a')]).toEqual([5, 4, 2, 1, undefined]);
  });
});

describe('newLRUTokenStore: several servers', () => {
  it('keeps each server apart', () => {
    const s = newLRUTokenStore(2, 1);
    s.put('a', token(1));
    s.put('b', token(2));
    expect([popped(s, 'b'), popped(s, 'a'), popped(s, 'a'), popped(s, 'b')]).toEqual([2, 1, undefined, undefined]);
  });

  it('forgets the least recently used server when a new one comes', () => {
    const s = newLRUTokenStore(3, 1);
    for (let i = 1; i <= 4; i++) s.put(`h${i}`, token(i));
    expect([popped(s, 'h1'), popped(s, 'h2'), popped(s, 'h3'), popped(s, 'h4')]).toEqual([undefined, 2, 3, 4]);
  });

  it('a put makes a server the most recent', () => {
    const s = newLRUTokenStore(3, 2);
    for (let i = 1; i <= 3; i++) s.put(`h${i}`, token(i));
    s.put('h1', token(11)); // h1 is now newer than h2
    s.put('h4', token(4)); // so h2 goes
    expect([popped(s, 'h2'), popped(s, 'h1'), popped(s, 'h1'), popped(s, 'h3'), popped(s, 'h4')]).toEqual([undefined, 11, 1, 3, 4]);
  });

  it('a pop makes a server the most recent', () => {
    const s = newLRUTokenStore(3, 2);
    s.put('h1', token(1));
    s.put('h1', token(11));
    s.put('h2', token(2));
    s.put('h3', token(3));
    expect(popped(s, 'h1')).toBe(11); // h1 is now newer than h2
    s.put('h4', token(4)); // so h2 goes
    expect([popped(s, 'h2'), popped(s, 'h1'), popped(s, 'h3'), popped(s, 'h4')]).toEqual([undefined, 1, 3, 4]);
  });

  it('a server whose last token was taken no longer counts against maxOrigins', () => {
    const s = newLRUTokenStore(3, 1);
    for (let i = 1; i <= 3; i++) s.put(`h${i}`, token(i));
    expect(popped(s, 'h2')).toBe(2);
    s.put('h4', token(4)); // room for h4 without forgetting h1
    expect([popped(s, 'h1'), popped(s, 'h3'), popped(s, 'h4')]).toEqual([1, 3, 4]);
  });
});

describe('newLRUTokenStore: its sizes', () => {
  it.each([
    [0, 1],
    [1, 0],
    [-1, 1],
    [1.5, 1],
    [1, Number.NaN],
  ])('refuses maxOrigins %s, tokensPerOrigin %s with a RangeError', (origins, perOrigin) => {
    expect(() => newLRUTokenStore(origins, perOrigin)).toThrow(RangeError);
  });
});

describe('a returning client (Config.tokenStore, RFC 9000 §8.1.3)', () => {
  /** A store that says when the client has put a token in it. */
  function watchedStore() {
    const store = newLRUTokenStore(4, 2);
    const puts: string[] = [];
    let wake: (() => void) | undefined;
    const tokenPut = () => (puts.length > 0 ? Promise.resolve() : new Promise<void>((r) => (wake = r)));
    const s: TokenStore = {
      pop: (key) => store.pop(key),
      put: (key, t) => {
        puts.push(key);
        store.put(key, t);
        wake?.();
      },
    };
    return { s, puts, tokenPut };
  }

  /**
   * Two connections with one store: what the server's validateToken said of each token it got, and
   * what getConfigForClient was told about each client's address.
   */
  async function twoConnections(transport: TransportOptions) {
    const addrVerified: boolean[] = [];
    const validated: boolean[] = [];
    const ln = await listen({ transport, config: { getConfigForClient: (info) => (addrVerified.push(info.addrVerified), {}) } });
    const validateToken = ln.baseServer.validateToken.bind(ln.baseServer);
    ln.baseServer.validateToken = (token, addr) => {
      validated.push(validateToken(token, addr));
      return validated.at(-1)!;
    };
    const { s, puts, tokenPut } = watchedStore();
    try {
      const first = await dial(ln, { tokenStore: s });
      await within(tokenPut(), 5000, 'NEW_TOKEN');
      const second = await dial(ln, { tokenStore: s });
      first.closeWithError(0, '');
      second.closeWithError(0, '');
    } finally {
      ln.close();
    }
    return { addrVerified, validated, puts };
  }

  it('keeps the NEW_TOKEN token under the server name and presents it next time: accepted with maxTokenAge set', async () => {
    const { addrVerified, validated, puts } = await twoConnections({ maxTokenAge: 3600_000 });
    expect(puts[0]).toBe('127.0.0.1'); // the server name dial sets from the address (transport.go:537-554)
    expect(validated).toEqual([true]); // only the second Initial carried a token
    expect(addrVerified).toEqual([false, true]);
  });

  it('presents it to a v0.47.0 server with maxTokenAge unset, which ignores it (server.go:546, 591-595)', async () => {
    const { addrVerified, validated } = await twoConnections({});
    expect(validated).toEqual([false]);
    expect(addrVerified).toEqual([false, false]);
  });
});

describe('npm run client -- --0rtt: the resumed connection presents the first one\'s token', () => {
  const repo = fileURLToPath(new URL('../', import.meta.url));
  const tsx = join(repo, 'node_modules', '.bin', 'tsx');

  /** An early HLD server on a Transport with `transport`'s options; what its validateToken said. */
  async function earlyServer(transport: TransportOptions) {
    const conn = await listenUDP('127.0.0.1:0', systemClock);
    const ln = new Transport(conn, transport, true, true).ListenEarly(serverTLS(), { allow0RTT: true });
    const validated: boolean[] = [];
    const validateToken = ln.baseServer.validateToken.bind(ln.baseServer);
    ln.baseServer.validateToken = (token, addr) => {
      validated.push(validateToken(token, addr));
      return validated.at(-1)!;
    };
    void serve(ln, { outDir: tmpdir(), maxUpload: 1 << 20 });
    return { ln, validated };
  }

  it.each([
    ['accepted with maxTokenAge set', { maxTokenAge: 3600_000 }, [true]],
    ['ignored at v0.47.0\'s default', {}, [false]],
  ])('%s', async (_, transport, expected) => {
    const { ln, validated } = await earlyServer(transport);
    try {
      const r = await runPeer(tsx, ['src/cmd/hld-client.ts', '--addr', `127.0.0.1:${ln.addr().port}`, '--0rtt', 'hello'], 30_000, { cwd: repo });
      expect(r.stdout, r.stderr).toBe('echo: hello\n0-RTT used\n');
      expect(validated).toEqual(expected); // only the resumed connection's Initial carried a token
    } finally {
      ln.close();
    }
  });
});
