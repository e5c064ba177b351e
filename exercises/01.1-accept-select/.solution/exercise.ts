// Exercise 01.1, reference solution.
import { select } from '../../../src/internal/utils/chan.ts';
import { trace } from '../../../src/trace.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function accept(this: baseServer, signal?: AbortSignal): Promise<quicConn> {
  const r = await select([this.connQueue, this.errorChan], signal);
  if (r.index === -1) throw signal!.reason ?? new Error('context canceled');
  if (r.index === 0) {
    const conn = r.value as quicConn;
    trace('app', 'accept ← connQueue', { queue: this.acceptQueueLevel() });
    return conn;
  }
  throw this.closeErr!;
}
