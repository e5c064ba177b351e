// HTTP/3 (RFC 9114) between our stack and three independent implementations, on loopback:
// ngtcp2's gtlsclient/gtlsserver (nghttp3), quic-go 0.29's http3 package both ways, and Chromium,
// which loads a small site from our server; its trace must show Chromium's connection going
// through the accept chain (transport.listen → handlePacketImpl → handleInitialImpl → connQueue →
// accept) with ALPN h3.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spkiHash } from '../../src/cmd/h3_server.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';
import { dialTestServer, readBody, startTestServer, type TestServer } from '../http3/h3.ts';
import { loadInChromium } from '../http3/chromium.ts';
import { skipWithout, type Tool } from '../peers/availability.ts';
import { buildGoProgram, startGoListener } from '../peers/go.ts';
import { runNgtcp2Client, startNgtcp2Server } from '../peers/ngtcp2.ts';
import { runPeer } from '../peers/process.ts';
import { stopAllPeers } from '../peers/peers.ts';

/** Skipped when a peer is missing (unless CI requires it) or QUIC_SKIP_INTEROP=1 (test/peers/availability.ts). */
const skipUnless = (...tools: Tool[]) => process.env.QUIC_SKIP_INTEROP === '1' || skipWithout(...tools);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const work = mkdtempSync(join(tmpdir(), 'h3-interop-'));
const root = join(work, 'root');
mkdirSync(root);
const files: Record<string, Buffer> = { 'zero.bin': Buffer.alloc(0), 'one-kb.bin': randomBytes(1024), 'five-mb.bin': randomBytes(5 * 1024 * 1024) };
for (const [name, data] of Object.entries(files)) writeFileSync(join(root, name), data);
const fixtureSite = fileURLToPath(new URL('../http3/fixture-site/', import.meta.url));

let ours: TestServer;
beforeAll(async () => {
  ours = await startTestServer(root);
});
afterAll(async () => {
  await ours?.server.close(0);
  await stopAllPeers();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(skipUnless('gtlsclient', 'gtlsserver', 'openssl'))('ngtcp2 (nghttp3)', () => {
  it('gtlsclient fetches 0 B, 1 KB and 5 MB from our server', async () => {
    const dl = join(work, 'gtls-dl');
    mkdirSync(dl);
    const port = Number(ours.addr.split(':')[1]);
    for (const name of Object.keys(files)) {
      const r = await runNgtcp2Client({ port, uri: `https://${ours.addr}/${name}`, extraArgs: ['-q', `--download=${dl}`], timeoutMs: 15_000 });
      expect(r.code, r.stderr.slice(-500)).toBe(0);
    }
    for (const [name, data] of Object.entries(files)) expect(sha256(readFileSync(join(dl, name))), name).toBe(sha256(data));
    expect(ours.log.filter((l) => / GET \/\S+\.bin → 200/.test(l)).length).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it('our client fetches 1 KB and 5 MB from gtlsserver', async () => {
    const server = await startNgtcp2Server({ htdocs: root });
    try {
      const c = await dialTestServer(server.addr);
      for (const name of ['one-kb.bin', 'five-mb.bin']) {
        const r = await c.roundTrip({ method: 'GET', authority: server.addr, path: `/${name}` });
        expect(r.status).toBe(200);
        expect(sha256(await readBody(r))).toBe(sha256(files[name]!));
      }
      c.close();
    } finally {
      await server.stop();
    }
  }, 30_000);
});

describe.skipIf(skipUnless('go', 'quicGo'))("quic-go 0.29's http3", () => {
  beforeAll(() => buildGoProgram('h3peer'), 180_000);

  it('its client fetches 1 KB, 5 MB and a 404 from our server', async () => {
    const bin = await buildGoProgram('h3peer');
    for (const name of ['one-kb.bin', 'five-mb.bin']) {
      const r = await runPeer(bin, ['-mode', 'client', '-url', `https://${ours.addr}/${name}`], 20_000);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(`status 200 length ${files[name]!.length} sha256 ${sha256(files[name]!)} proto HTTP/3.0\n`);
    }
    const r = await runPeer(bin, ['-mode', 'client', '-url', `https://${ours.addr}/missing`], 10_000);
    expect(r.stdout).toMatch(/^status 404 /);
  }, 40_000);

  it('our client fetches 0 B, 1 KB and 5 MB from its server', async () => {
    const go = await startGoListener('h3peer', ['-mode', 'server', '-root', root]);
    try {
      const c = await dialTestServer(go.addr);
      for (const [name, data] of Object.entries(files)) {
        const r = await c.roundTrip({ method: 'GET', authority: go.addr, path: `/${name}` });
        expect(r.status).toBe(200);
        expect(sha256(await readBody(r))).toBe(sha256(data));
      }
      c.close();
    } finally {
      await go.stop();
    }
  }, 30_000);
});

describe.skipIf(skipUnless('chromium'))('Chromium', () => {
  it('loads the fixture site over h3 from our server, through the accept chain', async () => {
    const events: TraceEvent[] = [];
    const site = await startTestServer(fixtureSite);
    setTraceSink((e) => events.push(e));
    try {
      const run = await loadInChromium(site.addr, spkiHash(site.tls.certificates![0]!.chain[0]!.raw), ['/', '/page2.html']);
      expect(run.pages.map((p) => p.title)).toEqual(['HTTP/3 fixture', 'Page 2']);
      expect(run.pages[0]!.text).toContain('script ran; logo 16x16'); // the script ran, the PNG decoded
      const ofSite = run.responses.filter((r) => !r.url.endsWith('/favicon.ico'));
      expect(ofSite.map((r) => new URL(r.url).pathname).sort()).toEqual(['/', '/app.js', '/logo.png', '/page2.html', '/style.css', '/style.css']);
      for (const r of ofSite) expect([r.url, r.status, r.protocol]).toEqual([r.url, 200, 'h3']);

      const steps = events.map((e) => `${e.goroutine} ${e.step}`);
      const chain = [
        'transport.listen server.handlePacket → receivedPackets',
        'server.run handlePacketImpl',
        'server.run handleInitialImpl',
        'handleNewConn connQueue <- conn',
        'app accept ← connQueue',
        'app http3: accepted connection, ALPN h3',
      ];
      let at = -1;
      for (const step of chain) {
        at = steps.indexOf(step, at + 1);
        expect(at, `${step} after the previous step`).toBeGreaterThan(-1);
      }
    } finally {
      setTraceSink(undefined);
      await site.server.close(0);
    }
  }, 40_000);
});
