// select without the signal, plus an abort listener that is never removed.
import { select } from '../../../src/internal/utils/chan.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export function accept(this: baseServer, signal?: AbortSignal): Promise<quicConn> {
  return new Promise((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason));
    if (signal?.aborted) reject(signal.reason);
    void select([this.connQueue, this.errorChan]).then((r) => (r.index === 1 ? reject(this.closeErr) : resolve(r.value as quicConn)));
  });
}
