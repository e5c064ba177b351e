// The built docs site in a real browser: Debian's Chromium, driven by playwright-core, opens the
// site served on 127.0.0.1 and visits every chapter and page in both languages. On each page it
// checks that every mermaid diagram rendered to SVG, that the console shows no error, that
// every link into the site answers 200, that each breakpoint link lands on a line that exists and
// carries its anchor today (with the matching vscode:// link), and that each quic-go link is a
// checked citation at v0.47.0. Exercise pages get the same link checks from their built HTML.
// A screenshot of each page visited (JPEG) goes to artifacts/screenshots/.
//
// The site is built (`npm run docs:build`) unless docs/.vitepress/dist is newer than everything it
// is made from; DOCS_REBUILD=1 forces a build.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadAnchors } from '../../scripts/course/anchors.ts';
import { checkQuicGoRef, loadCitations, parseQuicGoRef, quicGoUrl } from '../../scripts/course/citations.ts';
import { anchorLink } from '../../scripts/course/links.ts';
import { repoRoot } from '../../scripts/course/paths.ts';
import type { PageInfo, SiteManifest } from '../../scripts/docs/generate.ts';
import { distDir, manifestFile } from '../../scripts/docs/paths.ts';
import { skipWithout } from '../peers/availability.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = join(repoRoot, 'artifacts', 'screenshots');
/** What the site is made from: a change in any of these makes the built site stale. */
const inputs = ['src', 'chapters', 'exercises', 'scripts/docs', 'scripts/course', 'docs/en', 'docs/zh', 'docs/diagrams', 'docs/.vitepress/config.mts', 'docs/.vitepress/theme'];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((e) => newestMtime(join(path, e))));
}

