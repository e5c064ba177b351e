// Exercise 01.1: baseServer.accept, the select at server.go:330. See README.md.
import type { baseServer, quicConn } from '../../src/server.ts';

export async function accept(this: baseServer, signal?: AbortSignal): Promise<quicConn> {
  // TODO: this waits on the accept queue only. It must also end when `signal` aborts (Go's
  // ctx.Done()) and when the server is closed (errorChan), whichever happens first.
  const r = await this.connQueue.recv();
  return r.value as quicConn;
}
