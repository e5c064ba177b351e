// The HLD server and client modules over real UDP on loopback, in one process.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import type { Connection } from '../../src/interface.ts';
import { addrString } from '../../src/sys_conn.ts';
import { setTraceSink, type TraceEvent } from '../../src/trace.ts';
import { encodeUploadPreamble, hldALPN, refusedCode } from '../../src/cmd/hld_protocol.ts';
import { echo, goodput, upload, UploadRefused } from '../../src/cmd/requests.ts';
import { startServer, type HLDServer } from '../../src/cmd/serve.ts';
import { clientTLSConfig, serverTLSConfig } from '../../src/cmd/tls_setup.ts';

const work = mkdtempSync(join(tmpdir(), 'hld-e2e-'));
const out = join(work, 'out');
const maxUpload = 4_000_000;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const u32 = (n: number) => new Uint8Array([n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
const bytes = (s: string) => new TextEncoder().encode(s);

let server: HLDServer;
let conn: Connection;
const serverLog: string[] = [];

async function dial(): Promise<Connection> {
  return dialAddr(addrString(server.addr), clientTLSConfig({ alpn: [hldALPN] }));
}

/** Sends `parts` on a new stream (then FIN) and collects the reply up to the server's FIN. */
async function exchange(c: Connection, ...parts: Uint8Array[]): Promise<string> {
  const str = await c.openStreamSync();
  const reply = (async () => {
    const got: Uint8Array[] = [];
    for await (const chunk of str) got.push(chunk);
    return Buffer.concat(got).toString('utf8');
  })();
  try {
    for (const p of parts) await str.write(p);
    str.close();
  } catch {
    // the server stopped our sending (STOP_SENDING): its reply says why
  }
  return reply;
}

/** Waits until `check` holds (the server works in its own goroutines). */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const outFiles = () => readdirSync(out).sort();

beforeAll(async () => {
  mkdirSync(out);
  server = await startServer({
    listen: '127.0.0.1:0',
    tls: serverTLSConfig({ alpn: [hldALPN] }),
    config: {},
    outDir: out,
    maxUpload,
    log: (l) => serverLog.push(l),
  });
  conn = await dial();
});

afterAll(() => {
  conn?.closeWithError(0, '');
  server?.listener.close();
  rmSync(work, { recursive: true, force: true });
});

describe('text (0x01)', () => {
  it('echoes every byte and finishes when the client does', async () => {
    expect(await echo(conn, 'hello HLD')).toBe('hello HLD');
    const long = 'ü'.repeat(5000); // 10 000 bytes: many 1024-byte echo chunks
    expect(await echo(conn, long)).toBe(long);
    expect(await echo(conn, '')).toBe('');
  });
});

describe('upload (0x05)', () => {
  it('stores a 3 MB upload atomically and replies OK <size> <sha256>', async () => {
    const data = randomBytes(3_000_000);
    const file = join(work, 'movie.bin');
    writeFileSync(file, data);
    let progress = 0;
    const line = await upload(conn, file, { name: 'movie.bin', onProgress: (n) => (progress = n) });
    expect(line).toBe(`OK 3000000 ${sha256(data)}`);
    expect(progress).toBe(3_000_000);
    expect(sha256(readFileSync(join(out, 'received_movie.bin')))).toBe(sha256(data));
    expect(outFiles()).toEqual(['received_movie.bin']);
  });

  it('stores an empty upload', async () => {
    const file = join(work, 'empty.bin');
    writeFileSync(file, '');
    expect(await upload(conn, file, { name: 'empty.bin' })).toBe(`OK 0 ${sha256(new Uint8Array(0))}`);
    expect(readFileSync(join(out, 'received_empty.bin')).length).toBe(0);
    rmSync(join(out, 'received_empty.bin'));
  });

  it('upload() throws the server\'s ERR line for a bad name, and nothing is written', async () => {
    const file = join(work, 'small.bin');
    writeFileSync(file, randomBytes(10_000));
    const before = outFiles();
    const err = await upload(conn, file, { name: '../x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRefused);
    expect((err as UploadRefused).line).toMatch(/^ERR .*bad file name/);
    expect(outFiles()).toEqual(before);
    expect(existsSync(join(out, '..', 'x'))).toBe(false);
    expect(existsSync(join(out, '..', 'received_..', 'x'))).toBe(false);
  });

  const refusals: [string, Uint8Array[], RegExp][] = [
    ['header length 0', [new Uint8Array([0x05]), u32(0)], /^ERR bad header length 0\n$/],
    ['header length 4097', [new Uint8Array([0x05]), u32(4097), new Uint8Array(4097)], /^ERR bad header length 4097\n$/],
    ['a header without "|"', [encodeUploadPreamble('no-separator'), bytes('abc')], /^ERR malformed header: no '\|'\n$/],
    ['a bad size', [encodeUploadPreamble('a.bin|12x')], /^ERR bad size "12x"\n$/],
    ['a negative size', [encodeUploadPreamble('a.bin|-5')], /^ERR bad size "-5"\n$/],
    ['a size over --max-upload', [encodeUploadPreamble(`a.bin|${maxUpload + 1}`), new Uint8Array(1000)], /^ERR size 4000001 over limit 4000000\n$/],
    ['an empty name', [encodeUploadPreamble('|3'), bytes('abc')], /^ERR bad file name ""\n$/],
    ['the name "."', [encodeUploadPreamble('.|3'), bytes('abc')], /^ERR bad file name/],
    ['a name with "/"', [encodeUploadPreamble('a/b|3'), bytes('abc')], /^ERR bad file name/],
    ['a name with "\\"', [encodeUploadPreamble('a\\b|3'), bytes('abc')], /^ERR bad file name/],
    ['a name with NUL', [encodeUploadPreamble('a\0b|3'), bytes('abc')], /^ERR bad file name/],
    ['a name with ".."', [encodeUploadPreamble('../x|3'), bytes('abc')], /^ERR bad file name/],
    ['a header that is not UTF-8', [new Uint8Array([0x05]), u32(4), new Uint8Array([0xff, 0x7c, 0x31, 0x30])], /^ERR malformed header: not UTF-8\n$/],
    ['a truncated header', [new Uint8Array([0x05]), u32(100), bytes('short|1')], /^ERR truncated header\n$/],
    ['an upload shorter than its size', [encodeUploadPreamble('short.bin|1000'), new Uint8Array(500)], /^ERR upload ended after 500 of 1000 bytes\n$/],
    ['an upload longer than its size', [encodeUploadPreamble('long.bin|10'), new Uint8Array(20)], /^ERR upload longer than its size 10\n$/],
    ['an unknown business type', [new Uint8Array([0x07, 1, 2, 3])], /^ERR unknown business type 0x07\n$/],
  ];

  it.each(refusals)('refuses %s with ERR, and leaves no file', async (_what, parts, reply) => {
    const before = outFiles();
    expect(await exchange(conn, ...parts)).toMatch(reply);
    expect(outFiles()).toEqual(before);
  });

  it('leaves nothing when the client resets the stream mid-upload', async () => {
    const c = await dial();
    try {
      const before = outFiles();
      const str = await c.openStreamSync();
      await str.write(encodeUploadPreamble('reset.bin|3000000'));
      await str.write(randomBytes(1_000_000));
      // the part file exists while the upload is under way…
      await eventually(() => outFiles().some((f) => f.startsWith('received_reset.bin.') && f.endsWith('.part')));
      str.cancelWrite(refusedCode);
      str.cancelRead(refusedCode);
      // …and is gone once the server sees the RESET_STREAM
      await eventually(() => outFiles().join() === before.join());
      expect(outFiles()).toEqual(before);
    } finally {
      c.closeWithError(0, '');
    }
  });

  it('leaves nothing when the connection ends mid-upload', async () => {
    // A server of its own with a 2 s idle timeout: it learns of the end from the CONNECTION_CLOSE, or at the latest by timing out.
    const dir = join(work, 'out-idle');
    mkdirSync(dir);
    const s = await startServer({ listen: '127.0.0.1:0', tls: serverTLSConfig({ alpn: [hldALPN] }), config: { maxIdleTimeout: 2000 }, outDir: dir, maxUpload });
    try {
      const c = await dialAddr(addrString(s.addr), clientTLSConfig({ alpn: [hldALPN] }));
      const str = await c.openStreamSync();
      await str.write(encodeUploadPreamble('gone.bin|3000000'));
      await str.write(randomBytes(500_000));
      await eventually(() => readdirSync(dir).some((f) => f.startsWith('received_gone.bin.')));
      c.closeWithError(0x42, 'going away');
      await eventually(() => readdirSync(dir).length === 0, 8000);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      s.listener.close();
    }
  }, 15_000);
});

describe('goodput (0x06)', () => {
  it('sends count bytes of byte(i % 256), then FIN', async () => {
    const r = await goodput(conn, 1_000_003);
    expect(r.bytes).toBe(1_000_003);
    expect(r.seconds).toBeGreaterThan(0);
    expect(r.mbit_per_s).toBeGreaterThan(0);
    expect(await goodput(conn, 0)).toMatchObject({ bytes: 0 });
  });

  it('refuses a truncated request', async () => {
    expect(await exchange(conn, new Uint8Array([0x06, 0, 0, 1]))).toBe('ERR truncated goodput request\n');
  });
});

describe('--retry', () => {
  it('makes the client prove its address with a Retry, then serves as usual', async () => {
    const events: TraceEvent[] = [];
    const s = await startServer({ listen: '127.0.0.1:0', tls: serverTLSConfig({ alpn: [hldALPN] }), config: {}, outDir: out, maxUpload, retry: true });
    setTraceSink((e) => events.push(e));
    try {
      const c = await dialAddr(addrString(s.addr), clientTLSConfig({ alpn: [hldALPN] }));
      expect(await echo(c, 'after a Retry')).toBe('after a Retry');
      c.closeWithError(0, '');
    } finally {
      setTraceSink(undefined);
      s.listener.close();
    }
    expect(events.some((e) => e.step === 'sent Retry')).toBe(true);
    expect(events.some((e) => e.step.startsWith('received Retry'))).toBe(true);
  });
});

describe('the server after all that', () => {
  it('still serves, on the same and on new connections', async () => {
    expect(await echo(conn, 'still here')).toBe('still here');
    const c = await dial();
    try {
      expect(await echo(c, 'new connection')).toBe('new connection');
    } finally {
      c.closeWithError(0, '');
    }
    expect(serverLog.some((l) => l.includes('refused: bad file name'))).toBe(true);
  });
});
