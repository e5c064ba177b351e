// 0-RTT with quic-go 0.29 (ARCHITECTURE.md §8), both ways: its DialAddrEarly against our
// EarlyListener with allow0RTT, and our dialAddrEarly against its ListenAddrEarly. Checked as the
// interop runner's zerortt case does: bytes of the request were sent in 0-RTT packets, and most of
// it was (here from our side's qlog); both key logs hold the same client_early_traffic_secret. Skipped
// without Go and quic-go unless QUIC_REQUIRE_INTEROP=1.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serve } from '../../src/cmd/serve.ts';
import { echo } from '../../src/cmd/requests.ts';
import { dialResumed, fetchTicket, requestWithEarlyData, ticketCache } from '../../src/cmd/zerortt.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { listenAddrEarly } from '../../src/quic.ts';
import { buildGoProgram } from '../peers/go.ts';
import { skipWithout } from '../peers/availability.ts';
import { runPeer, spawnPeer, stopAllPeers, waitForOutput } from '../peers/process.ts';
import { streamBytesByPacketType } from '../zerortt/helpers.ts';

const work = mkdtempSync(join(tmpdir(), 'zerortt-interop-'));
const request = 'early '.repeat(500); // 3000 bytes: several 0-RTT packets

afterAll(async () => {
  await stopAllPeers();
  rmSync(work, { recursive: true, force: true });
});

/** The CLIENT_EARLY_TRAFFIC_SECRET lines of an NSS key log. */
const earlySecrets = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('CLIENT_EARLY_TRAFFIC_SECRET '));

/** The interop runner's zerortt check: 0-RTT bytes > 0, and most of the request in 0-RTT. */
function expectMostlyEarly(bytes: Record<string, number>): void {
  expect(bytes['0RTT'] ?? 0).toBeGreaterThan(0);
  expect(bytes['0RTT']!).toBeGreaterThan(bytes['1RTT'] ?? 0);
}

describe.skipIf(process.env.QUIC_SKIP_INTEROP === '1' || skipWithout('go', 'quicGo'))('0-RTT with quic-go 0.29', () => {
  it("its DialAddrEarly against our EarlyListener: the echo request arrives in 0-RTT packets", async () => {
    const binary = await buildGoProgram('zerortt');
    const qlogDir = join(work, 'server-qlog');
    const [ourKeys, goKeys] = [join(work, 'server.keys'), join(work, 'go-client.keys')];
    const ln = await listenAddrEarly('127.0.0.1:0', serverTLSConfig({ alpn: ['HLD'], keylog: ourKeys }), { allow0RTT: true, qlogDir });
    void serve(ln, { outDir: work, maxUpload: 0 });
    try {
      const r = await runPeer(binary, ['-role', 'client', '-addr', `127.0.0.1:${ln.addr().port}`, '-msg', request, '-keylog', goKeys], 30_000);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`echo: ${request}\n0-RTT used\n`);
    } finally {
      ln.close();
    }
    // Both connections' qlogs: the ticket's 7-byte echo went in 1-RTT, the request in 0-RTT.
    expectMostlyEarly(await streamBytesByPacketType(qlogDir, 'packet_received'));
    // Go's TLS and ours derived the same client_early_traffic_secret (RFC 8446 §7.1) for the resumed connection.
    expect(earlySecrets(ourKeys)).toHaveLength(1);
    expect(earlySecrets(ourKeys)).toEqual(earlySecrets(goKeys));
  }, 60_000);

  it('our dialAddrEarly against its ListenAddrEarly: the request goes in 0-RTT packets, it reports Used0RTT', async () => {
    const binary = await buildGoProgram('zerortt');
    const [ourKeys, goKeys] = [join(work, 'client.keys'), join(work, 'go-server.keys')];
    const server = spawnPeer(binary, ['-role', 'server', '-addr', '127.0.0.1:0', '-keylog', goKeys], { lifetimeMs: 60_000 });
    const [, addr] = await waitForOutput(server, /^listening (\S+)$/m, 20_000);
    const qlogDir = join(work, 'client-qlog');
    const tls = clientTLSConfig({ alpn: ['HLD'], keylog: ourKeys });
    const cache = ticketCache();
    await fetchTicket(addr!, tls, {}, cache);
    const conn = await dialResumed(addr!, tls, { qlogDir }, cache);
    const { result, outcome } = await requestWithEarlyData(conn, (c) => echo(c, request));
    expect(result).toBe(request);
    expect(outcome).toBe('used');
    conn.closeWithError(0, '');
    await waitForOutput(server, /used0RTT=true/, 5000);
    expectMostlyEarly(await streamBytesByPacketType(qlogDir, 'packet_sent'));
    expect(earlySecrets(ourKeys)).toHaveLength(1);
    expect(earlySecrets(goKeys)).toEqual(earlySecrets(ourKeys));
  }, 60_000);
});
