// The client's store of NEW_TOKEN tokens (quic-go: token_store.go; the TokenStore interface and
// ClientToken are in interface.go). A server hands out tokens in NEW_TOKEN frames (RFC 9000
// §19.7); the client keeps them per server and puts one in the Initial of a later connection to
// the same server, so that the server may skip address validation (RFC 9000 §8.1.3).

/** A token received in a NEW_TOKEN frame (interface.go ClientToken). */
export interface ClientToken {
  readonly data: Uint8Array;
}

/**
 * Where a client keeps its tokens (interface.go TokenStore). The key is the server name of the TLS
 * config, or the server's address when there is none (connection.go:438-442).
 */
export interface TokenStore {
  /** Removes and returns a token for `key`: a token is used only once (RFC 9000 §8.1.3). */
  pop(key: string): ClientToken | undefined;
  /** Adds a token for `key`; a connection may call it for each NEW_TOKEN it receives. */
  put(key: string, token: ClientToken): void;
}

/**
 * The tokens of one server: a ring of `size` slots. Pop takes the newest; once the ring is full,
 * a new token overwrites the oldest (token_store.go singleOriginTokenStore).
 */
class singleOriginTokenStore {
  private readonly tokens: (ClientToken | undefined)[];
  /** The slot the next add writes to; the newest token is in the one before it. */
  private p = 0;
  private length = 0;

  constructor(size: number) {
    this.tokens = new Array<ClientToken | undefined>(size).fill(undefined);
  }

  add(token: ClientToken): void {
    this.tokens[this.p] = token;
    this.p = this.index(this.p + 1);
    this.length = Math.min(this.length + 1, this.tokens.length);
  }

  pop(): ClientToken | undefined {
    this.p = this.index(this.p - 1);
    const token = this.tokens[this.p];
    this.tokens[this.p] = undefined;
    this.length = Math.max(this.length - 1, 0);
    return token;
  }

  get len(): number {
    return this.length;
  }

  private index(i: number): number {
    const n = this.tokens.length;
    return (i + n) % n;
  }
}

/**
 * Tokens for up to `capacity` servers, forgetting the least recently used server when a new one
 * comes (token_store.go lruTokenStore). quic-go orders the servers in a linked list; a Map keeps
 * its keys in insertion order, so deleting and setting a key again makes it the most recent.
 */
class lruTokenStore implements TokenStore {
  private readonly m = new Map<string, singleOriginTokenStore>();

  constructor(
    private readonly capacity: number,
    private readonly singleOriginSize: number,
  ) {}

  put(key: string, token: ClientToken): void {
    let cache = this.m.get(key);
    if (cache) {
      this.m.delete(key);
    } else {
      if (this.m.size >= this.capacity) this.m.delete(this.m.keys().next().value!); // the least recently used server
      cache = new singleOriginTokenStore(this.singleOriginSize);
    }
    cache.add(token);
    this.m.set(key, cache);
  }

  pop(key: string): ClientToken | undefined {
    const cache = this.m.get(key);
    if (!cache) return undefined;
    this.m.delete(key);
    const token = cache.pop();
    if (cache.len > 0) this.m.set(key, cache); // used just now: the most recent
    return token;
  }
}

/**
 * A TokenStore for `maxOrigins` servers with up to `tokensPerOrigin` tokens each (quic-go's
 * NewLRUTokenStore). Both must be positive integers: quic-go panics on 0, we say why.
 */
export function newLRUTokenStore(maxOrigins: number, tokensPerOrigin: number): TokenStore {
  for (const [name, v] of [
    ['maxOrigins', maxOrigins],
    ['tokensPerOrigin', tokensPerOrigin],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`newLRUTokenStore: ${name} must be a positive integer, got ${v}`);
  }
  return new lruTokenStore(maxOrigins, tokensPerOrigin);
}
