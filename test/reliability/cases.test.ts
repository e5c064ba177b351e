// quic-interop-runner's test cases, our client ↔ our server through the impairment relay
// (test/reliability/relay.ts). Seeds are fixed; RELAY_SEED=n replays another one.
import { afterEach, describe, expect, it } from 'vitest';
import { getCipherSuite } from '../../src/internal/handshake/cipher_suite.ts';
import { newHeaderProtector } from '../../src/internal/handshake/header_protector.ts';
import { generateSelfSignedCertificate } from '../../src/internal/x509/index.ts';
import { HandshakeTimeoutError, IdleTimeoutError } from '../../src/internal/qerr/errors.ts';
import { Version1 } from '../../src/internal/protocol/version.ts';
import type { Connection } from '../../src/interface.ts';
import { maxLostMTUProbes, maxMTUDiff } from '../../src/mtu_discoverer.ts';
import { Relay, relaySeed, type Direction, type Impairment, type TailKind } from './relay.ts';
import {
  clientTLS,
  dial,
  download,
  pattern,
  serverTLS,
  sha256,
  startTestServer,
  upload,
  waitFor,
  type TestServer,
} from './helpers.ts';

const MiB = 1 << 20;
/** Our default handshake timeout: 2 × DefaultHandshakeIdleTimeout. */
const handshakeTimeoutMs = 10_000;

let server: TestServer | undefined;
let relay: Relay | undefined;
const conns: Connection[] = [];

afterEach(async () => {
  for (const c of conns.splice(0)) c.closeWithError(0, '');
  relay?.close();
  relay = undefined;
  await server?.close();
  server = undefined;
});

async function setUp(seed: number, toServer: Impairment, toClient: Impairment = toServer, serverConfig = {}): Promise<Relay> {
  server = await startTestServer(serverConfig);
  relay = await Relay.start({ target: server.addr, seed: relaySeed(seed), toServer, toClient });
  return relay;
}

async function connect(config = {}, tls = clientTLS()): Promise<Connection> {
  const c = await dial(relay!.addr, config, tls);
  conns.push(c);
  return c;
}

/** A failure message that names the seed, so the run can be replayed. */
const withSeed = (r: Relay) => `seed ${r.seed} (RELAY_SEED=${r.seed} replays); relay ${JSON.stringify(r.stats)}`;

/**
 * The two ways a handshake may give up (quic-go's connection.go): the 10 s handshake timeout, or the
 * 5 s handshake idle timeout when nothing authentic arrived for that long (reported, as in quic-go,
 * as "timeout: no recent network activity").
 */
const isHandshakeTimeout = (e: unknown) => e instanceof HandshakeTimeoutError || e instanceof IdleTimeoutError;

/**
 * 50 handshakes at a given impairment, all at once: each one either completes or fails with the
 * handshake timeout, and none outlives that timeout (by more than timer lateness).
 */
async function handshakes(r: Relay, n: number): Promise<{ ok: number; timedOut: number }> {
  const results = await Promise.all(
    Array.from({ length: n }, async () => {
      const start = performance.now();
      try {
        const c = await connect();
        return { ok: true, ms: performance.now() - start };
      } catch (e) {
        return { ok: false, ms: performance.now() - start, err: e as Error };
      }
    }),
  );
  for (const res of results) {
    // Slack for a loaded machine, where the connection's timer fires late.
    expect(res.ms, withSeed(r)).toBeLessThan(handshakeTimeoutMs + 2500);
    if (!res.ok) expect(isHandshakeTimeout(res.err), `${res.err}; ${withSeed(r)}`).toBe(true);
  }
  return { ok: results.filter((x) => x.ok).length, timedOut: results.filter((x) => !x.ok).length };
}

