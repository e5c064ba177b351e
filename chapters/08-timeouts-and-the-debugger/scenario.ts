// Chapter 08 scenario: the article's "timeout: no recent network activity", on purpose and in
// well under a second. First the defaults and what QUIC_DEBUG=1 (--debug) does to them; then a
// dial to a server that never answers (handshakeIdleTimeout 800 ms); then a connection that goes
// quiet after its handshake, where the server asks for 500 ms and the client for 5 s.
import dgram from 'node:dgram';
import { generateSelfSignedCertificate } from '../../src/internal/x509/index.ts';
import { listenAddr } from '../../src/quic.ts';
import { dialAddr } from '../../src/quic.ts';
import { handshakeTimeout, populateConfig } from '../../src/config.ts';

const tls = { nextProtos: ['HLD'], insecureSkipVerify: true };
const cert = generateSelfSignedCertificate();
const secs = (ms: number) => `${ms / 1000} s`;

// 1. The defaults, without and with QUIC_DEBUG=1 (the "Chapter" launch configurations set it).
const debugEnv = process.env.QUIC_DEBUG;
for (const debug of [undefined, '1']) {
  if (debug === undefined) delete process.env.QUIC_DEBUG;
  else process.env.QUIC_DEBUG = debug;
  const c = populateConfig({});
  console.log(
    `${debug ? 'QUIC_DEBUG=1' : 'defaults    '}: handshake idle ${secs(c.handshakeIdleTimeout)}, ` +
      `whole handshake ${secs(handshakeTimeout(c))}, idle after the handshake ${secs(c.maxIdleTimeout)}`,
  );
}
if (debugEnv === undefined) delete process.env.QUIC_DEBUG;
else process.env.QUIC_DEBUG = debugEnv;

// 2. A "server" that reads and never answers. Explicit timeouts win over QUIC_DEBUG=1.
const silent = dgram.createSocket('udp4');
let initials = 0;
silent.on('message', () => initials++);
await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
let start = performance.now();
try {
  await dialAddr(`127.0.0.1:${silent.address().port}`, tls, { handshakeIdleTimeout: 800 });
} catch (err) {
  const ms = Math.round(performance.now() - start);
  console.log(`dial to a silent server (handshakeIdleTimeout 800 ms): "${(err as Error).message}" after ${ms} ms`);
  console.log(`  the silent server got ${initials} datagrams: the client's first Initial, then two probes at each PTO (200 ms before an RTT sample, then doubling)`);
}
silent.close();

// 3. A handshake, then silence. Each side takes min(ours, peer's), where a peer's value counts as
//    at least 5 s (MinRemoteIdleTimeout), and never less than 3 × PTO: the server (500 ms) goes
//    first, the client (2 s) later. An idle timeout sends nothing: each side finds out alone.
const ln = await listenAddr(
  '127.0.0.1:0',
  { certificates: [{ chain: [cert.certificate], privateKey: cert.privateKey }], nextProtos: ['HLD'] },
  { maxIdleTimeout: 500 },
);
const client = await dialAddr(`127.0.0.1:${ln.addr().port}`, tls, { maxIdleTimeout: 2000 });
const serverConn = await ln.accept();
start = performance.now();
console.log('connected: the server asks for 500 ms, the client for 2 s; nobody sends anything now');
const ended = (signal: AbortSignal) =>
  new Promise<string>((resolve) =>
    signal.addEventListener('abort', () => resolve(`"${(signal.reason as Error).message}" after ${Math.round(performance.now() - start)} ms`), {
      once: true,
    }),
  );
const [server, clientEnd] = await Promise.all([ended(serverConn.context), ended(client.context)]);
console.log(`  server (500 ms): ${server}`);
console.log(`  client (2 s):    ${clientEnd}`);
ln.close();
