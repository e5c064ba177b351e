// `npm run client -- --mode h3 --url https://HOST:PORT/PATH [--out FILE]`: one GET over HTTP/3
// (src/http3), printing the status, the body's length and its SHA-256; --out writes the body.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { Config } from '../index.ts';
import type { QUICTLSConfig } from '../index.ts';
import type { Connection } from '../index.ts';
import { ClientConn } from '../http3/client.ts';
import { parseAddr } from './flags.ts';

/** "https://127.0.0.1:4433/a?b" → the address to dial, the :authority and the :path. */
export function parseH3URL(s: string): { addr: string; authority: string; path: string } {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new Error(`--url: not a URL: ${JSON.stringify(s)}`);
  }
  if (u.protocol !== 'https:') throw new Error(`--url: HTTP/3 needs an https URL, not ${u.protocol}`);
  const authority = u.port === '' ? `${u.hostname}:443` : u.host;
  return { addr: parseAddr(authority, 'url'), authority: u.host, path: `${u.pathname}${u.search}` };
}

export interface H3FetchOptions {
  url: string;
  out?: string;
  tls: QUICTLSConfig;
  config: Config;
  /** called with the connection once dialed, so the caller can close it */
  onConn: (c: Connection) => void;
}

/** Fetches one resource; resolves to "status 200 length 1024 sha256 <hex>". */
export async function h3Fetch(o: H3FetchOptions): Promise<string> {
  const { addr, authority, path } = parseH3URL(o.url);
  const client = await ClientConn.dial(addr, o.tls, o.config);
  o.onConn(client.conn);
  const res = await client.roundTrip({ method: 'GET', authority, path });
  const hash = createHash('sha256');
  const file = o.out === undefined ? undefined : createWriteStream(o.out);
  let length = 0;
  for await (const chunk of res.body) {
    hash.update(chunk);
    length += chunk.length;
    if (file && !file.write(chunk)) await new Promise<void>((r) => file.once('drain', () => r()));
  }
  if (file) await new Promise<void>((resolve, reject) => file.end((e?: Error | null) => (e ? reject(e) : resolve())));
  const type = res.header.get('content-type');
  return `status ${res.status} length ${length} sha256 ${hash.digest('hex')}${type ? ` content-type ${type}` : ''}`;
}
