// A server that accepts 0-RTT and then announces smaller limits than the client remembered breaks
// RFC 9000 §7.4.1: the client closes with PROTOCOL_VIOLATION (quic-go: ValidForUpdate,
// connection.go:1714). Our server never does that (ValidFor0RTT), so here it is made to accept
// whatever the ticket says.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransportError } from '../../src/internal/qerr/errors.ts';
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';
import { listenAddrEarly } from '../../src/quic.ts';
import { dialEarly, earlyServer, getTicket, resumingClientTLS, serveSha256, within } from './helpers.ts';

vi.mock('../../src/internal/wire/transport_parameters.ts', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../src/internal/wire/transport_parameters.ts')>()),
  validFor0RTT: () => true,
}));

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

describe('ValidForUpdate', () => {
  it('a client whose 0-RTT was accepted under limits the server then reduces closes with PROTOCOL_VIOLATION', async () => {
    const first = await earlyServer({ allow0RTT: true });
    cleanup.push(() => first.ln.close());
    const client = resumingClientTLS();
    void serveSha256(first.ln, 1);
    await getTicket(first.addr, client);
    const ln = await listenAddrEarly('127.0.0.1:0', first.tls, { allow0RTT: true, initialConnectionReceiveWindow: 100_000 });
    cleanup.push(() => ln.close());
    void serveSha256(ln, 1);
    const conn = await dialEarly(`127.0.0.1:${ln.addr().port}`, client.tls);
    const reason = await within(
      new Promise((resolve) => conn.context.addEventListener('abort', () => resolve(conn.context.reason), { once: true })),
      5000,
      'close',
    );
    expect(reason).toBeInstanceOf(TransportError);
    expect((reason as TransportError).errorCode).toBe(TransportErrorCode.ProtocolViolation);
    expect((reason as TransportError).message).toMatch(/reduced limits after accepting 0-RTT/);
  });
});
