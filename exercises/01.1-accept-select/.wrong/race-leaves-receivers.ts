// Promise.race over recv()s: the losing recv stays registered on its channel and later swallows a connection.
import type { baseServer, quicConn } from '../../../src/server.ts';

export async function accept(this: baseServer, signal?: AbortSignal): Promise<quicConn> {
  const aborted = new Promise<never>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
  const r = await Promise.race([this.connQueue.recv().then((v) => ({ closed: false, v })), this.errorChan.recv().then(() => ({ closed: true, v: undefined })), aborted]);
  if (r.closed) throw this.closeErr!;
  return r.v!.value as quicConn;
}
