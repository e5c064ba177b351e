import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listenAddr } from '../src/quic.ts';
import { dialAddr } from '../src/quic.ts';
import { generateSelfSignedCertificate } from '../src/internal/x509/index.ts';
import { maxMTUDiff } from '../src/mtu_discoverer.ts';
import { clientTLS, download, startTestServer } from './reliability/helpers.ts';
import { Relay } from './reliability/relay.ts';
import { qlogEventData } from './qlog_events.ts';

const dir = mkdtempSync(join(tmpdir(), 'qlog-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('qlog', () => {
  it('writes one JSON-SEQ file per connection and side, with packets and their frames', async () => {
    const cert = generateSelfSignedCertificate();
    // Without path MTU probes, which may or may not be acknowledged before this short connection ends.
    const config = { qlogDir: dir, disablePathMTUDiscovery: true };
    const ln = await listenAddr('127.0.0.1:0', { certificates: [{ chain: [cert.certificate], privateKey: cert.privateKey }], nextProtos: ['HLD'] }, config);
    const accepted = ln.accept();
    const conn = await dialAddr(`127.0.0.1:${ln.addr().port}`, { nextProtos: ['HLD'], insecureSkipVerify: true }, config);
    const server = await accepted;
    const s = await conn.openStreamSync();
    await s.write(new TextEncoder().encode('qlog me'));
    s.close();
    const peer = await server.acceptStream();
    expect(new TextDecoder().decode(await peer.read())).toBe('qlog me');
    conn.closeWithError(0, '');
    await new Promise((r) => server.context.addEventListener('abort', r, { once: true }));
    ln.close();
    await new Promise((r) => setTimeout(r, 100)); // let the write streams flush

    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files.map((f) => f.split('_')[1])).toEqual(['client.sqlog', 'server.sqlog']);
    for (const f of files) {
      const records = readFileSync(join(dir, f), 'utf8').split('\x1e').filter(Boolean).map((r) => JSON.parse(r));
      expect(records[0].qlog_format).toBe('JSON-SEQ');
      // Drops happen in a clean run too: a retransmission after its keys were discarded, a duplicate.
      const names = new Set(records.slice(1).map((r: { name: string }) => r.name));
      names.delete('transport:packet_dropped');
      expect(names).toEqual(new Set(['transport:packet_sent', 'transport:packet_received', 'connectivity:connection_closed']));
      const types = new Set(records.flatMap((r: { data?: { header?: { packet_type: string } } }) => (r.data?.header ? [r.data.header.packet_type] : [])));
      expect(types).toEqual(new Set(['initial', 'handshake', '1RTT']));
    }
    const client = readFileSync(join(dir, files[0]!), 'utf8');
    expect(client).toContain('"frame_type":"stream"');
  });

  it('records each datagram size path MTU discovery confirms (connectivity:mtu_updated), the last one done', async () => {
    const sub = mkdtempSync(join(dir, 'mtu-'));
    const server = await startTestServer({ qlogDir: sub });
    const conn = await dialAddr(server.addr, clientTLS(), {});
    // Long enough for the four probes from 1280 to 1441 bytes, five round trips apart.
    expect((await download(conn, 16 << 20)).bytes).toBe(16 << 20);
    conn.closeWithError(0, '');
    await server.close();
    await new Promise((r) => setTimeout(r, 100)); // let the write stream flush

    const updates = qlogEventData<{ new: number; done: boolean }>(sub, 'connectivity:mtu_updated');
    // From 1280 towards the 1452-byte ceiling, always growing, and done within maxMTUDiff of it.
    expect(updates.length).toBeGreaterThan(1);
    for (let i = 1; i < updates.length; i++) expect(updates[i]!.new).toBeGreaterThan(updates[i - 1]!.new);
    expect(updates.map((u) => u.done)).toEqual([...Array(updates.length - 1).fill(false), true]);
    expect(updates.at(-1)!.new).toBeGreaterThanOrEqual(1452 - maxMTUDiff - 1);
    expect(updates.at(-1)!.new).toBeLessThanOrEqual(1452);
  });

  it('records a garbage tail after a datagram\'s packets as transport:packet_dropped: header, raw length, trigger', async () => {
    const sub = mkdtempSync(join(dir, 'drop-'));
    const server = await startTestServer({ qlogDir: sub });
    // Zeros after the client's first Initial: not a packet (fixed bit 0, RFC 9000 §17.2).
    let tailLength = 0;
    const relay = await Relay.start({
      target: server.addr,
      seed: 1,
      toServer: { tail: { kind: 'zeros', when: (_d, i) => i === 0 } },
      onForward: (dir, d) => {
        if (dir === 'toServer' && tailLength === 0) tailLength = d.length - 1280;
      },
    });
    const conn = await dialAddr(relay.addr, clientTLS(), {});
    await download(conn, 1000);
    conn.closeWithError(0, '');
    relay.close();
    await server.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(tailLength).toBeGreaterThan(0);
    const drops = qlogEventData(sub, 'transport:packet_dropped');
    expect(drops).toContainEqual({
      header: { packet_type: 'unknown' },
      raw: { length: tailLength },
      trigger: 'invalid',
      details: { reason: 'not a QUIC packet: fixed bit not set' },
    });
  });
});