describe('handshake under impairment', () => {
  it('handshakeloss: 50 handshakes at 30 % loss each complete or time out', async () => {
    const r = await setUp(1, { drop: 0.3 });
    const { ok } = await handshakes(r, 50);
    expect(r.stats.toServer.dropped + r.stats.toClient.dropped).toBeGreaterThan(0);
    expect(ok, withSeed(r)).toBeGreaterThan(25);
  }, 40_000);

  it('handshakecorruption: 50 handshakes at 30 % corruption; corrupted packets are dropped, not fatal', async () => {
    const r = await setUp(2, { corrupt: 0.3 });
    const { ok } = await handshakes(r, 50);
    expect(r.stats.toServer.corrupted + r.stats.toClient.corrupted).toBeGreaterThan(0);
    expect(ok, withSeed(r)).toBeGreaterThan(25);
  }, 40_000);

  it('longrtt: a handshake and a download across a 750 ms RTT', async () => {
    const r = await setUp(3, { delayMs: 375 });
    const start = performance.now();
    const c = await connect();
    const handshakeMs = performance.now() - start;
    expect(handshakeMs).toBeGreaterThanOrEqual(750);
    const got = await download(c, 100_000);
    expect(got.sha256, withSeed(r)).toBe(sha256(pattern(100_000)));
  }, 30_000);

  it('amplificationlimit: without the client’s address validated, the server sends at most 3× what it received', async () => {
    // A leaf with many names: the certificate alone exceeds three client Initials.
    const big = generateSelfSignedCertificate({ dnsNames: Array.from({ length: 250 }, (_, i) => `host-${i}.example.com`) });
    expect(big.certificate.raw.length).toBeGreaterThan(3 * 1280);
    server = await startTestServer({}, serverTLS([big.certificate], big.privateKey));
    // Only the client's first datagram (its first Initial) reaches the server.
    const r = await Relay.start({ target: server.addr, seed: relaySeed(4), toServer: { filter: (_d, i) => i === 0 } });
    relay = r;
    const failed = await connect({ handshakeIdleTimeout: 1000 }).then(() => undefined, (e: unknown) => e);
    expect(isHandshakeTimeout(failed), String(failed)).toBe(true);
    // The server keeps probing for up to its own handshake timeout; give it a few PTOs.
    await new Promise((res) => setTimeout(res, 2500));
    const received = r.stats.toServer.forwardedBytes;
    const sent = r.stats.toClient.bytes;
    expect(r.stats.toServer.forwarded).toBe(1);
    expect(sent, withSeed(r)).toBeLessThanOrEqual(3 * received);
    // …and it did hit the limit rather than stay far below it.
    expect(sent, withSeed(r)).toBeGreaterThan(2.5 * received);
  }, 30_000);
});

describe('transfer under impairment', () => {
  it('transferloss: 10 MiB at 2 % loss arrives intact', async () => {
    const r = await setUp(5, { drop: 0.02 });
    const c = await connect();
    const got = await download(c, 10 * MiB);
    expect(r.stats.toClient.dropped).toBeGreaterThan(0);
    expect(got.bytes).toBe(10 * MiB);
    expect(got.sha256, withSeed(r)).toBe(sha256(pattern(10 * MiB)));
  }, 60_000);

  it('transfercorruption: 10 MiB at 2 % corruption arrives intact', async () => {
    const r = await setUp(6, { corrupt: 0.02 });
    const c = await connect();
    const got = await download(c, 10 * MiB);
    expect(r.stats.toClient.corrupted).toBeGreaterThan(0);
    expect(got.sha256, withSeed(r)).toBe(sha256(pattern(10 * MiB)));
  }, 60_000);

  it('duplicates and reordering: 4 MiB arrives intact', async () => {
    const r = await setUp(7, { duplicate: 0.05, reorder: 0.05 });
    const c = await connect();
    const got = await download(c, 4 * MiB);
    expect(r.stats.toClient.duplicated).toBeGreaterThan(0);
    expect(r.stats.toClient.reordered).toBeGreaterThan(0);
    expect(got.sha256, withSeed(r)).toBe(sha256(pattern(4 * MiB)));
  }, 60_000);

  it('blackhole: a transfer survives a 2 s outage after 5 s of traffic', async () => {
    const outage = { onMs: 5000, offMs: 2000 };
    const r = await setUp(8, { outage }, { outage });
    const c = await connect();
    // Keep downloading until the transfer has spanned the outage.
    const start = performance.now();
    let rounds = 0;
    while (performance.now() - start < outage.onMs + outage.offMs + 500) {
      const got = await download(c, 2 * MiB);
      expect(got.sha256, withSeed(r)).toBe(sha256(pattern(2 * MiB)));
      rounds++;
    }
    expect(r.stats.toClient.droppedByOutage + r.stats.toServer.droppedByOutage, withSeed(r)).toBeGreaterThan(0);
    expect(rounds).toBeGreaterThan(1);
  }, 60_000);
});

