// A server and a resuming client on 127.0.0.1 for the 0-RTT tests: the client's first connection
// gets a session ticket, the next ones offer 0-RTT with it (RFC 9001 §4.6).
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';
import type { Config } from '../../src/config.ts';
import type { QUICTLSConfig } from '../../src/internal/handshake/crypto_setup.ts';
import type { Connection, EarlyConnection } from '../../src/interface.ts';
import { dialAddr, dialAddrEarly, listenAddrEarly } from '../../src/quic.ts';
import type { EarlyListener } from '../../src/server.ts';
import { requestWithEarlyData, ticketCache } from '../../src/cmd/zerortt.ts';

export const alpn = 'HLD';

/** A client TLS config with a session cache of its own (the CLI's), and a way to wait for its first ticket. */
export function resumingClientTLS(protos: string[] = [alpn]) {
  const cache = ticketCache();
  const tls: QUICTLSConfig = { ...clientTLSConfig({ alpn: protos }), clientSessionCache: cache };
  return { tls, cache, ticket: () => cache.ticket() };
}

export async function earlyServer(config: Config = { allow0RTT: true }, protos: string[] = [alpn]) {
  // A ticket key of its own, so that another server made from this config opens its tickets.
  const tls: QUICTLSConfig = { ...serverTLSConfig({ alpn: protos }), sessionTicketKey: randomBytes(32) };
  const ln = await listenAddrEarly('127.0.0.1:0', tls, config);
  return { ln, tls, addr: `127.0.0.1:${ln.addr().port}` };
}

/** First connection: full handshake; it ends once the client holds a ticket. */
export async function getTicket(addr: string, client: ReturnType<typeof resumingClientTLS>, config?: Config): Promise<void> {
  const conn = await dialAddr(addr, client.tls, config);
  await within(client.ticket(), 5000, 'session ticket');
  conn.closeWithError(0, '');
}

export const dialEarly = (addr: string, tls: QUICTLSConfig, config?: Config): Promise<EarlyConnection> => dialAddrEarly(addr, tls, config);

/** The server's side of the echo the tests send: reads a stream to its end, answers its SHA-256. */
export async function serveSha256(ln: EarlyListener, n = 1): Promise<Connection[]> {
  const conns: Connection[] = [];
  for (let i = 0; i < n; i++) {
    const conn = await ln.accept();
    conns.push(conn);
    void (async () => {
      for (;;) {
        const str = await conn.acceptStream().catch(() => undefined);
        if (!str) return;
        void (async () => {
          const h = createHash('sha256');
          for await (const chunk of str) h.update(chunk);
          await str.write(new TextEncoder().encode(h.digest('hex')));
          str.close();
        })().catch(() => {});
      }
    })();
  }
  return conns;
}

/** Sends `data` on a new stream and returns the server's answer (the SHA-256 in hex). */
export async function sendAndHash(conn: Connection, data: Uint8Array): Promise<string> {
  const str = conn.openStream();
  await str.write(data);
  str.close();
  let answer = '';
  for await (const chunk of str) answer += new TextDecoder().decode(chunk);
  return answer;
}

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export const pattern = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 256);

export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** STREAM bytes per packet type in the qlog files of `dir` (packet_sent or packet_received), once every file is complete. */
export async function streamBytesByPacketType(dir: string, event: 'packet_sent' | 'packet_received'): Promise<Record<string, number>> {
  const files = () => readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
  for (let i = 0; i < 100 && !files().every((f) => f.includes('connectivity:connection_closed')); i++) await new Promise((r) => setTimeout(r, 20));
  const bytes: Record<string, number> = {};
  for (const text of files()) {
    for (const record of text.split('\x1e').filter(Boolean)) {
      const r = JSON.parse(record) as { name?: string; data?: { header?: { packet_type: string }; frames?: { frame_type: string; length?: number }[] } };
      if (r.name !== `transport:${event}`) continue;
      const type = r.data!.header!.packet_type;
      for (const f of r.data!.frames ?? []) if (f.frame_type === 'stream') bytes[type] = (bytes[type] ?? 0) + f.length!;
    }
  }
  return bytes;
}

/**
 * Sends `data` as the application must with 0-RTT (quic-go's contract, the CLI's --0rtt): on a
 * stream of the early connection, and again on nextConnection's if the server rejected 0-RTT.
 */
export async function sendResending(conn: EarlyConnection, data: Uint8Array): Promise<{ answer: string; rejected: boolean }> {
  const { result, outcome } = await requestWithEarlyData(conn, (c) => sendAndHash(c, data));
  return { answer: result, rejected: outcome === 'rejected' };
}
