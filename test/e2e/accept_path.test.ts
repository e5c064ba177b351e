// The server's accept path over real UDP on 127.0.0.1 (chapters 01–06): what it drops, what it
// answers without a connection (Version Negotiation, Retry, CONNECTION_REFUSED), the accept queue
// of 32, Listener.accept's ways out, and the 3× anti-amplification limit (RFC 9000 §8.1).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import type { Connection } from '../../src/interface.ts';
import { generateSelfSignedCertificate, type SelfSigned } from '../../src/internal/x509/index.ts';
import { MaxAcceptQueueSize } from '../../src/internal/protocol/params.ts';
import { PacketType, connIDEqual } from '../../src/internal/protocol/protocol.ts';
import { Version1, Version2 } from '../../src/internal/protocol/version.ts';
import { TransportErrorCode } from '../../src/internal/qerr/error_codes.ts';
import { TransportError } from '../../src/internal/qerr/errors.ts';
import { isVersionNegotiationPacket, parsePacket } from '../../src/internal/wire/header.ts';
import { parseVersionNegotiationPacket } from '../../src/internal/wire/version_negotiation.ts';
import { ErrServerClosed, type Listener } from '../../src/server.ts';
import { listenAddr } from '../../src/quic.ts';
import { listenUDP } from '../../src/sys_conn.ts';
import { Transport } from '../../src/transport.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import type { UDPAddr } from '../../src/sys_conn.ts';
import { echo, serveConn, serveListener } from './hld.ts';
import {
  RawSocket,
  Relay,
  TraceRecorder,
  clientInitial,
  insecureClientTLS,
  longChain,
  serverTLS,
  unknownVersionDatagram,
  waitFor,
  withTimeout,
  closeReason,
} from './net.ts';

/** How long we listen for a reply that must not come. */
const silenceMs = 400;

let cert: SelfSigned;
const cleanups: (() => void)[] = [];
const trace = new TraceRecorder();

beforeAll(() => {
  cert = generateSelfSignedCertificate();
});

afterEach(() => {
  trace.stop();
  trace.events.length = 0;
  for (const c of cleanups.splice(0).reverse()) c();
});

async function server(config = {}): Promise<Listener> {
  const ln = await listenAddr('127.0.0.1:0', serverTLS(cert), config);
  cleanups.push(() => ln.close());
  return ln;
}

async function rawSocket(): Promise<RawSocket> {
  const s = await RawSocket.open();
  cleanups.push(() => s.close());
  return s;
}

async function dial(port: number, config = {}, signal?: AbortSignal): Promise<Connection> {
  // A handshake costs ~100 ms of CPU on noble, client and server in this one process: leave room.
  const conn = await dialAddr(`127.0.0.1:${port}`, insecureClientTLS(), { handshakeIdleTimeout: 10_000, ...config }, signal);
  cleanups.push(() => conn.closeWithError(0, ''));
  return conn;
}


