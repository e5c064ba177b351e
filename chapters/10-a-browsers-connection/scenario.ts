// Chapter 10 scenario: a real browser through the accept path. Our HTTP/3 server (src/http3) on a
// socket that keeps a copy of each datagram it receives; Chromium, headless, forced onto QUIC for
// our origin, loads two pages of the built course site (docs/.vitepress/dist, made by
// `npm run docs:build`). Then: what Chromium's first datagrams carry (opened with the Initial
// keys), its ClientHello and transport parameters, how it coalesces packets, and how many
// connections the accept chain saw.
// CHAPTER10_SITE=fixture serves the small test/http3/fixture-site instead (two pages: / and
// /page2.html), which needs no site build; npm test runs the scenario that way.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spkiHash } from '../../src/cmd/h3_server.ts';
import { serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { fileServer } from '../../src/http3/file_server.ts';
import { Server } from '../../src/http3/server.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { go } from '../../src/internal/utils/goroutine.ts';
import { addrString, listenUDP } from '../../src/sys_conn.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';
import { Transport } from '../../src/transport.ts';
import { chromiumPath, havePeers, installCommand } from '../../test/peers/availability.ts';
import { loadInChromium } from '../../test/http3/chromium.ts';
import { clientHello, packetsOf, reassemble, RecordingConn, transportParameterList, type PacketInfo } from './inspect.ts';

if (!havePeers().chromium) {
  // (QUIC_HIDE_PEERS=chromium shows this on a machine that has it.)
  console.error(`chapter 10 drives a real browser, and there is no Chromium at ${chromiumPath}.`);
  console.error(`Install Debian's: sudo ${installCommand(['chromium'])}`);
  console.error('or point CHROMIUM_PATH at a Chromium or Chrome binary, then run npm run chapter -- 10 again.');
  process.exit(1);
}

const fixture = process.env.CHAPTER10_SITE === 'fixture';
const siteDir = fixture ? 'test/http3/fixture-site' : 'docs/.vitepress/dist';
const site = fileURLToPath(new URL(`../../${siteDir}/`, import.meta.url));
if (!existsSync(join(site, 'index.html'))) {
  console.error(`chapter 10 serves the built course site, and ${siteDir} has none: build it with npm run docs:build (or run CHAPTER10_SITE=fixture npm run chapter -- 10 for the small test site).`);
  process.exit(1);
}
// Two page loads: the home page, then a chapter (a full navigation, not the site's client-side routing).
const paths = fixture ? ['/', '/page2.html'] : ['/', '/chapters/01-listener-accept.html'];

const events: TraceEvent[] = [];
setTraceSink((e) => events.push(e));
const tls = serverTLSConfig({ alpn: ['h3'] });
const socket = new RecordingConn(await listenUDP('127.0.0.1:0', systemClock));
const ln = new Transport(socket, {}, true, true).Listen(tls, {});
const requests: string[] = [];
const server = new Server({ handler: await fileServer(site), log: (l) => requests.push(l) });
void go('http3.serve', () => server.serveListener(ln));
const origin = addrString(ln.addr());
const spki = spkiHash(tls.certificates![0]!.chain[0]!.raw);
console.log(`HTTP/3 server on ${origin} serving ${siteDir} (ALPN h3)`);
console.log(execFileSync(chromiumPath, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
console.log(`  --origin-to-force-quic-on=${origin} --ignore-certificate-errors-spki-list=${spki}`);

const run = await loadInChromium(origin, spki, paths);
await server.close(100);
setTraceSink(undefined);

/** "a 3, b 1": how many of each, most first. */
const tally = (xs: (string | number)[]): string => {
  const m = new Map<string | number, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0]))).map(([k, n]) => `${k} ${n}`).join(', ');
};
console.log('\npages rendered:');
for (const [i, p] of run.pages.entries()) console.log(`  ${i + 1}. ${new URL(p.url).pathname}  "${p.title}"`);
// data: URLs (the site's inline SVG icons) get a Network.responseReceived too, without the network.
const fetched = run.responses.filter((r) => r.url.startsWith(`https://${origin}/`));
console.log(`responses from our origin (DevTools Network.responseReceived): ${fetched.length}`);
console.log(`  by protocol: ${tally(fetched.map((r) => r.protocol))}`);
console.log(`  by status: ${tally(fetched.map((r) => r.status))}`);
console.log(`  by type: ${tally(fetched.map((r) => r.mimeType))}`);
console.log(`  data: URLs besides, not on the network: ${run.responses.length - fetched.length}`);

