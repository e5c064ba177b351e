// 0-RTT between our client and our server on 127.0.0.1 (RFC 9001 §4.6, RFC 8446 §4.2.10, RFC 9000 §7.4.1).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
