// The docs site's generation step, without a browser: every chapter and exercise has its Chinese
// page with the same breakpoint anchors, links are rewritten to pages that exist, trace events
// become valid-looking mermaid, and source pages carry one id per line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadAnchors } from '../../scripts/course/anchors.ts';
import { loadChapters, loadExercises } from '../../scripts/course/course.ts';
import { anchorLink } from '../../scripts/course/links.ts';
import { chaptersDir, repoRoot } from '../../scripts/course/paths.ts';
import { langDir } from '../../scripts/docs/paths.ts';
import { rewriteLinks, type LinkContext } from '../../scripts/docs/site-links.ts';
import { sourcePage } from '../../scripts/docs/source-pages.ts';
import { chapterKeywords, mentions, mermaidText, sequenceDiagram } from '../../scripts/docs/trace-diagrams.ts';
import type { TraceEvent } from '../../src/trace.ts';

const anchors = loadAnchors();
/** Anchor names a page refers to, as `{{anchor:x}}` or rendered `"anchor:x"`. */
const anchorNames = (md: string) => new Set([...md.matchAll(/\{\{anchor:([^}\s]+)\}\}|"anchor:([^"\s]+)"/g)].map((m) => m[1] ?? m[2]));

describe('Chinese pages', () => {
  const pages = [
    ...loadChapters().map((c) => ({ slug: c.slug, english: join(c.dir, 'README.md'), zh: join(langDir('zh'), 'chapters', `${c.slug}.md`) })),
    ...loadExercises().map((e) => ({ slug: e.slug, english: join(e.dir, 'README.md'), zh: join(langDir('zh'), 'exercises', `${e.slug}.md`) })),
  ];

  test('every chapter and exercise has its page in docs/zh', () => {
    const missing = pages.filter((p) => !existsSync(p.zh)).map((p) => p.slug);
    expect(missing, 'write docs/zh/chapters/<slug>.md or docs/zh/exercises/<slug>.md for these').toEqual([]);
  });

  test.each(pages.filter((p) => existsSync(p.zh)).map((p) => [p.slug, p] as const))('%s: the Chinese page names the same breakpoint anchors', (_, p) => {
    const english = readFileSync(p.english, 'utf8');
    // A chapter's guide table comes from guide.json; its anchors count as the README's.
    const guide = existsSync(join(p.english, '..', 'guide.json')) ? readFileSync(join(p.english, '..', 'guide.json'), 'utf8') : '';
    const want = new Set([...anchorNames(english), ...[...guide.matchAll(/"anchor":\s*"([^"]+)"/g)].map((m) => m[1])]);
    expect([...anchorNames(readFileSync(p.zh, 'utf8'))].sort()).toEqual([...want].sort());
  });
});

describe('rewriteLinks', () => {
  const demo = join(chaptersDir, '99-demo');
  const context = (lang: 'en' | 'zh'): LinkContext => ({
    originDir: demo,
    pagePath: `${lang === 'en' ? '' : 'zh/'}chapters/99-demo.md`,
    lang,
    coursePages: new Map([
      ['chapters/99-demo/README.md', 'chapters/99-demo'],
      ['exercises/99.1-demo-select/README.md', 'exercises/99.1-demo-select'],
    ]),
    anchors,
    sources: new Set(),
    assets: new Set(),
    errors: [],
  });

  test('a breakpoint link goes to the source page at the line, with a vscode:// link beside it', () => {
    const link = anchorLink('chan.select-ready', anchors);
    const cx = context('en');
    const out = rewriteLinks(`at [${link.label}](${link.relativeUrl(demo)} "anchor:chan.select-ready").`, cx);
    expect(out).toBe(
      `at [${link.label}](../source/${link.file}.md#L${link.line} "anchor:chan.select-ready") ` +
        `<a class="vscode-link" href="${link.vscodeUrl}" title="open ${link.label} in VS Code (local clone)">VS Code</a>.`,
    );
    expect([...cx.sources]).toEqual([link.file]);
    expect(cx.errors).toEqual([]);
  });

  test('an exercise README becomes the exercise page in the same language', () => {
    const cx = context('zh');
    expect(rewriteLinks('[99.1](../../exercises/99.1-demo-select/README.md)', cx)).toBe('[99.1](../exercises/99.1-demo-select.md)');
  });

  test('a folder gets a listing page; external, site-absolute and in-page links and code stay as they are', () => {
    const cx = context('en');
    const md = '[src](../../src/) [gh](https://github.com/quic-go/quic-go) [abs](/overview.md) [here](#exercise) `[x](../nowhere.md)`';
    expect(rewriteLinks(md, cx)).toBe('[src](../source/src/index.md) [gh](https://github.com/quic-go/quic-go) [abs](/overview.md) [here](#exercise) `[x](../nowhere.md)`');
    expect([...cx.sources]).toEqual(['src/']);
  });

  test('a link to nothing is an error, not a dead link', () => {
    const cx = context('en');
    rewriteLinks('[gone](./no-such-file.ts)', cx);
    expect(cx.errors).toEqual(['chapters/99-demo.md: link ./no-such-file.ts: ./no-such-file.ts does not exist (chapters/99-demo/no-such-file.ts)']);
  });
});

describe('trace diagrams', () => {
  const ev = (goroutine: string, step: string, extra: Partial<TraceEvent> = {}): TraceEvent => ({ t: 0, goroutine, step, ...extra });
  const events = [
    ev('transport.listen', 'server.handlePacket → receivedPackets', { queue: { name: 'receivedPackets', len: 1, cap: 1024 } }),
    ev('server.run', 'handleInitialImpl', { detail: 'DCID 0102' }),
    ev('server.run', 'go connection.run', { conn: 'aa' }),
    ev('connection.run', 'handshake complete: close(handshakeCompleteChan)', { conn: '' }),
    ev('handleNewConn', 'connQueue <- conn', { conn: 'aa', queue: { name: 'connQueue', len: 1, cap: 32 } }),
  ];

  test('one participant per goroutine, the client connection named apart, one message per event', () => {
    const d = sequenceDiagram(events).split('\n');
    expect(d.filter((l) => l.includes('participant'))).toEqual([
      '  participant g0 as transport.listen',
      '  participant g1 as server.run',
      '  participant g2 as client connection.run',
      '  participant g3 as handleNewConn',
    ]);
    expect(d.filter((l) => l.includes('->>'))).toEqual([
      '  g0->>g0: server.handlePacket → receivedPackets [receivedPackets 1/1024]',
      '  g0->>g1: handleInitialImpl (DCID 0102)',
      '  g1->>g1: go connection.run',
      '  g1->>g2: handshake complete: close(handshakeCompleteChan)',
      '  g2->>g3: connQueue #lt;- conn [connQueue 1/32]',
    ]);
  });

  test('the steps a chapter names are boxed', () => {
    const keywords = chapterKeywords('When `connQueue` is full, the `Listener` refuses; see {{anchor:server.handleInitialImpl.newConn}}.');
    expect([...keywords].sort()).toEqual(['Listener', 'connQueue', 'handleInitialImpl', 'newConn']);
    const boxed: string[][] = [];
    let box: string[] | undefined;
    for (const l of sequenceDiagram(events, mentions(keywords)).split('\n').map((x) => x.trim())) {
      if (l.startsWith('rect ')) boxed.push((box = []));
      else if (l === 'end') box = undefined;
      else box?.push(l);
    }
    expect(boxed).toEqual([['g0->>g1: handleInitialImpl (DCID 0102)'], ['g2->>g3: connQueue #lt;- conn [connQueue 1/32]']]);
  });

  test('text mermaid would read as syntax is written as entity codes', () => {
    expect(mermaidText('a <- b; #1 > 0')).toBe('a #lt;- b#59; #35;1 #gt; 0');
  });
});

test('a source page has one id per line, marks anchored lines, escapes HTML and has no blank line in its block', () => {
  const link = anchorLink('chan.select-ready', anchors);
  const page = sourcePage(link.file, anchors);
  const lines = readFileSync(join(repoRoot, link.file), 'utf8').replace(/\n$/, '').split('\n');
  const block = page.slice(page.indexOf('<div class="source-file" v-pre>'));
  expect(block.match(/<span class="line[^"]*" id="L\d+"/g)).toHaveLength(lines.length);
  expect(block).toContain(`id="L${link.line}" title="anchor chan.select-ready"`);
  expect(block.trimEnd()).not.toMatch(/\n\s*\n/);
  expect(block).not.toMatch(/<(?!\/?(span|a|div|pre|code)\b)/);
});
