// Malformed HTTP/3 from a raw QUIC client: each broken rule gets the error RFC 9114 / RFC 9204
// names (a connection error closes with the code, a stream error resets the request stream), the
// server keeps serving other connections, and nothing is ever thrown out of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialAddr } from '../../src/quic.ts';
import { clientTLSConfig } from '../../src/cmd/tls_setup.ts';
import { ErrCode } from '../../src/http3/errors.ts';
import { frame, FrameType, settingsFrame, varintFrame } from '../../src/http3/frames.ts';
import { encodeFieldSection } from '../../src/http3/qpack/field_lines.ts';
import type { Connection } from '../../src/interface.ts';
import { ApplicationError } from '../../src/internal/qerr/errors.ts';
import { StreamError } from '../../src/interface.ts';
import { dialTestServer, readBody, startTestServer, type TestServer } from './h3.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.server.close(0));

const hex = (t: string) => Uint8Array.from(Buffer.from(t.replace(/\s/g, ''), 'hex'));
const cat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
const settings = cat(Uint8Array.of(0x00), settingsFrame(new Map()));
const getHeaders = (path = '/index.html', extra: { name: string; value: string }[] = []) =>
  frame(FrameType.Headers, encodeFieldSection([
    { name: ':method', value: 'GET' }, { name: ':scheme', value: 'https' },
    { name: ':authority', value: 'localhost' }, { name: ':path', value: path }, ...extra,
  ]));

async function rawConn(): Promise<Connection> {
  return dialAddr(s.addr, clientTLSConfig({ alpn: ['h3'] }), {});
}

/** The application error code the server closed `conn` with. */
async function closedWith(conn: Connection, ms = 3000): Promise<number> {
  if (!conn.context.aborted) {
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('connection still open')), ms);
      conn.context.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
  }
  const err = conn.context.reason;
  expect(err).toBeInstanceOf(ApplicationError);
  expect((err as ApplicationError).remote).toBe(true);
  return (err as ApplicationError).errorCode;
}

/** Opens a uni stream with these bytes; returns the connection error the server answered with. */
async function uniStreamError(...streams: Uint8Array[]): Promise<number> {
  const conn = await rawConn();
  for (const bytes of streams) await conn.openUniStream().write(bytes);
  return closedWith(conn);
}

/** Sends a request stream with these bytes (FIN after them); the connection error. */
async function requestError(bytes: Uint8Array): Promise<number> {
  const conn = await rawConn();
  const str = conn.openStream();
  await str.write(bytes);
  str.close();
  return closedWith(conn);
}

/** The code the server reset a request stream with. */
async function streamResetCode(bytes: Uint8Array): Promise<number> {
  const conn = await rawConn();
  try {
    const str = conn.openStream();
    await str.write(bytes);
    str.close();
    for (;;) if ((await str.read()) === undefined) return -1;
  } catch (e) {
    expect(e).toBeInstanceOf(StreamError);
    return (e as StreamError).errorCode;
  } finally {
    conn.closeWithError(0, '');
  }
}

