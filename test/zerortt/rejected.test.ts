// A server that rejects 0-RTT (RFC 9001 §4.6.2): the client's 0-RTT streams fail with
// Err0RTTRejected, the application sends again on nextConnection, and nothing is lost: the
// server's SHA-256 of the upload is the client's.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import type { QUICTLSConfig } from '../../src/internal/handshake/crypto_setup.ts';
import { CurveID } from '../../src/internal/tls/common.ts';
import { alpn, dialEarly, earlyServer, getTicket, pattern, resumingClientTLS, sendResending, serveSha256, sha256, streamBytesByPacketType, within } from './helpers.ts';
import { listenAddrEarly } from '../../src/quic.ts';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

/**
 * A ticket from a server that allows 0-RTT, then a second server with the same ticket key but
 * `second`'s config and ALPN list: the upload is sent as early data to it.
 */
async function uploadToChangedServer(second: Config, secondProtos = [alpn], clientProtos = [alpn], secondTLS?: QUICTLSConfig) {
  const first = await earlyServer({ allow0RTT: true }, [alpn]);
  cleanup.push(() => first.ln.close());
  const client = resumingClientTLS(clientProtos);
  void serveSha256(first.ln, 1);
  await getTicket(first.addr, client);

  // Same certificate and ticket key (first.tls.sessionTicketKey), so the ticket opens.
  const ln = await listenAddrEarly('127.0.0.1:0', { ...first.tls, ...secondTLS, sessionTicketKey: first.tls.sessionTicketKey, nextProtos: secondProtos }, second);
  cleanup.push(() => ln.close());
  const served = serveSha256(ln, 1);
  const upload = pattern(200_000);
  const qlogDir = mkdtempSync(join(tmpdir(), 'zerortt-'));
  const conn = await dialEarly(`127.0.0.1:${ln.addr().port}`, client.tls, { qlogDir });
  const { answer, rejected } = await within(sendResending(conn, upload), 10_000, 'upload');
  const [serverConn] = await served;
  conn.closeWithError(0, '');
  // Part of the upload did go out as early data: there was something to lose.
  expect((await streamBytesByPacketType(qlogDir, 'packet_sent'))['0RTT']).toBeGreaterThan(0);
  return { answer, rejected, want: sha256(upload), client: conn.connectionState(), server: serverConn!.connectionState() };
}

describe('0-RTT rejected, the upload sent again in 1-RTT', () => {
  it('by a server without allow0RTT', async () => {
    const r = await uploadToChangedServer({ allow0RTT: false });
    expect(r.rejected).toBe(true);
    expect(r.answer).toBe(r.want);
    expect([r.client.used0RTT, r.server.used0RTT, r.client.tls.didResume]).toEqual([false, false, true]);
  });

  it('by a server whose limits shrank since the ticket (RFC 9000 §7.4.1: ValidFor0RTT)', async () => {
    const r = await uploadToChangedServer({ allow0RTT: true, initialConnectionReceiveWindow: 100_000 });
    expect(r.rejected).toBe(true);
    expect(r.answer).toBe(r.want);
    expect([r.client.used0RTT, r.server.used0RTT, r.client.tls.didResume]).toEqual([false, false, true]);
  });

  it('by a server that now negotiates another ALPN (RFC 8446 §4.2.10)', async () => {
    const r = await uploadToChangedServer({ allow0RTT: true }, ['other', alpn], [alpn, 'other']);
    expect(r.rejected).toBe(true);
    expect(r.answer).toBe(r.want);
    expect(r.client.tls.negotiatedProtocol).toBe('other');
  });

  it('not by the same server unchanged (the control case)', async () => {
    const r = await uploadToChangedServer({ allow0RTT: true });
    expect(r.rejected).toBe(false);
    expect(r.answer).toBe(r.want);
    expect([r.client.used0RTT, r.server.used0RTT]).toEqual([true, true]);
  });
});

describe('0-RTT not offered', () => {
  it("without the ticket's ALPN among the client's: nothing is restored, dialEarly waits for the handshake, the server's smaller window holds", async () => {
    const first = await earlyServer({ allow0RTT: true }, [alpn]);
    cleanup.push(() => first.ln.close());
    const client = resumingClientTLS([alpn]);
    void serveSha256(first.ln, 1);
    await getTicket(first.addr, client);

    const ln = await listenAddrEarly('127.0.0.1:0', { ...first.tls, nextProtos: ['other'] }, { allow0RTT: true, initialConnectionReceiveWindow: 20_000, initialStreamReceiveWindow: 20_000 });
    cleanup.push(() => ln.close());
    const served = serveSha256(ln, 1);
    const upload = pattern(200_000);
    const conn = await dialEarly(`127.0.0.1:${ln.addr().port}`, { ...client.tls, nextProtos: ['other'] });
    // No 0-RTT, so no early connection: the remembered limits (of another ALPN's server) never apply.
    expect(conn.handshakeComplete().isClosed).toBe(true);
    expect(await within(sendResending(conn, upload), 10_000, 'upload')).toEqual({ answer: sha256(upload), rejected: false });
    await served;
    expect(conn.connectionState().used0RTT).toBe(false);
    expect(conn.connectionState().tls.didResume).toBe(true);
    conn.closeWithError(0, '');
  });
});

describe('0-RTT rejected by a HelloRetryRequest (RFC 8446 §4.1.4)', () => {
  it('a server that wants another key share: the upload is sent again after the second ClientHello', async () => {
    const { tls } = await earlyServer();
    const r = await uploadToChangedServer({ allow0RTT: true }, [alpn], [alpn], { ...tls, curvePreferences: [CurveID.secp256r1] });
    expect(r.rejected).toBe(true);
    expect(r.answer).toBe(r.want);
    expect([r.client.used0RTT, r.server.used0RTT, r.client.tls.didResume]).toEqual([false, false, true]);
  });
});
