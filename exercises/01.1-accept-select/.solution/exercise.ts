// Exercise 01.1, reference solution.
import { select } from '../../../src/internal/utils/chan.ts';
import { trace } from '../../../src/trace.ts';
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function accept(this: baseServer, signal?: AbortSignal): Promise<quicConn> {
  // Go: select { case <-ctx.Done(): case conn := <-s.connQueue: case <-s.errorChan: }
  const r = await select([this.connQueue, this.errorChan], signal);
  if (r.index === -1) throw signal!.reason;
  if (r.index === 1) throw this.closeErr!;
  trace('app', 'accept ← connQueue', { queue: this.acceptQueueLevel() });
  return r.value as quicConn;
}
