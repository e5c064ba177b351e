// client.go dial: the dial ends when the handshake completes, when the connection ends, or when the
// caller's signal fires, whichever comes first.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { listenUDP } from '../../src/sys_conn.ts';
import { Transport } from '../../src/transport.ts';
import { generateSelfSignedCertificate, type SelfSigned } from '../../src/internal/x509/index.ts';
import { type Listener } from '../../src/server.ts';
import { listenAddr } from '../../src/quic.ts';
import { hldALPN } from '../e2e/hld.ts';
import { serverTLS, withTimeout } from '../e2e/net.ts';

let cert: SelfSigned;
let ln: Listener | undefined;

beforeAll(() => {
  cert = generateSelfSignedCertificate();
});

afterEach(() => {
  ln?.close();
  ln = undefined;
});

describe('dialAddr with an AbortSignal', () => {
  it('rejects as soon as the handshake fails, though the signal never fires', async () => {
    ln = await listenAddr('127.0.0.1:0', serverTLS(cert), {});
    const neverFires = new AbortController().signal;
    // No insecureSkipVerify and no trusted roots: the client refuses the server's certificate.
    const dial = dialAddr(`127.0.0.1:${ln.addr().port}`, { nextProtos: [hldALPN] }, { handshakeIdleTimeout: 10_000 }, neverFires);
    await expect(withTimeout(dial, 5_000, 'dial')).rejects.toThrow(/certificate/i);
  });

  it('still gives up when the signal fires first', async () => {
    const ac = new AbortController();
    // Nobody answers on this port: only the signal can end the dial before the idle timeout.
    const dial = dialAddr('127.0.0.1:9', { nextProtos: [hldALPN], insecureSkipVerify: true }, { handshakeIdleTimeout: 30_000 }, ac.signal);
    setTimeout(() => ac.abort(new Error('caller gave up')), 100);
    await expect(withTimeout(dial, 5_000, 'dial')).rejects.toThrow('caller gave up');
  });
});

describe('dialing on a closed transport', () => {
  it('fails with a clear reason', async () => {
    const socket = await listenUDP('127.0.0.1:0', systemClock);
    const t = new Transport(socket, { clock: systemClock }, true, false);
    t.close();
    await expect(t.Dial({ address: '127.0.0.1', port: 9, family: 'IPv4' }, { nextProtos: [hldALPN], insecureSkipVerify: true })).rejects.toThrow('transport closed');
  });
});
