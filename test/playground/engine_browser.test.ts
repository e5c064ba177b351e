/// <reference lib="dom" />
// The engine in a real browser: the playground bundle (no Node built-in, bundle.test.ts) loaded
// into Debian's Chromium, every scenario run there. Its trace equals the one `npm run playground --
// <id> --json` prints in Node, line for line; and a handshake completes in the page in under 100 ms.
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenarioIds } from '../../playground/index.ts';
import type * as Playground from '../../playground/index.ts';
import { repoRoot } from '../../scripts/course/paths.ts';
import { bundlePlayground } from '../../scripts/playground/bundle.ts';
import { launchChromium } from '../docs/built-site.ts';

declare global {
  interface Window {
    playground: typeof Playground;
  }
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await bundlePlayground({ globalName: 'playground' });
  browser = await launchChromium();
  page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><title>playground engine</title>');
  await page.addScriptTag({ content: bundle.code });
  expect(errors).toEqual([]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** The trace and outcome the Node runner prints for a scenario. */
function nodeRun(id: string): { trace: string[]; outcome: Playground.Outcome } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/playground/run.ts', id, '--json'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
  return JSON.parse(out) as { trace: string[]; outcome: Playground.Outcome };
}

describe('the playground engine in Chromium', () => {
  it('has the scenarios and no Node: process.getBuiltinModule does not exist in the page', async () => {
    const ids = await page.evaluate(() => window.playground.scenarioIds);
    expect(ids).toContain('conn-queue-full');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  });

  it.each(scenarioIds)(
    '%s: the page records the trace the Node runner prints, and the same outcome',
    async (id) => {
      const inPage = await page.evaluate(async (id) => {
        const rec = await window.playground.runScenario(id);
        window.playground.exposeForTests(rec);
        return { trace: window.__playgroundTrace!, outcome: window.__playgroundOutcome!, wallMs: rec.wallMs, frames: rec.frames.length };
      }, id);
      console.log(`${id} in Chromium: ${inPage.frames} frames recorded in ${inPage.wallMs} ms`);
      const inNode = nodeRun(id);
      expect(inPage.trace.length).toBeGreaterThan(20);
      expect(inPage.trace).toEqual(inNode.trace);
      expect(inPage.frames).toBe(inPage.trace.length);
      expect(inPage.outcome).toEqual(inNode.outcome);
      expect(inPage.outcome.ok).toBe(true);
    },
    180_000,
  );

  it("a client that asks for the node:crypto backend in a page fails its dial with a clear error; the page goes on", async () => {
    const trace = await page.evaluate(async () => {
      const rec = await window.playground.runScenario({
        id: 'node-crypto-in-a-page',
        title: '',
        chapter: '',
        description: '',
        promise: '',
        defaults: { seed: 1, limitMs: 10_000 },
        async run(ctx) {
          ctx.listen();
          await ctx.dial({ crypto: 'node' });
        },
        expect: () => [],
      });
      return rec.trace;
    });
    expect(trace.find((l) => l.includes('dial failed'))).toMatch(/client 1: dial failed: .*node:crypto is only available in Node/);
    const after = await page.evaluate(async () => (await window.playground.runScenario('retry')).outcome.ok);
    expect(after).toBe(true);
  }, 60_000);

  it('completes a handshake in the page in under 100 ms (median of 7, after a warm-up)', async () => {
    const times = await page.evaluate(async () => {
      const ms: number[] = [];
      for (let i = 0; i < 8; i++) {
        const rec = await window.playground.runScenario('accept-one-by-one', { clients: 1, seed: i + 1 });
        ms.push(rec.handshakeMs!);
      }
      return ms.slice(1);
    });
    const median = [...times].sort((a, b) => a - b)[3]!;
    console.log(`handshake in Chromium: median ${median} ms (${times.join(', ')} ms)`);
    expect(median).toBeLessThan(100);
  }, 120_000);
});
