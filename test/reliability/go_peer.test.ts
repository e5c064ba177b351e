// The impairment cases against an independent implementation: the quic-go peer (test/peers) on one
// side of the relay, our stack on the other. QUIC_SKIP_INTEROP=1 skips them.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildGoPeer, runGoClient, skipInterop, startGoServer, stopAllPeers, type GoServer } from '../peers/peers.ts';
import type { Connection } from '../../src/interface.ts';
import { Relay, relaySeed, type Impairment, type TailKind } from './relay.ts';
import { dial, download, pattern, serverTLS, sha256, startTestServer, upload, type TestServer } from './helpers.ts';
import { generateSelfSignedCertificate } from '../../src/internal/x509/index.ts';
import { maxMTUDiff } from '../../src/mtu_discoverer.ts';

const MiB = 1 << 20;
/** Bytes that are no packet after the packets of every handshake datagram (RFC 9000 §12.2, §14.1, §17.2). */
const tailKinds: TailKind[] = ['zeros', 'random', 'fixedBitClear'];
const tails = (kind: TailKind): Impairment => ({ tail: { kind } });
/** quic-go's ceiling and ours by default: 1452 bytes (MaxPacketBufferSize). */
const ceiling = 1452;

/** Forwarded datagrams within maxMTUDiff of the ceiling: only a grown path MTU puts data there. */
const nearCeiling = (sizes: Map<number, number>) =>
  [...sizes].filter(([size]) => size >= ceiling - maxMTUDiff - 1 && size <= ceiling).reduce((n, [, count]) => n + count, 0);
let relay: Relay | undefined;

afterEach(() => {
  relay?.close();
  relay = undefined;
});

afterAll(() => stopAllPeers());

describe.skipIf(skipInterop())('quic-go server ← relay ← our client', () => {
  let go: GoServer;
  beforeAll(async () => {
    await buildGoPeer();
    go = await startGoServer([], { lifetimeMs: 120_000 });
  }, 180_000);

  it('transferloss: 4 MiB at 2 % loss arrives intact', async () => {
    relay = await Relay.start({ target: go.addr, seed: relaySeed(21), toServer: { drop: 0.02 }, toClient: { drop: 0.02 } });
    const c: Connection = await dial(relay.addr);
    try {
      const got = await download(c, 4 * MiB);
      expect(got.sha256, `seed ${relay.seed}`).toBe(sha256(pattern(4 * MiB)));
      expect(relay.stats.toClient.dropped).toBeGreaterThan(0);
    } finally {
      c.closeWithError(0, '');
    }
  }, 60_000);

  it('pmtud: quic-go acknowledges our path MTU probes, and our upload goes out in datagrams near 1452 bytes', async () => {
    relay = await Relay.start({ target: go.addr, seed: relaySeed(25) });
    const c: Connection = await dial(relay.addr);
    try {
      const data = pattern(4 * MiB);
      expect(await upload(c, 'pmtud.bin', data)).toMatch(/^OK/);
      expect(nearCeiling(relay.stats.toServer.forwardedSizes), JSON.stringify(relay.stats)).toBeGreaterThan(1000);
    } finally {
      c.closeWithError(0, '');
    }
  }, 60_000);

  for (const [i, kind] of tailKinds.entries()) {
    it(`a ${kind} tail after the packets of each handshake datagram, both ways: the connection lives, 256 KiB arrive intact`, async () => {
      relay = await Relay.start({ target: go.addr, seed: relaySeed(60 + i), toServer: tails(kind), toClient: tails(kind) });
      const c: Connection = await dial(relay.addr);
      try {
        const got = await download(c, 256 * 1024);
        expect(got.sha256, `seed ${relay.seed}`).toBe(sha256(pattern(256 * 1024)));
        expect(relay.stats.toServer.tailed, JSON.stringify(relay.stats)).toBeGreaterThan(0);
      } finally {
        c.closeWithError(0, '');
      }
    }, 30_000);
  }

  it('transfercorruption: 4 MiB at 2 % corruption arrives intact', async () => {
    relay = await Relay.start({ target: go.addr, seed: relaySeed(22), toServer: { corrupt: 0.02 }, toClient: { corrupt: 0.02 } });
    const c: Connection = await dial(relay.addr);
    try {
      const got = await download(c, 4 * MiB);
      expect(got.sha256, `seed ${relay.seed}`).toBe(sha256(pattern(4 * MiB)));
    } finally {
      c.closeWithError(0, '');
    }
  }, 60_000);
});

