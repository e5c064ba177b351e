// The built docs site, shared by the browser tests (site.test.ts, test/playground/site.test.ts):
// built once (`npm run docs:build`) unless docs/.vitepress/dist is newer than everything it is made
// from (DOCS_REBUILD=1: unless this run of the tests built it), served on 127.0.0.1 as a static web server would serve it,
// and opened in Debian's Chromium driven by playwright-core. Two test files starting at once build
// the site once: the first takes a lock folder, the other waits for it and finds the site fresh.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '../../scripts/course/paths.ts';
import { distDir, manifestFile } from '../../scripts/docs/paths.ts';
import { chromiumPath } from '../peers/availability.ts';

/** What the site is made from: a change in any of these makes the built site stale. */
const inputs = ['src', 'playground', 'chapters', 'exercises', 'scripts/docs', 'scripts/course', 'docs/en', 'docs/zh', 'docs/diagrams', 'docs/.vitepress/config.mts', 'docs/.vitepress/theme'];
const lock = join(repoRoot, 'docs', '.vitepress', '.build-lock');

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((e) => newestMtime(join(path, e))));
}

function siteIsFresh(): boolean {
  const built = join(distDir, 'index.html');
  if (!existsSync(built) || !existsSync(manifestFile)) return false;
  // DOCS_REBUILD=1: built by this run of the tests (a test file that waited for another's build finds it fresh).
  if (process.env.DOCS_REBUILD === '1') return statSync(built).mtimeMs > performance.timeOrigin;
  const newest = Math.max(...inputs.map((p) => join(repoRoot, p)).filter(existsSync).map(newestMtime));
  return statSync(built).mtimeMs > newest;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Builds the site unless it is fresh; one build at a time across test files (a lock older than 10 minutes is stale). */
export async function buildSiteIfStale(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 600_000) rmSync(lock, { recursive: true, force: true });
      await sleep(1000);
    }
  }
  try {
    if (!siteIsFresh()) execFileSync('npm', ['run', '--silent', 'docs:build'], { cwd: repoRoot, stdio: 'inherit' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** A static server for the built site, as any web server would serve it (folder → index.html, else 404.html with 404). */
export function serveSite(): Promise<Server> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(distDir, path);
    if (!file.startsWith(distDir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404, { 'content-type': types['.html'] }).end(readFileSync(join(distDir, '404.html')));
      return;
    }
    // Hashed assets (mermaid is megabytes) are cached across pages, as a real web server would let them be.
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': cache });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Debian's Chromium, headless, with nothing running in the background. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