describe('packets the server drops or answers without a connection', () => {
  it('drops an Initial in a 1199-byte datagram and answers the same Initial in 1200 bytes', async () => {
    const ln = await server();
    trace.start();
    const port = ln.addr().port;

    const small = await rawSocket();
    await small.send(clientInitial({ datagramSize: 1199 }).datagram, port);
    expect(await small.next(silenceMs)).toBeUndefined();
    expect(trace.steps('drop:').map((e) => e.step)).toEqual(['drop: Initial in a datagram of 1199 bytes (< 1200)']);

    const big = await rawSocket();
    const { datagram, scid } = clientInitial({ datagramSize: 1200 });
    await big.send(datagram, port);
    const reply = await big.next(3000);
    expect(reply).toBeDefined();
    // The server's Initial is addressed to the client's source connection ID (RFC 9000 §7.2).
    const { hdr } = parsePacket(new Uint8Array(reply!));
    expect(hdr.type).toBe(PacketType.Initial);
    expect(hdr.version).toBe(Version1);
    expect(connIDEqual(hdr.destConnectionID, scid)).toBe(true);
    // Before the client's address is validated, the reply is at most 3 × 1200 bytes (RFC 9000 §8.1).
    expect(reply!.length).toBeLessThanOrEqual(3 * 1200);
    expect(trace.steps('drop:')).toHaveLength(1);
  });

  it('drops an Initial whose Destination Connection ID has 7 bytes (RFC 9000 §7.2)', async () => {
    const ln = await server();
    trace.start();
    const s = await rawSocket();
    await s.send(clientInitial({ datagramSize: 1250, dcid: new Uint8Array(7).fill(7) }).datagram, ln.addr().port);
    expect(await s.next(silenceMs)).toBeUndefined();
    expect(trace.steps('drop:').map((e) => e.step)).toEqual(['drop: too short connection ID']);
    expect(trace.steps('go connection.run')).toEqual([]);
  });

  it('answers an unknown version with Version Negotiation listing v1 and v2, but not from a datagram under 1200 bytes', async () => {
    const ln = await server();
    trace.start();
    const port = ln.addr().port;

    const s = await rawSocket();
    const probe = unknownVersionDatagram(1200);
    await s.send(probe.datagram, port);
    const reply = await s.next(2000);
    expect(reply).toBeDefined();
    const vn = new Uint8Array(reply!);
    expect(isVersionNegotiationPacket(vn)).toBe(true);
    const { destConnID, srcConnID, versions } = parseVersionNegotiationPacket(vn);
    // RFC 9000 §17.2.1: the client's connection IDs, swapped.
    expect(connIDEqual(destConnID, probe.scid)).toBe(true);
    expect(connIDEqual(srcConnID, probe.dcid)).toBe(true);
    expect(versions).toEqual(expect.arrayContaining([Version1, Version2]));
    expect(versions).not.toContain(0x1a2a3a4a);

    const tooSmall = unknownVersionDatagram(1199);
    await s.send(tooSmall.datagram, port);
    expect(await s.next(silenceMs)).toBeUndefined();
    expect(trace.steps('drop:').map((e) => e.step)).toEqual(['drop: unknown version, datagram too small for VN']);
  });
});

describe('the accept queue', () => {
  it('refuses the 33rd completed handshake with CONNECTION_REFUSED; the first 32 are accepted later', async () => {
    expect(MaxAcceptQueueSize).toBe(32);
    const ln = await server();
    const port = ln.addr().port;
    const queue = ln.baseServer.connQueue;

    const first: Connection[] = [];
    while (first.length < MaxAcceptQueueSize) first.push(...(await Promise.all(Array.from({ length: 8 }, () => dial(port)))));
    await waitFor(() => queue.length === MaxAcceptQueueSize, 20_000, 'connQueue filled');

    const last = await dial(port);
    const lastPort = last.localAddr().port;
    const reason = await closeReason(last, 20_000);
    expect(reason).toBeInstanceOf(TransportError);
    expect((reason as TransportError).errorCode).toBe(TransportErrorCode.ConnectionRefused);
    expect((reason as TransportError).remote).toBe(true);
    // The first ones are still up, queued, and not refused.
    expect(first.every((c) => !c.context.aborted)).toBe(true);
    expect(queue.length).toBe(MaxAcceptQueueSize);

    const accepted: Connection[] = [];
    for (let i = 0; i < MaxAcceptQueueSize; i++) accepted.push(await withTimeout(ln.accept(), 1000, `accept #${i + 1}`));
    const clientPorts = first.map((c) => c.localAddr().port).sort();
    expect(accepted.map((c) => c.remoteAddr().port).sort()).toEqual(clientPorts);
    expect(accepted.map((c) => c.remoteAddr().port)).not.toContain(lastPort);
    // Nothing else is queued: the refused connection never was.
    await expect(ln.accept(AbortSignal.timeout(200))).rejects.toThrow();

    // The accepted connections work.
    for (const c of accepted) void serveConn(c);
    const echoes = await Promise.all(first.map((c, i) => echo(c, `client ${i}`)));
    expect(echoes.map((e) => new TextDecoder().decode(e))).toEqual(first.map((_, i) => `client ${i}`));
  }, 60_000);
});

