// Random bytes for connection IDs, stateless reset and Retry tokens, TLS randoms, ticket nonces and
// key shares, drawn from a pool. A call to the system's CSPRNG (node:crypto's randomFillSync) costs about
// 5 µs however few bytes it returns, and a handshake makes about fifteen small draws; one call fills
// the pool, and each draw copies its bytes out and zeroes them, so no byte is handed out twice and
// none stays in memory after use.

import { randomFillSync } from 'node:crypto';

const PoolSize = 4096;
const pool = new Uint8Array(PoolSize);
let used = PoolSize; // the pool starts empty

/** n fresh random bytes. */
export function randomBytes(n: number): Uint8Array {
  if (n > PoolSize / 4) return randomFillSync(new Uint8Array(n));
  if (used + n > PoolSize) {
    randomFillSync(pool);
    used = 0;
  }
  const out = pool.slice(used, used + n);
  pool.fill(0, used, used + n);
  used += n;
  return out;
}
