/// <reference lib="dom" />
// The built docs site in a real browser: Debian's Chromium, driven by playwright-core, opens the
// site served on 127.0.0.1 and visits every chapter and page in both languages. On each page it
// checks that every mermaid diagram rendered to SVG and can be read (inside the text column at
// readable size, or in a frame that pans; no label past its box), that the console shows no error,
// that every link into the site answers 200 (navigation and language switch included), that each
// breakpoint link lands on a line that exists and carries its anchor today (with the matching
// VS Code link), and that each quic-go link is a checked citation at v0.47.0. Exercise and source
// pages get the same link checks. A screenshot of each page visited (JPEG) goes to
// artifacts/screenshots/.
//
// Then it looks as a reader would, at 1280 and 390 px, light and dark, English and Chinese: the home
// page, the overview, two chapters and a source page opened at a breakpoint, measured (seen.ts) and
// saved as PNG in test-results/site/ (git-ignored) to be looked at.
//
// The site is built once for all browser tests (built-site.ts): `npm run docs:build` unless
// docs/.vitepress/dist is newer than everything it is made from; DOCS_REBUILD=1 forces a build.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadAnchors } from '../../scripts/course/anchors.ts';
import { checkQuicGoRef, loadCitations, parseQuicGoRef, quicGoUrl } from '../../scripts/course/citations.ts';
import { anchorLink } from '../../scripts/course/links.ts';
import { repoRoot } from '../../scripts/course/paths.ts';
import type { PageInfo, SiteManifest } from '../../scripts/docs/generate.ts';
import { manifestFile } from '../../scripts/docs/paths.ts';
import { buildSiteIfStale, launchChromium, serveSite } from './built-site.ts';
import { diagramProblems, diagramsSeen, sourceProblems, sourceSeen } from './seen.ts';
import { skipWithout } from '../peers/availability.ts';

const screenshots = join(repoRoot, 'artifacts', 'screenshots');
const views = join(repoRoot, 'test-results', 'site');

let browser: Browser;
let server: Server;
let base: string;
let manifest: SiteManifest;