describe('Listener.accept', () => {
  it('rejects with ErrServerClosed after close, and a pending accept too', async () => {
    const ln = await server();
    const pending = ln.accept();
    ln.close();
    await expect(pending).rejects.toBeInstanceOf(ErrServerClosed);
    const after = ln.accept();
    await expect(after).rejects.toBeInstanceOf(ErrServerClosed);
    await expect(after).rejects.toThrow('quic: server closed');
  });

  it('returns when its AbortSignal fires, and the listener keeps working', async () => {
    const ln = await server();
    const ac = new AbortController();
    const pending = ln.accept(ac.signal);
    const reason = new Error('caller gave up');
    ac.abort(reason);
    await expect(pending).rejects.toBe(reason);

    const accepted = ln.accept(AbortSignal.timeout(5000));
    const client = await dial(ln.addr().port);
    const conn = await accepted;
    expect(conn.remoteAddr().port).toBe(client.localAddr().port);
  });
});

describe('address validation', () => {
  it('never sends more than 3× what it received from an unvalidated client (RFC 9000 §8.1)', async () => {
    // A chain far larger than 3 × 1280 bytes: the server's first flight cannot fit in its budget.
    const { chain } = longChain(8);
    const chainBytes = chain.reduce((n, c) => n + c.certificate.raw.length, 0);
    expect(chainBytes).toBeGreaterThan(3 * 1280);
    const ln = await listenAddr('127.0.0.1:0', serverTLS(chain[0]!, undefined, chain.map((c) => c.certificate)));
    cleanups.push(() => ln.close());
    // Only the client's first datagram gets through: its address is never validated.
    const relay = await Relay.open(ln.addr().port, (i) => i > 0);
    cleanups.push(() => relay.close());

    const ac = new AbortController();
    const dialing = dialAddr(`127.0.0.1:${relay.port}`, insecureClientTLS(), { handshakeIdleTimeout: 5000 }, ac.signal);
    dialing.catch(() => {});
    // Long enough for the server's Initial PTOs (from 3 × 100 ms, doubling) to fire a few times.
    await new Promise((r) => setTimeout(r, 2500));
    ac.abort(new Error('test over'));
    await expect(dialing).rejects.toThrow('test over');

    expect(relay.clientDatagrams).toBe(1);
    expect(relay.clientBytes).toBeGreaterThanOrEqual(1200);
    expect(relay.serverBytes).toBeLessThanOrEqual(3 * relay.clientBytes);
    // It did use its budget: the limit, not a lack of data, is what stopped it.
    expect(relay.serverBytes).toBeGreaterThan(2 * relay.clientBytes);

    // The same server, with every datagram let through: the flight it held back goes out.
    const open = await Relay.open(ln.addr().port);
    cleanups.push(() => open.close());
    const conn = await dialAddr(`127.0.0.1:${open.port}`, insecureClientTLS());
    cleanups.push(() => conn.closeWithError(0, ''));
    expect(open.serverBytes).toBeGreaterThan(3 * relay.clientBytes);
  }, 15_000);

  it('completes a Retry round trip with our own client', async () => {
    const verified: UDPAddr[] = [];
    const raw = await listenUDP('127.0.0.1:0', systemClock);
    const t = new Transport(raw, { verifySourceAddress: (a) => (verified.push(a), true) }, true, true);
    const ln = t.Listen(serverTLS(cert));
    cleanups.push(() => ln.close());
    const served = serveListener(ln);
    trace.start();

    const client = await dial(ln.addr().port);
    expect(await echo(client, 'after Retry')).toEqual(new TextEncoder().encode('after Retry'));
    const steps = trace.events.map((e) => e.step);
    expect(steps.filter((s) => s === 'sent Retry')).toHaveLength(1);
    expect(steps).toContain('received Retry: resending the Initial with its token');
    // Asked once: the second Initial carried the token.
    expect(verified).toHaveLength(1);
    expect(verified[0]!.port).toBe(client.localAddr().port);
    expect(served.conns).toHaveLength(1);
  });

  it('refuses a client with CONNECTION_REFUSED when getConfigForClient throws', async () => {
    const seen: UDPAddr[] = [];
    const ln = await server({
      getConfigForClient: (info: { remoteAddr: UDPAddr }) => {
        seen.push(info.remoteAddr);
        throw new Error('no thanks');
      },
    });
    const err = await dial(ln.addr().port).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TransportError);
    expect((err as TransportError).errorCode).toBe(TransportErrorCode.ConnectionRefused);
    expect((err as TransportError).remote).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(1);
  });
});