function siteIsFresh(): boolean {
  const built = join(distDir, 'index.html');
  if (process.env.DOCS_REBUILD === '1' || !existsSync(built) || !existsSync(manifestFile)) return false;
  const newest = Math.max(...inputs.map((p) => join(repoRoot, p)).filter(existsSync).map(newestMtime));
  return statSync(built).mtimeMs > newest;
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

/** A static server for the built site, as any web server would serve it (folder → index.html). */
function serve(): Promise<Server> {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = join(distDir, path);
    if (!file.startsWith(distDir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    // Hashed assets (mermaid is megabytes) are cached across pages, as a real web server would let them be.
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': cache });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

let browser: Browser;
let server: Server;
let base: string;
let manifest: SiteManifest;

beforeAll(async () => {
  if (!existsSync(chromiumPath))
    throw new Error(`Chromium not found at ${chromiumPath}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH`);
  if (!siteIsFresh()) execFileSync('npm', ['run', '--silent', 'docs:build'], { cwd: repoRoot, stdio: 'inherit' });
  manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as SiteManifest;
  server = await serve();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(screenshots, { recursive: true });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

const status = new Map<string, Promise<number>>();
/** The HTTP status of a URL of the site (each fetched once) and its body. */
const bodies = new Map<string, Promise<string>>();
function fetchOnce(url: string): Promise<number> {
  if (!status.has(url)) {
    const r = fetch(url);
    status.set(url, r.then((x) => x.status));
    bodies.set(url, r.then((x) => x.text()));
  }
  return status.get(url)!;
}

const anchors = loadAnchors();
const citations = loadCitations();
const quicGoLink = /^https:\/\/github\.com\/quic-go\/quic-go\/blob\/v0\.47\.0\/[A-Za-z0-9_./-]+\.go#L\d+(-L\d+)?$/;

interface LinkSeen {
  href: string;
  title: string;
  next: string | null;
}

/** Links into the site answer 200; breakpoint and quic-go links are what the anchors and citations say today. */
async function checkLinks(links: LinkSeen[]): Promise<string[]> {
  const problems: string[] = [];
  for (const l of links) {
    if (l.href.startsWith(base)) {
      const target = l.href.split('#')[0]!;
      const code = await fetchOnce(target);
      if (code !== 200) problems.push(`link ${l.href}: HTTP ${code}`);
    }
    const anchor = /^anchor:(.+)$/.exec(l.title)?.[1];
    if (anchor !== undefined) {
      const want = anchorLink(anchor, anchors);
      const at = new URL(l.href);
      if (!at.pathname.endsWith(`/source/${want.file}.html`) || at.hash !== `#L${want.line}`)
        problems.push(`breakpoint ${anchor}: ${l.href} is not ${want.file}#L${want.line}`);
      else if (!(await bodies.get(l.href.split('#')[0]!))!.includes(`id="L${want.line}" title="anchor ${anchor}"`))
        problems.push(`breakpoint ${anchor}: line ${want.line} is not marked on the source page`);
      if (l.next !== want.vscodeUrl) problems.push(`breakpoint ${anchor}: VS Code link ${l.next} is not ${want.vscodeUrl}`);
    }
    const quicgo = /^quicgo:(.+)$/.exec(l.title)?.[1];
    if (quicgo !== undefined) {
      const why = checkQuicGoRef(quicgo, citations);
      if (why) problems.push(`quic-go link: ${why}`);
      else if (!quicGoLink.test(l.href) || l.href !== quicGoUrl(parseQuicGoRef(quicgo)!)) problems.push(`quic-go link ${quicgo}: ${l.href}`);
    }
  }
  return problems;
}

/**
 * The links of a page as its built HTML has them (exercise pages hold no diagram and no script of
 * their own, so they are checked without a browser).
 */
async function staticLinks(info: PageInfo): Promise<LinkSeen[]> {
  const url = new URL(info.route, base).href;
  if ((await fetchOnce(url)) !== 200) return [{ href: url, title: '', next: null }];
  const html = await bodies.get(url)!;
  const main = html.slice(html.indexOf('class="vp-doc'));
  return [...main.matchAll(/<a href="([^"]*)"(?: title="([^"]*)")?[^>]*>[\s\S]*?<\/a>(\s*<a class="vscode-link" href="([^"]*)")?/g)].map((m) => ({
    href: new URL(m[1]!, url).href,
    title: m[2] ?? '',
    next: m[4] ?? null,
  }));
}

/** Everything wrong with one page; empty when it is right. */
async function checkPage(page: Page, info: PageInfo): Promise<string[]> {
  const problems: string[] = [];
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  const url = new URL(info.route, base).href;
  const res = await page.goto(url, { waitUntil: 'load' });
  if (res?.status() !== 200) return [`HTTP ${res?.status()}`];

  // Mermaid renders after the page mounts: wait for as many SVGs as the page has diagrams.
  try {
    await page.waitForFunction(`document.querySelectorAll('.mermaid svg').length >= ${info.mermaid}`, undefined, { timeout: 20_000 });
  } catch {
    problems.push(`expected ${info.mermaid} mermaid SVGs`);
  }
  const svgs = await page.locator('.mermaid svg').count();
  if (svgs !== info.mermaid) problems.push(`${svgs} mermaid SVGs rendered, the page has ${info.mermaid} diagrams`);
  const errorSvgs = await page.locator('.mermaid svg[aria-roledescription="error"]').count();
  if (errorSvgs > 0) problems.push(`${errorSvgs} mermaid diagrams failed to parse`);

  const links: LinkSeen[] = (
    await page.$$eval('.vp-doc a[href]', (as) =>
      as.map((a) => ({
        href: a.getAttribute('href')!,
        title: a.getAttribute('title') ?? '',
        next: a.nextElementSibling?.classList.contains('vscode-link') ? a.nextElementSibling.getAttribute('href') : null,
      })),
    )
  ).map((l) => ({ ...l, href: new URL(l.href, page.url()).href }));
  problems.push(...(await checkLinks(links)));
  if (info.kind === 'chapter' && !links.some((l) => l.title.startsWith('anchor:')) && info.lang === 'en')
    problems.push('a chapter without a breakpoint link');

  const name = info.file.replace(/\.md$/, '').replace(/\//g, '__');
  // JPEG: a full page as PNG takes twice as long to encode, and the artifact is for looking at.
  await page.screenshot({ path: join(screenshots, `${name}.jpg`), fullPage: true, type: 'jpeg', quality: 80 });
  problems.push(...consoleErrors.map((e) => `console error: ${e}`));
  return problems;
}

describe.skipIf(skipWithout('chromium'))('docs site', () => {
  test('every chapter and page in both languages renders its diagrams and resolvable links, without console errors', async () => {
    const pages = manifest.pages.filter((p) => p.kind === 'chapter' || p.kind === 'page');
    for (const lang of ['en', 'zh'])
      expect(pages.filter((p) => p.kind === 'chapter' && p.lang === lang).length, `${lang} chapter pages`).toBe(
        manifest.pages.filter((p) => p.kind === 'chapter' && p.lang === 'en').length,
      );
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const queue = [...pages];
    // Three tabs at a time: a tab mostly waits (for the network, mermaid, the encoder).
    await Promise.all(
      [0, 1, 2].map(async () => {
        const page = await context.newPage();
        for (let info = queue.shift(); info; info = queue.shift()) {
          page.removeAllListeners();
          let found = await checkPage(page, info);
          // A page is checked a second time before it counts as wrong: under a loaded CI machine mermaid
          // has once drawn error diagrams for a page that renders cleanly when loaded again. A real fault
          // (a diagram that does not parse, a dead link) shows both times.
          if (found.length > 0) {
            page.removeAllListeners();
            found = await checkPage(page, info);
          }
          for (const p of found) problems.push(`${info.route}: ${p}`);
        }
        await page.close();
      }),
    );
    await context.close();
    expect(problems).toEqual([]);
  }, 300_000);

  test('every exercise page in both languages has resolvable links', async () => {
    const problems: string[] = [];
    let breakpoints = 0;
    for (const info of manifest.pages.filter((p) => p.kind === 'exercise')) {
      const links = await staticLinks(info);
      breakpoints += links.filter((l) => l.title.startsWith('anchor:')).length;
      for (const p of await checkLinks(links)) problems.push(`${info.route}: ${p}`);
    }
    expect(problems).toEqual([]);
    // Exercise 99.1 names a breakpoint: finding none would mean the links were not seen at all.
    expect(breakpoints).toBeGreaterThan(0);
  }, 60_000);

  test('the language switch leads from each English chapter to its Chinese page', async () => {
    const page = await browser.newPage();
    const chapter = manifest.pages.find((p) => p.kind === 'chapter' && p.lang === 'en')!;
    await page.goto(new URL(chapter.route, base).href);
    const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!));
    const zh = hrefs.map((h) => new URL(h, page.url()).href).filter((h) => h.includes('/zh/chapters/'));
    expect(zh).toContain(new URL(`/zh${chapter.route}`, base).href);
    await page.close();
  });

  test('local search finds a chapter', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await page.locator('.VPNavBarSearch button').click();
    await page.locator('.VPLocalSearchBox input').fill('connQueue');
    await expect.poll(() => page.locator('.VPLocalSearchBox .result').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.close();
  });
});