beforeAll(async () => {
  await buildSiteIfStale();
  manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as SiteManifest;
  server = await serveSite();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(screenshots, { recursive: true });
  mkdirSync(views, { recursive: true });
  browser = await launchChromium();
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
  problems.push(...diagramProblems(await diagramsSeen(page)));

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
  // The rest of the page: navigation, sidebar, the language switch.
  const around = await page.$$eval('a[href]', (as) => as.filter((a) => !a.closest('.vp-doc')).map((a) => (a as HTMLAnchorElement).href));
  for (const href of new Set(around.filter((h) => h.startsWith(base)))) {
    const code = await fetchOnce(href.split('#')[0]!);
    if (code !== 200) problems.push(`navigation link ${href}: HTTP ${code}`);
  }
  if (info.kind === 'chapter' && !links.some((l) => l.title.startsWith('anchor:')) && info.lang === 'en')
    problems.push('a chapter without a breakpoint link');

  const name = info.file.replace(/\.md$/, '').replace(/\//g, '__');
  // JPEG: a full page as PNG takes twice as long to encode, and the artifact is for looking at.
  await page.screenshot({ path: join(screenshots, `${name}.jpg`), fullPage: info.kind !== 'source', type: 'jpeg', quality: 80 });
  problems.push(...consoleErrors.map((e) => `console error: ${e}`));
  return problems;
}

describe.skipIf(skipWithout('chromium'))('docs site', () => {
  test('every chapter, page and source page in both languages renders readable diagrams and resolvable links, without console errors', async () => {
    const pages = manifest.pages.filter((p) => p.kind === 'chapter' || p.kind === 'page' || p.kind === 'source');
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

  test('as a reader sees it, at 1280 and 390 px, light and dark, English and Chinese (PNGs in test-results/site/)', async () => {
    const chapter03 = manifest.pages.find((p) => p.kind === 'chapter' && p.lang === 'en' && p.route.includes('/03-'))!;
    const bp = anchorLink('server.handleInitialImpl.newConn', anchors);
    const shown = [
      { name: 'home', route: '/' },
      { name: 'overview', route: '/overview.html' },
      { name: 'ch00', route: manifest.pages.find((p) => p.kind === 'chapter' && p.lang === 'en')!.route },
      { name: 'ch03', route: chapter03.route },
      { name: 'source', route: `/source/${bp.file}.html#L${bp.line}` },
    ];
    const problems: string[] = [];
    const look = async (lang: 'en' | 'zh', width: number, scheme: 'light' | 'dark') => {
      const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const { name, route } of shown) {
        const at = `${lang}-${width}-${scheme}-${name}`;
        const url = new URL(lang === 'zh' ? `/zh${route}` : route, base).href;
        await page.goto(url, { waitUntil: 'load' });
        const want = manifest.pages.find((p) => p.route === new URL(url).pathname.replace(/\/$/, '/index.html').replace(/^\/(zh\/)?index\.html$/, '/$1'))?.mermaid ?? 0;
        await page.waitForFunction(`document.querySelectorAll('.diagram svg').length >= ${want}`, undefined, { timeout: 20_000 }).catch(() => {});
        await page.waitForTimeout(300);
        for (const p of diagramProblems(await diagramsSeen(page))) problems.push(`${at}: ${p}`);
        if (name === 'source') {
          for (const p of sourceProblems(await sourceSeen(page), bp.line)) problems.push(`${at}: ${p}`);
          const back = (await sourceSeen(page)).backLinks;
          if (!back.some((h) => new URL(h).pathname.startsWith(lang === 'zh' ? '/zh/' : '/chapters/'))) problems.push(`${at}: back links ${back.join(' ')} leave the language`);
        }
        if (name === 'home') {
          const gap = await page.evaluate(() => document.querySelector('.VPHome .vp-doc h1')!.getBoundingClientRect().top - document.querySelector('.VPFeatures')!.getBoundingClientRect().bottom);
          if (gap < 24) problems.push(`${at}: the chapters heading is ${gap} px below the feature cards`);
        }
        await page.screenshot({ path: join(views, `${at}.png`) });
        // Each diagram as it shows in the window (on a phone, in the light scheme only: time).
        const figures = page.locator('.diagram');
        for (let i = 0; i < (width < 600 && scheme === 'dark' ? 0 : await figures.count()); i++) {
          await figures.nth(i).evaluate((f) => f.scrollIntoView({ block: 'start' }));
          await page.evaluate(() => window.scrollBy(0, -72));
          await page.screenshot({ path: join(views, `${at}-diagram${i + 1}.png`) });
        }
      }
      await context.close();
    };
    const all: [lang: 'en' | 'zh', width: number, scheme: 'light' | 'dark'][] = [];
    for (const lang of ['en', 'zh'] as const) for (const width of [1280, 390]) for (const scheme of ['light', 'dark'] as const) all.push([lang, width, scheme]);
    const queue = [...all];
    await Promise.all(
      [0, 1, 2].map(async () => {
        for (let v = queue.shift(); v; v = queue.shift()) await look(...v);
      }),
    );
    expect(problems).toEqual([]);
  }, 300_000);

  test('a wide diagram pans, zooms and opens full screen, at 1280 and 390 px', async () => {
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 844 } });
      await page.goto(`${base}/overview.html`);
      await page.waitForFunction(`document.querySelectorAll('.diagram svg').length >= 3`);
      const fig = page.locator('.diagram.is-wide').last();
      await fig.scrollIntoViewIfNeeded();
      const transform = () => fig.locator('.mermaid').evaluate((m) => (m as HTMLElement).style.transform);
      const scale = async () => Number(/scale\(([\d.]+)\)/.exec(await transform())![1]);
      const x = async () => Number(/translate\((-?[\d.]+)px/.exec(await transform())![1]);
      expect(await scale(), `${width}: opens at 1:1`).toBe(1);
      await fig.locator('.diagram-zoom-in').click();
      expect(await scale(), `${width}: zoom in`).toBeCloseTo(1.25);
      await fig.locator('.diagram-zoom-out').click();
      const box = (await fig.locator('.diagram-viewport').boundingBox())!;
      const before = await x();
      await page.mouse.move(box.x + box.width - 20, box.y + 60);
      await page.mouse.down();
      await page.mouse.move(box.x + 20, box.y + 60, { steps: 5 });
      await page.mouse.up();
      expect(await x(), `${width}: dragging left shows more of the right`).toBeLessThan(before - 100);
      await fig.locator('.diagram-full-button').click();
      const full = (await fig.boundingBox())!;
      expect([full.x, full.y, full.width], `${width}: full screen`).toEqual([0, 0, width]);
      await page.keyboard.press('Escape');
      expect((await fig.boundingBox())!.width, `${width}: back in the column`).toBeLessThan(width);
      await page.close();
    }
  });

  test('VS Code links open the reader\'s own checkout, asked for once and kept in the browser', async () => {
    const page = await browser.newPage();
    const chapter = manifest.pages.find((p) => p.kind === 'chapter' && p.lang === 'en' && p.route.includes('/03-'))!;
    await page.goto(new URL(chapter.route, base).href);
    const link = page.locator('a.vscode-link[data-file]').first();
    const file = (await link.getAttribute('data-file'))!;
    const line = (await link.getAttribute('data-line'))!;
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.defaultValue();
      void d.accept('/home/learner/quic-course/');
    });
    await link.click();
    expect(asked, 'the question offers the folder the site was built in').toBe(repoRoot);
    expect(await page.evaluate(() => localStorage.getItem('quic-course.checkout'))).toBe('/home/learner/quic-course/');
    await page.goto(new URL(chapter.route, base).href);
    await expect.poll(() => link.getAttribute('href')).toBe(`vscode://file/home/learner/quic-course/${file}:${line}`);
    await page.close();
  });

  test('the 404 page speaks the language of its locale', async () => {
    const page = await browser.newPage();
    for (const [path, title] of [['/zh/no-such-page.html', '页面不存在'], ['/no-such-page.html', 'PAGE NOT FOUND']]) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status()).toBe(404);
      await expect.poll(() => page.locator('.NotFound .title').textContent()).toBe(title);
    }
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