describe('path MTU discovery (RFC 9000 §14.3)', () => {
  /** How many datagrams of this direction were between `from` and `to` bytes long. */
  const sized = (sizes: Map<number, number>, from: number, to: number) =>
    [...sizes].filter(([size]) => size >= from && size <= to).reduce((n, [, count]) => n + count, 0);

  it('pmtud: the server’s datagrams grow from 1,280 bytes to within maxMTUDiff of the 1,452-byte ceiling', async () => {
    const r = await setUp(11, {});
    const c = await connect();
    const got = await download(c, 4 * MiB);
    expect(got.sha256, withSeed(r)).toBe(sha256(pattern(4 * MiB)));
    const sizes = r.stats.toClient.forwardedSizes;
    expect(Math.max(...sizes.keys())).toBeLessThanOrEqual(1452);
    // 4 MiB is ~3,000 full datagrams: most of them at the discovered size, not just a probe or two.
    expect(sized(sizes, 1452 - maxMTUDiff - 1, 1452), withSeed(r)).toBeGreaterThan(1000);
  }, 60_000);

  it('pmtud: over a path that drops datagrams above 1,400 bytes, the sizes settle just below it, and the data arrives intact', async () => {
    const pathMTU = 1400;
    const fits = (d: Uint8Array) => d.length <= pathMTU;
    const config = { maxUDPPayloadSize: 65_527 };
    const r = await setUp(12, { filter: fits }, { filter: fits }, config);
    const c = await connect(config);
    // From a 65,527-byte ceiling the search takes a dozen probes, 5 RTTs apart, so it may span downloads.
    const settled = () => sized(r.stats.toClient.forwardedSizes, pathMTU - maxMTUDiff - 1, pathMTU) > 1000;
    for (let round = 0; round < 20 && !settled(); round++) {
      const got = await download(c, 2 * MiB);
      expect(got.sha256, withSeed(r)).toBe(sha256(pattern(2 * MiB)));
    }
    // The probes that were too large were lost (and the first ones went far above the path's MTU) …
    expect(r.stats.toClient.dropped, withSeed(r)).toBeGreaterThanOrEqual(maxLostMTUProbes);
    // … and then the data went at the largest size the path carries, give or take maxMTUDiff.
    expect(settled(), withSeed(r)).toBe(true);
  }, 60_000);

  it('pmtud on loopback: with the ceiling raised, datagrams grow past 60,000 bytes', async () => {
    const config = { maxUDPPayloadSize: 65_527 };
    const r = await setUp(13, {}, {}, config);
    const c = await connect(config);
    const got = await download(c, 16 * MiB);
    expect(got.sha256, withSeed(r)).toBe(sha256(pattern(16 * MiB)));
    // IPv4 carries at most 65,507 bytes of UDP payload; a larger probe fails to send and counts as lost.
    expect(Math.max(...r.stats.toClient.forwardedSizes.keys())).toBeLessThanOrEqual(65_507);
    expect(sized(r.stats.toClient.forwardedSizes, 60_000, 65_507), withSeed(r)).toBeGreaterThan(100);
  }, 60_000);

  it('disablePathMTUDiscovery keeps every datagram at initialPacketSize', async () => {
    const config = { disablePathMTUDiscovery: true };
    const r = await setUp(14, {}, {}, config);
    const c = await connect(config);
    await download(c, 1 * MiB);
    expect(Math.max(...r.stats.toClient.forwardedSizes.keys(), ...r.stats.toServer.forwardedSizes.keys())).toBe(1280);
  }, 60_000);
});

describe('streams and keys', () => {
  it('multiplexing: 2,000 small streams on one connection', async () => {
    server = await startTestServer({ maxIncomingStreams: 2000 });
    relay = await Relay.start({ target: server.addr, seed: relaySeed(9) });
    const c = await connect();
    const n = 2000;
    const results = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const got = await download(c, 1 + (i % 2000));
        return got.sha256 === sha256(pattern(1 + (i % 2000)));
      }),
    );
    expect(results.filter(Boolean).length).toBe(n);
  }, 60_000);

  it('keyupdate: the client updates its keys within the first MiB of an upload', async () => {
    const secrets = new Map<string, Uint8Array>();
    const tls = clientTLS({
      keyLogWriter: (line) => {
        const [label, , hex] = line.split(' ');
        secrets.set(label!, Uint8Array.from(Buffer.from(hex!, 'hex')));
      },
    });
    // Key phase bits as seen on the wire, with the header protection removed using the logged secrets.
    const phases: { dir: string; bytesBefore: number; phase: number }[] = [];
    let clientBytes = 0;
    let c: Connection | undefined;
    server = await startTestServer();
    const r = await Relay.start({
      target: server.addr,
      seed: relaySeed(10),
      onForward: (dir, data) => {
        if (dir === 'toServer') clientBytes += data.length;
        if (!c || (data[0]! & 0xc0) !== 0x40) return; // short headers only
        const label = dir === 'toServer' ? 'CLIENT_TRAFFIC_SECRET_0' : 'SERVER_TRAFFIC_SECRET_0';
        const hp = newHeaderProtector(getCipherSuite(c.connectionState().tls.cipherSuite), secrets.get(label)!, Version1, 'node');
        const copy = Uint8Array.from(data);
        hp.decryptHeader(copy, 1 + (dir === 'toServer' ? server!.transport.connIDLen : 0));
        phases.push({ dir, bytesBefore: clientBytes, phase: (copy[0]! >> 2) & 1 });
      },
    });
    relay = r;
    c = await connect({}, tls);
    const data = pattern(2 * MiB);
    expect(await upload(c, 'keyupdate.bin', data)).toBe(`OK ${data.length} ${sha256(data)}\n`);
    const firstUpdate = phases.find((p) => p.phase === 1);
    expect(firstUpdate, 'no packet in key phase 1').toBeDefined();
    expect(firstUpdate!.dir).toBe('toServer');
    expect(firstUpdate!.bytesBefore).toBeLessThan(MiB);
    // The server followed: its packets switch to phase 1 too.
    expect(phases.some((p) => p.dir === 'toClient' && p.phase === 1)).toBe(true);
  }, 30_000);
});