describe('connection errors (RFC 9114 §6.2, §7; RFC 9204 §2.2.3, §4.2)', () => {
  it('control stream without SETTINGS first: H3_MISSING_SETTINGS', async () => {
    expect(await uniStreamError(cat(Uint8Array.of(0x00), varintFrame(FrameType.GoAway, 0)))).toBe(ErrCode.MissingSettings);
  });
  it('control stream closed: H3_CLOSED_CRITICAL_STREAM', async () => {
    const conn = await rawConn();
    const ctl = conn.openUniStream();
    await ctl.write(settings);
    ctl.close();
    expect(await closedWith(conn)).toBe(ErrCode.ClosedCriticalStream);
  });
  it('a second control stream: H3_STREAM_CREATION_ERROR', async () => {
    expect(await uniStreamError(settings, settings)).toBe(ErrCode.StreamCreationError);
  });
  it('a second SETTINGS, or DATA, on the control stream: H3_FRAME_UNEXPECTED', async () => {
    expect(await uniStreamError(cat(settings, settingsFrame(new Map())))).toBe(ErrCode.FrameUnexpected);
    expect(await uniStreamError(cat(settings, frame(FrameType.Data, hex('00'))))).toBe(ErrCode.FrameUnexpected);
  });
  it('an HTTP/2 setting: H3_SETTINGS_ERROR', async () => {
    expect(await uniStreamError(cat(Uint8Array.of(0x00), frame(FrameType.Settings, hex('0201'))))).toBe(ErrCode.SettingsError);
  });
  it('a push stream from a client: H3_STREAM_CREATION_ERROR', async () => {
    expect(await uniStreamError(hex('0100'))).toBe(ErrCode.StreamCreationError);
  });
  it('an encoder instruction that needs a dynamic table: QPACK_ENCODER_STREAM_ERROR', async () => {
    expect(await uniStreamError(hex('02 3f e1 1f'))).toBe(ErrCode.QPACKEncoderStreamError); // capacity 4096
    expect(await uniStreamError(hex('02 c1 01 61'))).toBe(ErrCode.QPACKEncoderStreamError); // insert
  });
  it('a Section Acknowledgment for an encoder that never used the table: QPACK_DECODER_STREAM_ERROR', async () => {
    expect(await uniStreamError(hex('03 80'))).toBe(ErrCode.QPACKDecoderStreamError);
  });
  it('DATA before HEADERS, or SETTINGS on a request stream: H3_FRAME_UNEXPECTED', async () => {
    expect(await requestError(frame(FrameType.Data, hex('00')))).toBe(ErrCode.FrameUnexpected);
    expect(await requestError(settingsFrame(new Map()))).toBe(ErrCode.FrameUnexpected);
    expect(await requestError(cat(getHeaders(), frame(0x2, hex(''))))).toBe(ErrCode.FrameUnexpected); // HTTP/2 PRIORITY
  });
  it('a request stream that ends inside a frame: H3_FRAME_ERROR', async () => {
    expect(await requestError(hex('01 0a d1'))).toBe(ErrCode.FrameError);
  });
  it('HEADERS that reference the dynamic table: QPACK_DECOMPRESSION_FAILED', async () => {
    expect(await requestError(frame(FrameType.Headers, hex('0200 80')))).toBe(ErrCode.QPACKDecompressionFailed);
    expect(await requestError(frame(FrameType.Headers, hex('0000 5f60')))).toBe(ErrCode.QPACKDecompressionFailed); // static name index 111
  });
});

describe('stream errors (RFC 9114 §4.1.2)', () => {
  it('malformed requests are reset with H3_MESSAGE_ERROR', async () => {
    const bad = [
      frame(FrameType.Headers, encodeFieldSection([{ name: ':path', value: '/' }])), // no :method
      getHeaders('/', [{ name: ':method', value: 'GET' }]), // :method twice
      getHeaders('/', [{ name: 'Upper', value: 'x' }]),
      getHeaders('/', [{ name: 'connection', value: 'close' }]),
      frame(FrameType.Headers, encodeFieldSection([{ name: ':method', value: 'GET' }, { name: ':scheme', value: 'https' }, { name: ':path', value: '' }])),
      frame(FrameType.Headers, encodeFieldSection([{ name: 'x', value: '1' }, { name: ':method', value: 'GET' }])),
      frame(FrameType.Headers, encodeFieldSection([{ name: ':status', value: '200' }])),
    ];
    for (const b of bad) expect(await streamResetCode(b)).toBe(ErrCode.MessageError);
  });
  it('a request stream with no HEADERS is reset with H3_REQUEST_INCOMPLETE', async () => {
    expect(await streamResetCode(new Uint8Array(0))).toBe(ErrCode.RequestIncomplete);
  });
});

describe('what the server accepts (RFC 9114 §6.2, §9; RFC 9204 §4.2)', () => {
  it('unknown stream and frame types, and the peer QPACK streams with capacity 0, leave requests working', async () => {
    const conn = await rawConn();
    for (const b of [cat(settings, frame(0x21, hex('aabb'))), hex('02 20'), hex('03 41'), hex('21 ff')]) await conn.openUniStream().write(b);
    const str = conn.openStream();
    await str.write(cat(frame(0x21, hex('00')), getHeaders('/index.html')));
    str.close();
    const got: Uint8Array[] = [];
    for await (const c of str) got.push(c);
    expect(Buffer.concat(got).toString('latin1')).toContain('<title>hi</title>');
    expect(conn.context.aborted).toBe(false);
    conn.closeWithError(0, '');
  });
  it('still serves a well-behaved client after all of the above', async () => {
    const c = await dialTestServer(s.addr);
    const r = await c.roundTrip({ method: 'GET', authority: s.addr, path: '/a.css' });
    expect([r.status, (await readBody(r)).toString()]).toEqual([200, 'body{}']);
    c.close();
  });
});
