// `npm run server -- --h3 --root DIR`: the static files under DIR over HTTP/3 (src/http3), and the
// HLD protocol for clients that offer HLD instead of h3 (the server picks by the client's ALPN).
// Prints the SHA-256 of the certificate's SubjectPublicKeyInfo, which Chromium takes in
// --ignore-certificate-errors-spki-list to trust a self-signed certificate.
import { createHash, X509Certificate } from 'node:crypto';
import type { Config } from '../index.ts';
import type { QUICTLSConfig } from '../index.ts';
import { fileServer } from '../http3/file_server.ts';
import { NextProtoH3, Server } from '../http3/server.ts';
import { listenAddr } from '../index.ts';
import { addrString } from '../index.ts';
import { go } from '../internal/utils/goroutine.ts'; // internal: a named goroutine shows in the course's trace
import { existingDir } from './flags.ts';
import { handleConn, type ServeOptions } from './serve.ts';

/** h3 first, then the other protocols asked for: ["h3", "HLD"] by default. */
export function h3ALPN(asked: string[]): string[] {
  return [NextProtoH3, ...asked.filter((p) => p !== NextProtoH3)];
}

/** base64(SHA-256(SubjectPublicKeyInfo)) of a DER certificate, as Chromium's SPKI list wants it. */
export function spkiHash(certDER: Uint8Array): string {
  const spki = new X509Certificate(certDER).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

export interface H3ServerOptions {
  listen: string;
  /** --root; required */
  root: string | undefined;
  tls: QUICTLSConfig;
  config: Config;
  /** for connections that negotiate HLD */
  hld: ServeOptions;
  log: (line: string) => void;
}

/** Listens, prints the address and the SPKI hash, and serves until SIGINT/SIGTERM (GOAWAY first). */
export async function runH3Server(o: H3ServerOptions): Promise<void> {
  if (o.root === undefined) throw new Error('--h3 needs --root DIR, the directory to serve');
  const root = existingDir(o.root, '--root');
  const ln = await listenAddr(o.listen, o.tls, o.config);
  const server = new Server({
    handler: await fileServer(root),
    log: o.log,
    otherProtocol: (conn) => void go('handleConn', () => handleConn(conn, o.hld)),
  });
  const addr = addrString(ln.addr());
  const spki = spkiHash(o.tls.certificates![0]!.chain[0]!.raw);
  o.log(`listening ${addr}`);
  o.log(`serving ${root} over HTTP/3 (ALPN ${o.tls.nextProtos.join(', ')})`);
  o.log(`spki ${spki}`);
  o.log(`chromium: --origin-to-force-quic-on=${addr} --ignore-certificate-errors-spki-list=${spki} https://${addr}/`);
  const stop = () => void server.close().finally(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await server.serveListener(ln);
}
