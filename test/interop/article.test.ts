// The article's own programs (rewritten on quic-go 0.29: test/peers/go/articleserver and
// articleclient) against ours, both ways. The article's server presents an RSA-1024 certificate
// whose validity dates are Go's zero time (GeneralizedTime 00010101000000Z) and which names no
// host; its client never verifies. Each text exchange takes the programs' two-second pause.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import { encodeText, hldALPN } from '../../src/cmd/hld_protocol.ts';
import { StreamReader } from '../../src/internal/utils/stream_reader.ts';
import { startServer, type HLDServer } from '../../src/cmd/serve.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import { generateSelfSignedCertificate } from '../../src/internal/x509/index.ts';
import { addrString } from '../../src/sys_conn.ts';
import {
  articleUploadStored,
  buildGoProgram,
  requirePeers,
  runArticleClient,
  skipInterop,
  startArticleServer,
  startCapture,
  stopAllPeers,
  tsharkDecrypt,
  type GoServer,
} from '../peers/peers.ts';
import { runPeer } from '../peers/process.ts';

const testTimeout = 30_000;
const repo = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const work = mkdtempSync(join(tmpdir(), 'article-interop-'));

afterAll(async () => {
  await stopAllPeers();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(skipInterop())("our client → the article's server", () => {
  let server: GoServer;
  const videos = join(work, 'videos');
  const client = (args: string[]) => runPeer(tsx, ['src/cmd/hld-client.ts', '--addr', server.addr, '--timeout', '20s', ...args], 25_000, { cwd: repo });

  beforeAll(async () => {
    mkdirSync(videos);
    server = await startArticleServer(videos);
  }, 180_000);
  afterAll(() => server?.stop());

  it('accepts its zero-time RSA certificate without --ca (hld-client), verifying its rsa_pss_rsae_sha256 CertificateVerify', async () => {
    requirePeers('tshark', 'dumpcap');
    const keylog = join(work, 'handshake-keys.log');
    const capture = await startCapture(server.port, { file: join(work, 'handshake.pcapng') });
    const r = await client(['--mode', 'handshake', '--keylog', keylog]);
    await capture.stop();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^alpn=HLD cipher=TLS_\S+ version=v1 handshake_ms=[\d.]+\n$/);
    // Go's TLS 1.3 signs with the first RSA-PSS scheme our ClientHello lists (RFC 8446 §4.4.3).
    const verify = await tsharkDecrypt(capture.file, keylog, { filter: 'tls.handshake.type == 15', fields: ['tls.handshake.sig_hash_alg'] });
    expect(verify.map((row) => row['tls.handshake.sig_hash_alg'])).toEqual(['0x0804']);
  }, testTimeout);

  it('echoes HLD_1 … HLD_8 with hld-client, each on its own stream, none dropped for a FIN sent with the text', async () => {
    // Two clients at once, four messages each: 8 exchanges of the two-second pause in about 8 s.
    // Before the client held its FIN until the echo was back, about one exchange in four failed.
    const messages = Array.from({ length: 8 }, (_, i) => `HLD_${i + 1}`);
    const runs = await Promise.all([messages.slice(0, 4), messages.slice(4)].map((m) => client(m)));
    for (const [i, r] of runs.entries()) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(messages.slice(i * 4, i * 4 + 4).map((m) => `echo: ${m}\n`).join(''));
    }
    const log = server.peer.stdout().split('\n'); // the two clients' lines interleave
    for (const m of messages) {
      expect(log).toContain(`Recv: ${m}`);
      expect(log.indexOf(`Send: ${m}`)).toBeGreaterThan(log.indexOf(`Recv: ${m}`));
    }
  }, testTimeout);

  it('echoes texts one after the other on one stream, each after its two-second pause', async () => {
    const conn = await dialAddr(server.addr, clientTLSConfig({ alpn: [hldALPN] }));
    try {
      const str = await conn.openStreamSync();
      const reader = new StreamReader(str);
      for (const message of ['HLD_1', 'HLD_2']) {
        // The server's text Read drops what arrives with the stream's FIN (quic-go returns the last
        // bytes together with io.EOF, and the article's code returns on any error): so the FIN
        // waits for the echo, as the article's client, which never closes, never meets this.
        await str.write(encodeText(message));
        expect(new TextDecoder().decode(await reader.readFull(message.length))).toBe(message);
      }
      str.close();
      expect(await reader.atEnd()).toBe(true); // its next business-type Read sees EOF: FIN
    } finally {
      conn.closeWithError(0, '');
    }
    expect(server.peer.stdout()).toMatch(/^Recv: HLD_1\nSend: HLD_1\nRecv: HLD_2\nSend: HLD_2$/m);
  }, testTimeout);

  it('with --ca, refuses it as expired, with the dates, not as a parse error', async () => {
    const ca = join(work, 'ca.pem');
    writeFileSync(ca, generateSelfSignedCertificate({ commonName: 'Some CA', isCA: true }).certPem);
    const r = await client(['--ca', ca, 'HLD_1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/has expired: current time \S+ is after its notAfter 0001-01-01T00:00:00\.000Z/);
    expect(r.stderr).not.toMatch(/malformed/);
  }, testTimeout);

  it('uploads a 0x05 video with hld-client --peer article; the server stores it byte for byte', async () => {
    // Not a multiple of the server's 8 KiB copy step, and past its 1 MB initial stream window.
    const video = randomBytes(5_000_017);
    const file = join(work, 'clip.bin');
    writeFileSync(file, video);
    const r = await client(['--mode', 'upload', '--peer', 'article', '--file', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`sent 5000017 ${sha256(video)}: not confirmed by a reply (the article's server sends none; it closed the stream after the last byte)\n`);
    await articleUploadStored(server, 'clip.bin');
    expect(sha256(readFileSync(join(videos, 'received_clip.bin')))).toBe(sha256(video));
  }, testTimeout);

  it('without --peer article, the missing reply is an error that names the flag (the file is stored all the same)', async () => {
    const file = join(work, 'small.bin');
    writeFileSync(file, randomBytes(100_000));
    const r = await client(['--mode', 'upload', '--file', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("hld-client: upload: the server finished the stream without a reply (the article's server never replies: --peer article)\n");
    await articleUploadStored(server, 'small.bin');
    expect(sha256(readFileSync(join(videos, 'received_small.bin')))).toBe(sha256(readFileSync(file)));
  }, testTimeout);

  it('--peer article: a FIN before the last byte is an error (the server could not create the file)', async () => {
    const file = join(work, 'big.bin');
    writeFileSync(file, randomBytes(5_000_000));
    // Its handleVideo returns when os.Create fails, and the stream is closed unread.
    const r = await client(['--mode', 'upload', '--peer', 'article', '--file', file, '--name', 'no-such-dir/big.bin']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^hld-client: upload: the server closed the stream without a reply after \d+ of 5000000 bytes\n$/);
    expect(readdirSync(videos)).not.toContain('received_big.bin');
  }, testTimeout);
});

describe.skipIf(skipInterop())("the article's client → our server", () => {
  let server: HLDServer;

  beforeAll(async () => {
    await buildGoProgram('articleclient');
    const out = join(work, 'ours-out');
    mkdirSync(out);
    server = await startServer({ listen: '127.0.0.1:0', tls: serverTLSConfig({ alpn: [hldALPN] }), config: {}, outDir: out, maxUpload: 1 << 20 });
  }, 180_000);
  afterAll(() => server?.listener.close());

  it('echoes HLD_1, sent two seconds after its business type', async () => {
    const r = await runArticleClient(addrString(server.addr));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('Send: HLD_1\nRecv: HLD_1\n');
  }, testTimeout);
});
