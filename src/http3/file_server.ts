// Static files from a root directory (Go's http.FileServer): GET and HEAD, with Content-Type and
// Content-Length; other methods are 405. A path is never served from outside the root: it is
// percent-decoded once and refused with 400 if a segment is "..", if it holds NUL or a backslash,
// or is not absolute; the file found is resolved through symlinks and must still be inside the
// root, or it is 404 like a missing one.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { Request } from './headers.ts';
import { contentType } from './mime.ts';
import { httpError, type Handler, type ResponseWriter } from './response_writer.ts';

/** A file to send, or why not. */
export type Resolved = { file: string; size: number } | { status: 400 | 404 } | { redirect: string };

/** Maps a request :path to a file under root (whose real path is rootReal). */
export async function resolvePath(rootReal: string, rawPath: string): Promise<Resolved> {
  const pathOnly = rawPath.split(/[?#]/, 1)[0]!;
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathOnly);
  } catch {
    return { status: 400 }; // a malformed %-escape
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { status: 400 };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { status: 400 };

  let real: string;
  try {
    real = await realpath(join(rootReal, ...segments));
  } catch {
    return { status: 404 };
  }
  if (real !== rootReal && !real.startsWith(rootReal + sep)) return { status: 404 }; // a symlink out of the root
  const st = await stat(real);
  if (st.isDirectory()) {
    if (!pathOnly.endsWith('/')) return { redirect: `${pathOnly}/` };
    return resolvePath(rootReal, `${pathOnly}index.html`);
  }
  if (!st.isFile()) return { status: 404 };
  return { file: real, size: st.size };
}

/** A Handler serving files under root. */
export async function fileServer(root: string): Promise<Handler> {
  const rootReal = await realpath(root);
  return async (w: ResponseWriter, r: Request) => {
    if (r.method !== 'GET' && r.method !== 'HEAD') {
      w.header.set('allow', 'GET, HEAD');
      return httpError(w, 405, '405 method not allowed');
    }
    const res = await resolvePath(rootReal, r.path);
    if ('status' in res) return httpError(w, res.status, res.status === 400 ? '400 bad request' : '404 page not found');
    if ('redirect' in res) {
      w.header.set('location', res.redirect);
      w.header.set('content-length', '0');
      return w.writeHeader(301);
    }
    w.header.set('content-type', contentType(res.file));
    w.header.set('content-length', String(res.size));
    await w.writeHeader(200);
    if (r.method === 'HEAD' || res.size === 0) return;
    for await (const chunk of createReadStream(res.file, { highWaterMark: 64 * 1024 })) await w.write(chunk as Buffer);
  };
}