describe('bytes after the packets of a datagram are dropped, never fatal (RFC 9000 §12.2, §14.1, §17.2)', () => {
  // The relay appends a tail only after a long header packet (a short one runs to the end of the
  // datagram). A leaf with many names makes the server's first flight span several datagrams of
  // Initial and Handshake packets, the first of which arrives before the client has 1-RTT keys; the
  // client's first Initial reaches the server before the server has them. A tail on those is kept
  // for the keys (or dropped at once), and must not close the connection when they arrive.
  const big = generateSelfSignedCertificate({ dnsNames: Array.from({ length: 100 }, (_, i) => `host-${i}.example.com`) });
  async function tailed(seed: number, toServer: Impairment, toClient: Impairment): Promise<Relay> {
    server = await startTestServer({}, serverTLS([big.certificate], big.privateKey));
    relay = await Relay.start({ target: server.addr, seed: relaySeed(seed), toServer, toClient });
    return relay;
  }

  const directions: Direction[] = ['toServer', 'toClient'];
  let seed = 40;
  for (const kind of ['zeros', 'random', 'fixedBitClear'] as TailKind[]) {
    for (const dir of directions) {
      const s = seed++;
      it(`a ${kind} tail on every handshake datagram ${dir}: the handshake completes, an upload and a download arrive intact`, async () => {
        const tail: Impairment = { tail: { kind } };
        const r = await tailed(s, dir === 'toServer' ? tail : {}, dir === 'toClient' ? tail : {});
        const c = await connect();
        const data = pattern(256 * 1024);
        expect(await upload(c, 'tail.bin', data), withSeed(r)).toBe(`OK ${data.length} ${sha256(data)}\n`);
        const got = await download(c, 256 * 1024);
        expect(got.sha256, withSeed(r)).toBe(sha256(pattern(256 * 1024)));
        expect(r.stats[dir].tailed, withSeed(r)).toBeGreaterThan(dir === 'toClient' ? 1 : 0);
      }, 30_000);
    }
  }

  for (const kind of ['fixedBitClear', 'shortHeader', 'zeros'] as TailKind[]) {
    it(`a ${kind} tail on each side's first datagram, before the 1-RTT keys exist, does not close the connection once they do`, async () => {
      const first: Impairment = { tail: { kind, when: (_d, i) => i === 0 } };
      const r = await tailed(50, first, first);
      const c = await connect();
      const got = await download(c, 64 * 1024);
      expect(got.sha256, withSeed(r)).toBe(sha256(pattern(64 * 1024)));
      expect(r.stats.toClient.tailed + r.stats.toServer.tailed, withSeed(r)).toBe(2);
    }, 30_000);
  }
});

describe('no state left behind', () => {
  it('after lossy handshakes and a close, the server forgets every connection', async () => {
    const r = await setUp(11, { drop: 0.1 }, { drop: 0.1 }, { maxIdleTimeout: 1000, handshakeIdleTimeout: 1000 });
    await handshakes(r, 10);
    for (const c of conns.splice(0)) c.closeWithError(0, '');
    // Closed connections linger as placeholders for 3 PTOs; timed-out handshakes go after 2 s.
    await waitFor(() => server!.handlers() === 0, 10_000, 'an empty connection table');
  }, 30_000);
});