describe.skipIf(skipInterop())('quic-go client → relay → our server', () => {
  let server: TestServer;
  beforeAll(async () => {
    await buildGoPeer();
    server = await startTestServer();
  }, 180_000);
  afterAll(() => server?.close());

  // A leaf with many names: our first flight spans several datagrams of long header packets, so
  // there are tails in both directions (a tail can follow only a long header packet).
  for (const [i, kind] of tailKinds.entries()) {
    it(`a ${kind} tail after the packets of each handshake datagram, both ways: quic-go downloads 256 KiB`, async () => {
      const big = generateSelfSignedCertificate({ dnsNames: Array.from({ length: 100 }, (_, n) => `host-${n}.example.com`) });
      const tailed = await startTestServer({}, serverTLS([big.certificate], big.privateKey));
      try {
        relay = await Relay.start({ target: tailed.addr, seed: relaySeed(70 + i), toServer: tails(kind), toClient: tails(kind) });
        const r = await runGoClient(['-addr', relay.addr, '-op', 'goodput', '-bytes', String(256 * 1024)], 20_000);
        expect(r.code, `${r.stderr}; seed ${relay.seed}`).toBe(0);
        expect(relay.stats.toServer.tailed, JSON.stringify(relay.stats)).toBeGreaterThan(0);
        expect(relay.stats.toClient.tailed, JSON.stringify(relay.stats)).toBeGreaterThan(0);
      } finally {
        await tailed.close();
      }
    }, 30_000);
  }

  it('handshakeloss: 10 quic-go handshakes at 30 % loss complete or time out', async () => {
    relay = await Relay.start({ target: server.addr, seed: relaySeed(23), toServer: { drop: 0.3 }, toClient: { drop: 0.3 } });
    const runs = await Promise.all(Array.from({ length: 10 }, () => runGoClient(['-addr', relay!.addr, '-op', 'handshake'], 12_000)));
    for (const r of runs) {
      // Success, or quic-go's own timeout wording: never a crash or a protocol error.
      if (r.code !== 0) expect(r.stderr, `seed ${relay.seed}`).toMatch(/timeout/);
    }
    expect(runs.filter((r) => r.code === 0).length, `seed ${relay.seed}`).toBeGreaterThan(5);
  }, 60_000);

  it('pmtud: quic-go acknowledges our server’s path MTU probes, and its download comes in datagrams near 1452 bytes', async () => {
    relay = await Relay.start({ target: server.addr, seed: relaySeed(26) });
    const r = await runGoClient(['-addr', relay.addr, '-op', 'goodput', '-bytes', String(4 * MiB)], 50_000);
    expect(r.code, r.stderr).toBe(0);
    expect(nearCeiling(relay.stats.toClient.forwardedSizes), JSON.stringify(relay.stats)).toBeGreaterThan(1000);
  }, 60_000);

  it('transferloss: quic-go downloads 4 MiB from us at 2 % loss', async () => {
    relay = await Relay.start({ target: server.addr, seed: relaySeed(24), toServer: { drop: 0.02 }, toClient: { drop: 0.02 } });
    const r = await runGoClient(['-addr', relay.addr, '-op', 'goodput', '-bytes', String(4 * MiB)], 50_000);
    expect(r.code, `${r.stderr}; seed ${relay.seed}`).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!).bytes).toBe(4 * MiB);
  }, 60_000);
});
