/// <reference lib="dom" />
// The playground pages in a real browser: Debian's Chromium, driven by playwright-core, opens every
// playground page of the built site (built-site.ts) in English and Chinese, waits for the engine to
// record the run, checks that Step moves one event and Pause stops the clock, runs it to the end and
// checks the outcome the chapter promises, as the page shows it (every check of the scenario marked
// met, and for connQueue the bar at 32/32 and the 33rd client refused). No console error on any
// page. The trace the page recorded equals the one `npm run playground -- <id>` prints in Node
// (runScenario's trace, which the runner prints). Holding a packet keeps it on the wire until it is
// released. The playground's script is fetched by its pages only. At 1280 and 390 px the page does
// not pan sideways. (A handshake's time in Chromium, under 100 ms, is measured by
// engine_browser.test.ts: the median of seven, which a loaded machine does not sway.) Screenshots go
// to artifacts/playground/ to be looked at.
import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../../scripts/course/paths.ts';
import type { PageInfo, SiteManifest } from '../../scripts/docs/generate.ts';
import { manifestFile } from '../../scripts/docs/paths.ts';
import { buildSiteIfStale, launchChromium, serveSite } from '../docs/built-site.ts';
import { skipWithout } from '../peers/availability.ts';
import { runScenario, scenarioIds } from '../../playground/index.ts';

const shots = join(repoRoot, 'artifacts', 'playground');

let browser: Browser;
let server: Server;
let base: string;
let manifest: SiteManifest;
/** The scenario pages (not the index), both languages. */
let scenarioPages: PageInfo[];

const scenarioOf = (p: PageInfo) => p.route.replace(/^.*\/playground\/(.*)\.html$/, '$1');