// The datagrams of Chromium's handshake, opened with the Initial keys of its first DCID.
const firstDCID = packetsOf(socket.received[0]!.data)[0]!.dcid!;
const describe = (p: PacketInfo): string => {
  if (!p.frames) return p.kind;
  const count = (kind: string) => p.frames!.filter((f) => f.startsWith(kind)).length;
  const padding = p.frames.filter((f) => f.startsWith('padding')).reduce((n, f) => n + Number(f.split(' ')[1]), 0);
  return `Initial [${count('crypto')} CRYPTO, ${count('ping')} PING, ${count('ack')} ACK, ${padding} bytes of PADDING]`;
};
// The first two datagrams carry the ClientHello; the rest of the handshake follows in a few more.
console.log(`\nChromium's first datagrams (Initial DCID ${firstDCID.length} bytes), opened with the Initial keys:`);
const crypto: { offset: number; data: Uint8Array }[] = [];
const datagrams = socket.received.slice(0, 12).map((d) => ({ size: d.data.length, packets: packetsOf(d.data, firstDCID) }));
for (const d of datagrams) for (const p of d.packets) if (p.crypto) crypto.push(...p.crypto);
for (const [i, d] of datagrams.slice(0, 2).entries()) console.log(`  ${i + 1}: ${d.size} bytes  ${d.packets.map(describe).join(' + ')}`);
const offsets = datagrams[0]!.packets[0]!.crypto!.map((c) => c.offset);
console.log(`  CRYPTO offsets in datagram 1, in the order sent: ${offsets.join(' ')}`);
// An Initial shows the kinds of frame it holds: (ack, padding) answers our Initial, (crypto, …) resends the ClientHello.
const kinds = (p: PacketInfo): string => (p.frames ? `${p.kind}(${[...new Set(p.frames.map((f) => f.split(' ')[0]))].join(', ')})` : p.kind);
console.log(`  then: ${datagrams.slice(2, 6).map((d) => `${d.size} ${d.packets.map(kinds).join('+')}`).join(' | ')}`);
const coalesced = datagrams.filter((d) => d.packets.length > 1).length;
console.log(`  datagrams holding more than one QUIC packet, of the first ${datagrams.length}: ${coalesced}`);

const ch = clientHello(reassemble(crypto));
const h = ch.hello;
const hex = (n: number) => `0x${n.toString(16).padStart(4, '0')}`;
console.log(`\nClientHello: ${ch.length} bytes, across ${datagrams.filter((d) => d.packets.some((p) => p.crypto?.length)).length} Initial datagrams`);
console.log(`  cipher suites: ${h.cipherSuites.map(hex).join(' ')}`);
console.log(`  supported groups: ${h.supportedCurves.map(hex).join(' ')}`);
console.log(`  key shares: ${h.keyShares.map((k) => `${hex(k.group)} (${k.data.length} bytes)`).join(', ')}`);
console.log(`  ALPN: ${h.alpnProtocols.join(', ')}; server_name: ${h.serverName ?? 'none'}; versions: ${h.supportedVersions.map(hex).join(' ')}`);
console.log(`  extensions, in the order sent: ${ch.extensions.map(hex).join(' ')}`);
console.log('transport parameters, sorted by id (the order sent is shuffled):');
const tpNames: Record<number, string> = {
  0x1: 'max_idle_timeout', 0x3: 'max_udp_payload_size', 0x4: 'initial_max_data', 0x5: 'initial_max_stream_data_bidi_local',
  0x6: 'initial_max_stream_data_bidi_remote', 0x7: 'initial_max_stream_data_uni', 0x8: 'initial_max_streams_bidi',
  0x9: 'initial_max_streams_uni', 0xf: 'initial_source_connection_id', 0x11: 'version_information (RFC 9368)',
  0x20: 'max_datagram_frame_size (RFC 9221)', 0x3128: 'google_connection_options',
};
for (const tp of transportParameterList(h.quicTransportParameters!).sort((a, b) => (a.id < b.id ? -1 : 1))) {
  const id = Number(tp.id);
  if (tp.id % 31n === 27n) {
    console.log(`  GREASE reserved id 31·N+27 (RFC 9000 §18.1) = ${tp.value.length} bytes`);
    continue;
  }
  const isVarint = tp.value.length > 0 && tp.value.length === 1 << (tp.value[0]! >> 6);
  const value = tp.value.length === 0 ? '(empty)' : isVarint && id !== 0x3128 ? String(varintValue(tp.value)) : `${tp.value.length} bytes`;
  console.log(`  0x${id.toString(16)} ${tpNames[id] ?? 'unknown'} = ${value}`);
}

function varintValue(b: Uint8Array): number {
  let v = b[0]! & 0x3f;
  for (const x of b.subarray(1)) v = v * 256 + x;
  return v;
}

const clients = new Set(socket.received.map((d) => d.from));
const count = (step: string) => events.filter((e) => e.step === step).length;
const pushes = events.filter((e) => e.step === 'connQueue <- conn').map((e) => `${e.queue!.len}/${e.queue!.cap}`);
console.log(`\nconnections for two page loads: client ports ${clients.size}, handleInitialImpl ${count('handleInitialImpl')}, connQueue <- conn ${count('connQueue <- conn')} (queue after each: ${pushes.join(', ')}), accept ${count('accept ← connQueue')}`);
const served = requests.map((l) => / GET (\S+) → (\d+)/.exec(l)).filter((m) => m !== null);
console.log(`requests our server answered: ${served.length}, by status: ${tally(served.map((m) => m[2]!))}`);
console.log(`  not found: ${served.filter((m) => m[2] === '404').map((m) => m[1]).join(' ') || 'none'}`);
console.log('\nthe accept chain for that connection (server side):');
const t0 = events.find((e) => e.step === 'server.handlePacket → receivedPackets')!.t;
const chain = ['server.handlePacket → receivedPackets', 'handlePacketImpl', 'handleInitialImpl', 'go connection.run', 'handshake complete: close(handshakeCompleteChan)', 'connQueue <- conn', 'accept ← connQueue'];
for (const step of chain) {
  const e = events.find((x) => x.step === step)!;
  console.log(`  +${(e.t - t0).toFixed(1)} ms  ${e.goroutine.padEnd(16)} ${step}`);
}
const alpn = events.find((e) => e.step.startsWith('http3: accepted connection'))!;
console.log(`  +${(alpn.t - t0).toFixed(1)} ms  ${alpn.goroutine.padEnd(16)} ${alpn.step}`);
process.exit(0);
