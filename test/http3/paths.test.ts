// No path outside the root is ever served: "..", encoded "%2e%2e" and "%2f", backslashes, NUL,
// absolute paths and symlinks out of the root; what is inside stays reachable.
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientConn } from '../../src/http3/client.ts';
import { dialTestServer, makeRoot, readBody, startTestServer, type TestServer } from './h3.ts';

const secret = 'SECRET-OUTSIDE-THE-ROOT';
let s: TestServer;
let c: ClientConn;
beforeAll(async () => {
  const outside = mkdtempSync(join(tmpdir(), 'h3-outside-'));
  writeFileSync(join(outside, 'secret.txt'), secret);
  const root = makeRoot();
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link-out'));
  symlinkSync(outside, join(root, 'dir-out'));
  symlinkSync(join(root, 'a.css'), join(root, 'link-in'));
  s = await startTestServer(root);
  c = await dialTestServer(s.addr);
});
afterAll(async () => {
  c.close();
  await s.server.close(0);
});

async function fetchPath(path: string): Promise<[number, string]> {
  const r = await c.roundTrip({ method: 'GET', authority: s.addr, path });
  return [r.status, (await readBody(r)).toString()];
}

describe('path escapes', () => {
  const refused: [string, number][] = [
    ['/../secret.txt', 400],
    ['/dir/../../secret.txt', 400],
    ['/%2e%2e/secret.txt', 400],
    ['/%2E%2E%2fsecret.txt', 400],
    ['/..%2f..%2fetc/passwd', 400],
    ['/..\\secret.txt', 400],
    ['/%5c..%5csecret.txt', 400],
    ['/index.html%00.png', 400],
    ['/%zz', 400],
    ['secret.txt', 400],
    ['//etc/passwd', 404],
    ['/etc/passwd', 404],
    ['/link-out', 404],
    ['/dir-out/secret.txt', 404],
  ];
  it.each(refused)('%s → %i, never the file', async (path, status) => {
    const [got, body] = await fetchPath(path);
    expect(got).toBe(status);
    expect(body).not.toContain(secret);
  });
  it('a symlink that stays inside the root, "." segments and a query string are served', async () => {
    expect(await fetchPath('/link-in')).toEqual([200, 'body{}']);
    expect(await fetchPath('/./dir/./index.html?x=/../..')).toEqual([200, 'dir']);
  });
});