beforeAll(async () => {
  await buildSiteIfStale();
  manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as SiteManifest;
  scenarioPages = manifest.pages.filter((p) => p.kind === 'playground' && !p.route.endsWith('/'));
  server = await serveSite();
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(shots, { recursive: true });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** Console errors, uncaught exceptions and failed requests of a page, from now on. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  return errors;
}

/** Opens a playground page and waits until its run is recorded. */
async function openPlayground(page: Page, route: string): Promise<void> {
  await page.goto(new URL(route, base).href, { waitUntil: 'load' });
  await page.waitForSelector('.playground[data-ready="true"], .pg-error', { timeout: 60_000 });
  const failed = await page.locator('.pg-error').textContent().catch(() => null);
  if (failed) throw new Error(`${route}: ${failed}`);
}

const index = (page: Page) => page.locator('.playground').getAttribute('data-index').then(Number);

describe.skipIf(skipWithout('chromium'))('playground pages', () => {
  test('there is a page for every scenario in both languages, and each chapter links to its playground', async () => {
    const en = scenarioPages.filter((p) => p.lang === 'en').map(scenarioOf).sort();
    const zh = scenarioPages.filter((p) => p.lang === 'zh').map(scenarioOf).sort();
    expect(en).toEqual([...scenarioIds].sort());
    expect(zh).toEqual(en);
    const chapter02 = manifest.pages.find((p) => p.kind === 'chapter' && p.lang === 'zh' && p.route.includes('/02-'))!;
    const html = await (await fetch(new URL(chapter02.route, base))).text();
    expect(html).toContain('href="/zh/playground/conn-queue-full.html"');
  });

  test('every scenario runs to the outcome its chapter promises, in English and Chinese, with the trace the Node runner prints; step, back and pause work; no console error', async () => {
    const problems: string[] = [];
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const queue = [...scenarioPages];
    let pauses = 0; // pages where Pause was clicked while playing
    await Promise.all(
      [0, 1].map(async () => {
        const page = await context.newPage();
        for (let info = queue.shift(); info; info = queue.shift()) {
          page.removeAllListeners();
          const errors = watchErrors(page);
          const at = `${info.route}`;
          try {
            await openPlayground(page, info.route);
            // The same trace as `npm run playground -- <id>` prints under Node (runScenario's, which the runner prints).
            if (info.lang === 'en') {
              const inPage = (await page.evaluate(() => window.__playgroundTrace)) ?? [];
              const inNode = (await runScenario(scenarioOf(info))).trace;
              const i = inPage.findIndex((l, k) => l !== inNode[k]);
              if (inNode.length === 0 || i >= 0 || inPage.length !== inNode.length)
                problems.push(`${at}: trace line ${i + 1} differs: page ${JSON.stringify(inPage[i])}, node ${JSON.stringify(inNode[i])} (${inPage.length} and ${inNode.length} lines)`);
            }
            // One event per Step.
            expect(await index(page), `${at}: at the first event`).toBe(0);
            await page.locator('.pg-step').click();
            await page.locator('.pg-step').click();
            expect(await index(page), `${at}: two steps`).toBe(2);
            await page.locator('.pg-back').click();
            expect(await index(page), `${at}: one back`).toBe(1);
            expect(await page.locator('.pg-trace-line').count() + (await page.locator('.pg-wire .pg-lane').count()), `${at}: something shown after two events`).toBeGreaterThan(0);
            // Play moves on; Pause stops it (at the default speed: a faster one could reach the end of a short run first).
            await page.locator('.pg-play').click();
            await page.waitForFunction(() => Number(document.querySelector('.playground')!.getAttribute('data-index')) > 2, undefined, { timeout: 20_000 });
            // Clicked inside the page, in one task: a short run may reach its end (and Pause give way
            // to Play) between a check from here and the click.
            const pausedAt = await page.evaluate(() => {
              const pause = document.querySelector<HTMLButtonElement>('.pg-pause');
              pause?.click();
              return pause ? Number(document.querySelector('.playground')!.getAttribute('data-index')) : undefined;
            });
            if (pausedAt !== undefined) {
              pauses++;
              await page.waitForTimeout(400);
              expect(await index(page), `${at}: paused`).toBe(pausedAt);
            }
            // To the end: the chapter's promise is met, as the page shows it and as the engine says.
            await page.locator('.pg-end').click();
            await page.waitForSelector('.pg-outcome[data-ok="true"], .pg-outcome[data-ok="false"]');
            const outcome = (await page.evaluate(() => window.__playgroundOutcome))!;
            if (!outcome.ok) problems.push(`${at}: outcome ${JSON.stringify(outcome.checks.filter((c) => !c.ok))}`);
            expect(await page.locator('.pg-outcome').getAttribute('data-ok'), `${at}: the page shows the outcome met`).toBe('true');
            expect(await page.locator('.pg-outcome li.ok').count(), `${at}: every check marked met`).toBe(outcome.checks.length);
            if (scenarioOf(info) === 'conn-queue-full') {
              const q = page.locator('.pg-queues li[data-queue="connQueue"]').first();
              expect([await q.getAttribute('data-len'), await q.getAttribute('data-cap')], `${at}: connQueue`).toEqual(['32', '32']);
              expect(await page.locator('.pg-trace').textContent(), `${at}: the 33rd refused`).toContain('CONNECTION_REFUSED');
            }
            await page.screenshot({ path: join(shots, `${info.file.replace(/\.md$/, '').replace(/\//g, '__')}-end.png`), fullPage: true });
          } catch (e) {
            problems.push(`${at}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
          }
          problems.push(...errors.map((e) => `${at}: console error: ${e}`));
        }
        await page.close();
      }),
    );
    await context.close();
    expect(problems).toEqual([]);
    expect(pauses, 'Pause clicked while playing on most pages').toBeGreaterThan(scenarioPages.length / 2);
  }, 600_000);

  test('holding a packet keeps it on the wire until it is released', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await openPlayground(page, '/playground/accept-one-by-one.html');
    await page.locator('.pg-hold').click();
    await page.waitForSelector('.playground[data-ready="true"]');
    // Step until the held datagram is on the wire.
    for (let i = 0; i < 200 && (await page.locator('.pg-lane[data-state="held"]').count()) === 0; i++) await page.locator('.pg-step').click();
    const held = page.locator('.pg-lane[data-state="held"]');
    expect(await held.count(), 'a held packet in view').toBe(1);
    const id = await held.getAttribute('data-packet');
    await page.screenshot({ path: join(shots, 'held-packet.png') });
    for (let i = 0; i < 5; i++) await page.locator('.pg-step').click();
    expect(await page.locator(`.pg-lane[data-packet="${id}"]`).getAttribute('data-state'), 'still held after more events').toBe('held');
    await page.locator(`.pg-lane[data-packet="${id}"] .pg-release`).click();
    await expect.poll(async () => page.locator(`.pg-lane[data-packet="${id}"][data-state="held"]`).count(), { timeout: 20_000 }).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  test('the playground script is fetched on its pages only', async () => {
    const scripts = async (route: string, ready: boolean) => {
      const page = await browser.newPage();
      const urls: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') urls.push(new URL(r.url()).pathname);
      });
      await page.goto(new URL(route, base).href, { waitUntil: 'networkidle' });
      if (ready) await page.waitForSelector('.playground[data-ready="true"]', { timeout: 60_000 });
      // In-site navigation to another chapter fetches its page, not the playground.
      if (!ready) {
        await page.locator('a[href*="/chapters/03-"]').first().click();
        await page.waitForURL(/\/chapters\/03-/);
        await page.waitForLoadState('networkidle');
      }
      await page.close();
      return new Set(urls);
    };
    const playground = await scripts('/playground/conn-queue-full.html', true);
    const elsewhere = new Set([...(await scripts('/', false)), ...(await scripts('/chapters/02-who-fills-connqueue.html', false)), ...(await scripts('/zh/overview.html', false))]);
    const own = [...playground].filter((u) => !elsewhere.has(u));
    expect(own.length, 'scripts only the playground page fetches').toBeGreaterThan(0);
    const sizes = own.map((u) => readFileSync(join(repoRoot, 'docs/.vitepress/dist', u)).length);
    // The engine (the QUIC stack, TLS and noble's crypto) is the largest of them.
    expect(Math.max(...sizes), `the playground's own scripts ${own.join(' ')}`).toBeGreaterThan(100_000);
  }, 120_000);

  test('at 1280 and 390 px, light and dark, the page does not pan sideways; screenshots in artifacts/playground/', async () => {
    const problems: string[] = [];
    for (const [width, scheme, lang] of [
      [1280, 'light', 'en'],
      [390, 'light', 'en'],
      [1280, 'dark', 'zh'],
      [390, 'dark', 'zh'],
    ] as const) {
      const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 900 }, colorScheme: scheme });
      const page = await context.newPage();
      await openPlayground(page, `${lang === 'zh' ? '/zh' : ''}/playground/conn-queue-full.html`);
      // At the end: connQueue full, every client's chip, the whole sequence diagram and trace.
      await page.locator('.pg-end').click();
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (wide > 0) problems.push(`${width} ${lang}: the page is ${wide} px wider than the window`);
      await page.locator('.playground').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `${lang}-${width}-${scheme}-conn-queue-full.png`), fullPage: true });
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 180_000);
});
