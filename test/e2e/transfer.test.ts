// Our client and our server over real UDP on 127.0.0.1: a verified handshake, 100 streams at
// once, large transfers checked by sha256, and a clean close the peer sees as code 0.
//
// Sizes: the pure-TypeScript AES-GCM (noble, the default) moves about 20 Mbit/s here, so 100 MiB
// would take ~45 s alone and over a minute beside the other test files. The 100 MiB case therefore
// uses Config.crypto = 'node' (40–50 Mbit/s: the rest of the stack is the bottleneck), and a
// 10 MiB download runs on noble.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import type { Config } from '../../src/config.ts';
import type { Connection } from '../../src/interface.ts';
import { generateSelfSignedCertificate, type SelfSigned } from '../../src/internal/x509/index.ts';
import { ApplicationError } from '../../src/internal/qerr/errors.ts';
import { Version1 } from '../../src/internal/protocol/version.ts';
import { type Listener } from '../../src/server.ts';
import { listenAddr } from '../../src/quic.ts';
import { echo, goodput, hldALPN, patternSha256, serveListener, sha256Hex, upload } from './hld.ts';
import { closeReason, serverTLS, sleep, withTimeout } from './net.ts';

const MiB = 1 << 20;

let cert: SelfSigned;
const cleanups: (() => void)[] = [];

beforeAll(() => {
  cert = generateSelfSignedCertificate();
});

afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

afterAll(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A listener on 127.0.0.1 running the HLD responder. */
async function hldServer(config: Config = {}): Promise<{ ln: Listener; conns: Connection[] }> {
  const ln = await listenAddr('127.0.0.1:0', serverTLS(cert), config);
  cleanups.push(() => ln.close());
  const { conns } = serveListener(ln);
  return { ln, conns };
}

/** Our client, verifying the server's certificate against our own root. */
async function verifiedClient(ln: Listener, config: Config = {}): Promise<Connection> {
  const conn = await dialAddr(`127.0.0.1:${ln.addr().port}`, { nextProtos: [hldALPN], rootCAs: [cert.certificate], serverName: 'localhost' }, config);
  cleanups.push(() => conn.closeWithError(0, ''));
  return conn;
}


describe('our client ↔ our server over UDP', () => {
  it('completes a handshake with certificate verification and agrees on ALPN, version and cipher', async () => {
    const { ln, conns } = await hldServer();
    const client = await verifiedClient(ln);
    const cs = client.connectionState();
    expect(cs.tls.negotiatedProtocol).toBe(hldALPN);
    expect(cs.tls.serverName).toBe('localhost');
    expect(cs.version).toBe(Version1);
    expect(new TextDecoder().decode(await echo(client, 'hello HLD'))).toBe('hello HLD');
    expect(conns).toHaveLength(1);
    const ss = conns[0]!.connectionState();
    expect(ss.tls.negotiatedProtocol).toBe(hldALPN);
    expect(ss.tls.cipherSuite).toBe(cs.tls.cipherSuite);
    expect(conns[0]!.remoteAddr().port).toBe(client.localAddr().port);
  });

  it('fails the handshake when the certificate is not signed by a trusted root', async () => {
    const { ln } = await hldServer();
    const stranger = generateSelfSignedCertificate();
    const dialing = dialAddr(`127.0.0.1:${ln.addr().port}`, { nextProtos: [hldALPN], rootCAs: [stranger.certificate], serverName: 'localhost' });
    await expect(withTimeout(dialing, 10_000, 'dial')).rejects.toThrow(/certificate|bad_certificate|unknown/i);
  });

  it('echoes on 100 parallel streams, each with its own content', async () => {
    const { ln } = await hldServer();
    const client = await verifiedClient(ln);
    const messages = Array.from({ length: 100 }, (_, i) => randomBytes(1 + ((i * 977) % 20_000)));
    const echoes = await withTimeout(Promise.all(messages.map((m) => echo(client, m))), 20_000, '100 echoes');
    echoes.forEach((e, i) => expect(sha256Hex(e), `stream ${i}`).toBe(sha256Hex(messages[i]!)));
  }, 30_000);

  it('downloads 10 MiB of goodput on noble, checked byte by byte and by sha256', async () => {
    const { ln } = await hldServer();
    const client = await verifiedClient(ln);
    const down = await goodput(client, 10 * MiB);
    expect(down.bytes).toBe(10 * MiB);
    expect(down.patternOK).toBe(true);
    expect(down.sha256).toBe(patternSha256(10 * MiB));
    console.log(`noble: 10 MiB down at ${down.mbitPerS.toFixed(1)} Mbit/s`);
  }, 60_000);

  it("uploads 100 MiB of random bytes with crypto: 'node', checked by sha256", async () => {
    const { ln } = await hldServer({ crypto: 'node' });
    const client = await verifiedClient(ln, { crypto: 'node' });
    const data = randomBytes(100 * MiB);
    const up = await upload(client, 'big.bin', data.length, (off, n) => data.subarray(off, off + n));
    expect(up.sha256).toBe(sha256Hex(data));
    expect(up.reply).toBe(`OK ${data.length} ${sha256Hex(data)}`);
    console.log(`node: 100 MiB up at ${up.mbitPerS.toFixed(1)} Mbit/s in ${up.seconds.toFixed(1)} s`);
  }, 150_000);

  it('closes cleanly: the server sees ApplicationError code 0 from the remote', async () => {
    const { ln, conns } = await hldServer();
    const client = await verifiedClient(ln);
    await echo(client, 'bye');
    const serverConn = conns[0]!;
    client.closeWithError(0, 'done');
    const reason = await closeReason(serverConn, 5000);
    expect(reason).toBeInstanceOf(ApplicationError);
    expect((reason as ApplicationError).errorCode).toBe(0);
    expect((reason as ApplicationError).remote).toBe(true);
    expect((reason as ApplicationError).errorMessage).toBe('done');
    const local = await closeReason(client, 1000);
    expect(local).toBeInstanceOf(ApplicationError);
    expect((local as ApplicationError).remote).toBe(false);
  });

  it('still reports its addresses after the connection is closed (as Go\'s LocalAddr does)', async () => {
    const { ln } = await hldServer();
    const client = await verifiedClient(ln);
    const port = client.localAddr().port;
    client.closeWithError(0, '');
    await closeReason(client, 1000);
    await sleep(100); // the socket closes once its last datagram (the CONNECTION_CLOSE) is out
    expect(client.remoteAddr().port).toBe(ln.addr().port);
    expect(client.localAddr().port).toBe(port);
  });

  it('closes cleanly from the server: the client sees ApplicationError code 0 from the remote', async () => {
    const { ln, conns } = await hldServer();
    const client = await verifiedClient(ln);
    await echo(client, 'bye');
    conns[0]!.closeWithError(0, '');
    const reason = await closeReason(client, 5000);
    expect(reason).toBeInstanceOf(ApplicationError);
    expect((reason as ApplicationError).errorCode).toBe(0);
    expect((reason as ApplicationError).remote).toBe(true);
  });
});
