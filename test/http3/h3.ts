// Test helpers: an HTTP/3 server on loopback serving a temporary root, and a client for it.
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import type { QUICTLSConfig } from '../../src/internal/handshake/crypto_setup.ts';
import { type Listener } from '../../src/server.ts';
import { listenAddr } from '../../src/quic.ts';
import { addrString } from '../../src/sys_conn.ts';
import { ClientConn, type Response } from '../../src/http3/client.ts';
import { fileServer } from '../../src/http3/file_server.ts';
import { Server } from '../../src/http3/server.ts';

export interface TestServer {
  addr: string;
  /** the server's TLS config: its certificate is a fresh self-signed one */
  tls: QUICTLSConfig;
  root: string;
  server: Server;
  listener: Listener;
  log: string[];
}

/** A root with a few files: index.html, a.css, empty, dir/index.html, bin (1 KiB). */
export function makeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'h3-root-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>hi</title>');
  writeFileSync(join(root, 'a.css'), 'body{}');
  writeFileSync(join(root, 'empty'), '');
  writeFileSync(join(root, 'bin'), Buffer.alloc(1024, 7));
  mkdirSync(join(root, 'dir'));
  writeFileSync(join(root, 'dir', 'index.html'), 'dir');
  return root;
}

export async function startTestServer(root = makeRoot(), alpn = ['h3']): Promise<TestServer> {
  const tls = serverTLSConfig({ alpn });
  const listener = await listenAddr('127.0.0.1:0', tls, {});
  const log: string[] = [];
  const server = new Server({ handler: await fileServer(root), log: (l) => log.push(l) });
  void server.serveListener(listener);
  return { addr: addrString(listener.addr()), tls, root, server, listener, log };
}

export function dialTestServer(addr: string): Promise<ClientConn> {
  return ClientConn.dial(addr, clientTLSConfig({ alpn: ['h3'] }), {});
}

export async function readBody(r: Response): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of r.body) parts.push(c);
  return Buffer.concat(parts);
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
