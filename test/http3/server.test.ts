import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientConn } from '../../src/http3/client.ts';
import { dialTestServer, readBody, startTestServer, type TestServer } from './h3.ts';

let s: TestServer;
let c: ClientConn;
beforeAll(async () => {
  s = await startTestServer();
  c = await dialTestServer(s.addr);
});
afterAll(async () => {
  c.close();
  await s.server.close(0);
});

const get = (path: string, method = 'GET') => c.roundTrip({ method, authority: s.addr, path });

describe('HTTP/3 file server (RFC 9114 §4)', () => {
  it('GET a file: 200 with its content type and length', async () => {
    const r = await get('/index.html');
    expect(r.status).toBe(200);
    expect(r.header.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.header.get('content-length')).toBe('32');
    expect((await readBody(r)).toString()).toBe('<!doctype html><title>hi</title>');
  });

  it('GET / serves index.html; a directory without its slash is redirected', async () => {
    expect((await readBody(await get('/'))).toString()).toContain('<title>hi');
    const r = await get('/dir');
    expect(r.status).toBe(301);
    expect(r.header.get('location')).toBe('/dir/');
  });

  it('HEAD: the fields of GET, no body', async () => {
    const r = await get('/bin', 'HEAD');
    expect(r.status).toBe(200);
    expect(r.header.get('content-length')).toBe('1024');
    expect((await readBody(r)).length).toBe(0);
  });

  it('an empty file: 200, content-length 0', async () => {
    const r = await get('/empty');
    expect([r.status, r.header.get('content-length'), (await readBody(r)).length]).toEqual([200, '0', 0]);
  });

  it('404 for a missing file, 405 with Allow for POST', async () => {
    expect((await get('/nope')).status).toBe(404);
    const r = await get('/index.html', 'POST');
    expect(r.status).toBe(405);
    expect(r.header.get('allow')).toBe('GET, HEAD');
  });
});

describe('shutdown (RFC 9114 §5.2)', () => {
  it('close() sends GOAWAY with the next request stream ID, then H3_NO_ERROR', async () => {
    const s2 = await startTestServer();
    const c2 = await dialTestServer(s2.addr);
    await readBody(await c2.roundTrip({ method: 'GET', authority: s2.addr, path: '/a.css' })); // stream 0
    await s2.server.close(200);
    await new Promise<void>((r) => (c2.conn.context.aborted ? r() : c2.conn.context.addEventListener('abort', () => r())));
    expect(c2.h3.goAwayID).toBe(4);
    expect((c2.conn.context.reason as { errorCode: number }).errorCode).toBe(0x100);
  });
});
