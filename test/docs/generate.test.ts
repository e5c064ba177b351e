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
import { sourceHighlighter, sourcePage } from '../../scripts/docs/source-pages.ts';
import { chapterKeywords, label, labelWidth, mentions, mermaidText, sequenceDiagram } from '../../scripts/docs/trace-diagrams.ts';
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

  test('a breakpoint link goes to the source page at the line, with a VS Code link that carries the file and line', () => {
    const link = anchorLink('chan.select-ready', anchors);
    const cx = { ...context('en'), cited: new Map<string, Set<number>>() };
    const out = rewriteLinks(`at [${link.label}](${link.relativeUrl(demo)} "anchor:chan.select-ready").`, cx);
    expect(out).toMatch(
      new RegExp(
        `^at \\[${link.label}\\]\\(\\.\\./source/${link.file}\\.md#L${link.line} "anchor:chan\\.select-ready"\\) ` +
          `<a class="vscode-link" href="${link.vscodeUrl}" data-file="${link.file}" data-line="${link.line}" title="Open ${link.label} in VS Code, in your own checkout[^"]*">VS Code</a>\\.$`,
      ),
    );
    expect([...cx.sources]).toEqual([link.file]);
    expect([...cx.cited.get(link.file)!]).toEqual([link.line]);
    expect(cx.errors).toEqual([]);
  });

  test('from a Chinese page, a source link goes to the Chinese source page', () => {
    const link = anchorLink('chan.select-ready', anchors);
    const out = rewriteLinks(`[x](${link.relativeUrl(demo)} "anchor:chan.select-ready")`, context('zh'));
    // zh/chapters/99-demo.md → zh/source/…
    expect(out).toContain(`](../source/${link.file}.md#L${link.line} `);
    expect(out).toContain('title="在 VS Code 中打开你本地克隆的');
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
      '  g0->>g0: server.handlePacket<br/>→ receivedPackets<br/>[receivedPackets<br/>1/1024]',
      '  g0->>g1: handleInitialImpl<br/>(DCID 0102)',
      '  g1->>g1: go connection.run',
      '  g1->>g2: handshake<br/>complete:<br/>close(handshakeCompleteChan)',
      '  g2->>g3: connQueue #lt;- conn<br/>[connQueue 1/32]',
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
    expect(boxed).toEqual([['g0->>g1: handleInitialImpl<br/>(DCID 0102)'], ['g2->>g3: connQueue #lt;- conn<br/>[connQueue 1/32]']]);
  });

  test('a message is broken between words into lines of at most labelWidth characters', () => {
    expect(label(events[0]!)).toBe('server.handlePacket<br/>→ receivedPackets<br/>[receivedPackets<br/>1/1024]');
    expect(label({ t: 0, goroutine: 'server.run', step: 'handleInitialImpl', detail: 'DCID c543ffd5f793591c6cd4418b64' })).toBe('handleInitialImpl<br/>(DCID c543ffd5…)');
    for (const line of label({ t: 0, goroutine: 'x', step: 'a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd' }).split('<br/>'))
      expect(line.length).toBeLessThanOrEqual(labelWidth);
  });

  test('a cut trace keeps the shaded steps and one either side, under their own numbers, with a note for each gap', () => {
    const many = [...events, ...events, ...events];
    const d = sequenceDiagram(many, (e) => e.step === 'handleInitialImpl', (a, b) => `skip ${a}-${b}`)
      .split('\n')
      .map((l) => l.trim());
    // handleInitialImpl is step 2, 7 and 12 of 15: kept 1-3, 6-8, 11-13.
    expect(d.filter((l) => l.startsWith('Note') || l.startsWith('autonumber'))).toEqual([
      'autonumber',
      'Note over g2: skip 4-5',
      'autonumber 6',
      'Note over g2: skip 9-10',
      'autonumber 11',
      'Note over g1: skip 14-15',
    ]);
    expect(d.filter((l) => l.includes('->>'))).toHaveLength(9);
    expect(d.filter((l) => l.startsWith('rect'))).toHaveLength(3);
  });

  test('text mermaid would read as syntax is written as entity codes', () => {
    expect(mermaidText('a <- b; #1 > 0')).toBe('a #lt;- b#59; #35;1 #gt; 0');
  });
});

test('a source page has one coloured line per id, marks anchored lines, links back to citing pages, escapes HTML, one line of HTML', async () => {
  const link = anchorLink('chan.select-ready', anchors);
  const h = await sourceHighlighter();
  const page = await sourcePage(h, link.file, anchors, 'zh', new Map([[link.line, [{ route: '/zh/chapters/99-demo.html', title: '99. 演示' }]]]));
  h.dispose();
  const lines = readFileSync(join(repoRoot, link.file), 'utf8').replace(/\n$/, '').split('\n');
  const block = page.slice(page.indexOf('<div class="source-file" v-pre>'));
  expect(block.match(/<span class="line[^"]*" id="L\d+"/g)).toHaveLength(lines.length);
  expect(block).toContain(`id="L${link.line}" title="anchor chan.select-ready"`);
  expect(block.trimEnd()).not.toContain('\n');
  expect(block).not.toMatch(/<(?!\/?(span|a|div|pre|code)\b)/);
  expect(block).toMatch(/<span style="--shiki-light:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}">/);
  const line = block.slice(block.indexOf(`id="L${link.line}"`));
  expect(line.slice(0, line.indexOf(`id="L${link.line + 1}"`))).toContain('<span class="cites"><a href="/zh/chapters/99-demo.html" title="回到 99. 演示">← 99</a></span>');
  expect(page).toContain(`<li><a href="/zh/chapters/99-demo.html">99. 演示</a>: 第 <a href="#L${link.line}">${link.line}</a> 行</li>`);
});
