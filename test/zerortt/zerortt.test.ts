// 0-RTT between our client and our server on 127.0.0.1 (RFC 9001 §4.6, RFC 8446 §4.2.10, RFC 9000 §7.4.1).
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReorderRelay } from './reorder_relay.ts';
import { setTraceSink } from '../../src/trace.ts';
import { serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { listenUDP } from '../../src/sys_conn.ts';
import { Transport } from '../../src/transport.ts';
import { earlyServer, dialEarly, getTicket, pattern, resumingClientTLS, sendAndHash, serveSha256, sha256, streamBytesByPacketType, within } from './helpers.ts';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

describe('0-RTT accepted', () => {
  it('a resumed client sends stream data before the handshake completes; both ends report used0RTT', async () => {
    const qlogDir = mkdtempSync(join(tmpdir(), 'zerortt-'));
    const { ln, addr } = await earlyServer({ allow0RTT: true, qlogDir });
    cleanup.push(() => ln.close());
    const client = resumingClientTLS();
    const served = serveSha256(ln, 2);
    await getTicket(addr, client);
    const data = pattern(3000);
    const conn = await dialEarly(addr, client.tls);
    let handshakeDone = false;
    void conn.handshakeComplete().recv().then(() => (handshakeDone = true));
    const answer = sendAndHash(conn, data);
    expect(handshakeDone).toBe(false); // dialEarly returned before the handshake: the data goes in 0-RTT
    expect(await within(answer, 5000, 'answer')).toBe(sha256(data));
    const [, serverConn] = await served;
    expect(conn.connectionState().used0RTT).toBe(true);
    expect(conn.connectionState().tls.didResume).toBe(true);
    expect(serverConn!.connectionState().used0RTT).toBe(true);
    conn.closeWithError(0, '');
    // Both connections' qlogs: the second one's request came in 0-RTT packets, all of it.
    const received = await streamBytesByPacketType(qlogDir, 'packet_received');
    expect(received['0RTT']).toBe(data.length);
  });
});

describe('0-RTT before the Initial (zeroRTTQueues)', () => {
  it('queues the 0-RTT packets of an unknown connection and hands them to it once its Initial arrives', async () => {
    const qlogDir = mkdtempSync(join(tmpdir(), 'zerortt-'));
    const { ln, addr } = await earlyServer({ allow0RTT: true, qlogDir });
    cleanup.push(() => ln.close());
    // The server's trace says when it queues a 0-RTT packet and when it hands the queue over.
    const steps: string[] = [];
    setTraceSink((e) => e.goroutine === 'server.run' && e.step.includes('0-RTT') && steps.push(`${e.step} ${e.detail ?? ''}`));
    cleanup.push(() => setTraceSink(undefined));
    const client = resumingClientTLS();
    const served = serveSha256(ln, 2);
    await getTicket(addr, client);
    const relay = await ReorderRelay.open(ln.addr().port);
    cleanup.push(() => relay.close());
    const data = pattern(6000); // several datagrams of 0-RTT packets
    const conn = await dialEarly(`127.0.0.1:${relay.port}`, client.tls);
    expect(await within(sendAndHash(conn, data), 5000, 'answer')).toBe(sha256(data));
    const [, serverConn] = await served;
    expect(relay.deliveredBeforeInitial).toBeGreaterThan(0);
    expect(steps[0]).toMatch(/^0-RTT packet queued DCID/); // no connection yet: queued (server.go:467-510)
    expect(steps).toContainEqual(expect.stringMatching(/^hands the queued 0-RTT packets to the connection \d+ packets?$/));
    expect(serverConn!.connectionState().used0RTT).toBe(true);
    conn.closeWithError(0, '');
    // What the client sent in 0-RTT packets was read from 0-RTT packets (a queue that expired under
    // load would have the client send it again, in 1-RTT).
    expect((await streamBytesByPacketType(qlogDir, 'packet_received'))['0RTT']).toBeGreaterThan(0);
  });
});

describe('the remembered limits (RFC 9000 §7.4.1)', () => {
  it('0-RTT data stays within the stream window remembered with the ticket; the rest follows in 1-RTT', async () => {
    const qlogDir = mkdtempSync(join(tmpdir(), 'zerortt-'));
    const window = 4000;
    const { ln, addr } = await earlyServer({ allow0RTT: true, initialStreamReceiveWindow: window, maxStreamReceiveWindow: 1 << 20 });
    cleanup.push(() => ln.close());
    const client = resumingClientTLS();
    void serveSha256(ln, 2);
    await getTicket(addr, client);
    const data = pattern(30_000);
    const conn = await dialEarly(addr, client.tls, { qlogDir });
    expect(await within(sendAndHash(conn, data), 5000, 'answer')).toBe(sha256(data));
    conn.closeWithError(0, '');
    const sent = await streamBytesByPacketType(qlogDir, 'packet_sent');
    expect(sent['0RTT']).toBeGreaterThan(0);
    expect(sent['0RTT']).toBeLessThanOrEqual(window);
    expect(conn.connectionState().used0RTT).toBe(true);
  });
});

describe('0-RTT and Retry', () => {
  it('after a Retry the client sends its 0-RTT data again under the new connection ID (RFC 9000 §17.2.5.3), and it is accepted', async () => {
    const tls = { ...serverTLSConfig({ alpn: ['HLD'] }), sessionTicketKey: randomBytes(32) };
    const conn0 = await listenUDP('127.0.0.1:0', systemClock);
    const ln = new Transport(conn0, { verifySourceAddress: () => true }, true, true).ListenEarly(tls, { allow0RTT: true });
    cleanup.push(() => ln.close());
    const addr = `127.0.0.1:${ln.addr().port}`;
    const client = resumingClientTLS();
    const served = serveSha256(ln, 2);
    await getTicket(addr, client);
    const data = pattern(5000);
    const conn = await dialEarly(addr, client.tls);
    expect(await within(sendAndHash(conn, data), 5000, 'answer')).toBe(sha256(data));
    const [, serverConn] = await served;
    expect([conn.connectionState().used0RTT, serverConn!.connectionState().used0RTT]).toEqual([true, true]);
    conn.closeWithError(0, '');
  });
});

describe('tickets (RFC 9001 §4.6.1)', () => {
  it.each([
    [true, 0xffffffff],
    [false, 0],
  ])('a server with allow0RTT %s announces max_early_data_size %d', async (allow0RTT, maxEarlyData) => {
    const { ln, addr } = await earlyServer({ allow0RTT });
    cleanup.push(() => ln.close());
    const client = resumingClientTLS();
    void serveSha256(ln, 1);
    await getTicket(addr, client);
    expect(client.cache.get('127.0.0.1')!.maxEarlyData).toBe(maxEarlyData);
  });
});
