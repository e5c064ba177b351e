// What the reliability tests, the fuzz pass and the soak share: one of our HLD servers on its own
// Transport (so a test can look into its connection table), a dialing client, and the downloads
// and uploads of ARCHITECTURE.md §5 checked by sha256.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dialAddr } from '../../src/quic.ts';
import type { Config } from '../../src/config.ts';
import type { QUICTLSConfig } from '../../src/internal/handshake/crypto_setup.ts';
import { generateSelfSignedCertificate, type SelfSigned } from '../../src/internal/x509/index.ts';
import type { Connection } from '../../src/interface.ts';
import { serve } from '../../src/cmd/serve.ts';
import { encodeGoodputRequest, encodeUploadPreamble, hldALPN } from '../../src/cmd/hld_protocol.ts';
import { listenUDP, addrString } from '../../src/sys_conn.ts';
import { systemClock } from '../../src/internal/utils/clock.ts';
import { Transport } from '../../src/transport.ts';
import type { Listener } from '../../src/server.ts';

let cachedCert: SelfSigned | undefined;
/** One ECDSA P-256 certificate for every test server in this process. */
export function testCertificate(): SelfSigned {
  cachedCert ??= generateSelfSignedCertificate();
  return cachedCert;
}

export function serverTLS(chain = [testCertificate().certificate], privateKey = testCertificate().privateKey): QUICTLSConfig {
  return { certificates: [{ chain, privateKey }], nextProtos: [hldALPN] };
}

export function clientTLS(extra: Partial<QUICTLSConfig> = {}): QUICTLSConfig {
  return { nextProtos: [hldALPN], insecureSkipVerify: true, ...extra };
}

export interface TestServer {
  transport: Transport;
  listener: Listener;
  /** "127.0.0.1:port" */
  addr: string;
  /** Live entries of the transport's connection-ID table (connections and closed placeholders). */
  handlers(): number;
  close(): Promise<void>;
}

/** An HLD server (echo, upload, goodput) on 127.0.0.1 with a free port. */
export async function startTestServer(config: Config = {}, tls: QUICTLSConfig = serverTLS()): Promise<TestServer> {
  const conn = await listenUDP('127.0.0.1:0', config.clock ?? systemClock);
  const transport = new Transport(conn, { clock: config.clock }, true, true);
  const listener = transport.Listen(tls, config);
  const outDir = mkdtempSync(join(tmpdir(), 'quic-reliability-'));
  const served = serve(listener, { outDir, maxUpload: 2 ** 40 });
  return {
    transport,
    listener,
    addr: addrString(listener.addr()),
    handlers: () => transport.handlerMap.handlers.size,
    async close() {
      listener.close();
      transport.close();
      await served;
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export function dial(addr: string, config: Config = {}, tls: QUICTLSConfig = clientTLS()): Promise<Connection> {
  return dialAddr(addr, tls, config);
}

/** The goodput pattern byte(i % 256) of ARCHITECTURE.md §5. */
export function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = i % 256;
  return b;
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Asks for `count` bytes of the goodput pattern (0x06) and returns the sha256 of what arrived and its length. */
export async function download(conn: Connection, count: number): Promise<{ bytes: number; sha256: string }> {
  const str = await conn.openStreamSync();
  await str.write(encodeGoodputRequest(count));
  str.close();
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of str) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** Sends `data` as an upload (0x05) and returns the server's reply line (`OK <size> <sha256>`). */
export async function upload(conn: Connection, name: string, data: Uint8Array, chunk = 64 * 1024): Promise<string> {
  const str = await conn.openStreamSync();
  await str.write(encodeUploadPreamble(`${name}|${data.length}`));
  for (let off = 0; off < data.length; off += chunk) await str.write(data.subarray(off, off + chunk));
  str.close();
  const parts: Uint8Array[] = [];
  for await (const c of str) parts.push(c);
  return Buffer.concat(parts).toString('utf8');
}

/** Resolves once `cond()` holds, polling every `stepMs`; rejects after `timeoutMs`. */
export async function waitFor(cond: () => boolean, timeoutMs: number, what: string, stepMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
