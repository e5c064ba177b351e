// Random bytes for connection IDs, stateless reset and Retry tokens, TLS randoms, ticket nonces and
// key shares, drawn from a pool. A call to the system's CSPRNG (Web Crypto's getRandomValues, in
// Node and in browsers alike) costs about 5 µs however few bytes it returns, and a handshake makes
// about fifteen small draws; one call fills the pool, and each draw copies its bytes out and zeroes
// them, so no byte is handed out twice and none stays in memory after use.
//
// random() is the stack's other source: the non-cryptographic choices (which ready case a select
// takes, the skipped packet numbers, the length of a client's first connection ID), Math.random's.
//
// setRandomSource replaces both with a seeded source, so that a run on the in-memory network repeats
// byte for byte: the playground (playground/engine.ts) sets it for the length of a run. Never in a
// real server: seeded bytes are predictable keys.

/** Where random values come from while a seeded run is active. */
export interface RandomSource {
  /** A float in [0, 1), like Math.random. */
  float(): number;
  /** Fills `out` with random bytes. */
  fill(out: Uint8Array): void;
}

let seeded: RandomSource | undefined;

/** Replaces the system's randomness with `source` (undefined: back to the system's). */
export function setRandomSource(source: RandomSource | undefined): void {
  seeded = source;
  used = PoolSize; // bytes drawn before the switch are not handed out after it
}

/** A float in [0, 1): Math.random, read at each call (tests may mock it), or the seeded source's. */
export function random(): number {
  return seeded ? seeded.float() : Math.random();
}

const maxGetRandomValues = 65536; // Web Crypto's limit per call

function fillRandom(out: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  if (seeded) seeded.fill(out);
  else for (let i = 0; i < out.length; i += maxGetRandomValues) crypto.getRandomValues(out.subarray(i, i + maxGetRandomValues));
  return out;
}

const PoolSize = 4096;
const pool = new Uint8Array(PoolSize);
let used = PoolSize; // the pool starts empty

/** n fresh random bytes. */
export function randomBytes(n: number): Uint8Array {
  if (n > PoolSize / 4) return fillRandom(new Uint8Array(n));
  if (used + n > PoolSize) {
    fillRandom(pool);
    used = 0;
  }
  const out = pool.slice(used, used + n);
  pool.fill(0, used, used + n);
  used += n;
  return out;
}
