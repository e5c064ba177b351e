// The docs site's generation step (`npm run docs:build` runs it before VitePress): writes
// docs/.generated/, which VitePress uses as its source folder, from
//   - every chapter and exercise README that exists now (English), rendered as `npm run
//     course:render` renders them, with their links pointing at pages of the site;
//   - the Chinese pages docs/zh/chapters/<NN-slug>.md and docs/zh/exercises/<NN.n-slug>.md, whose
//     `{{anchor:…}}` and `{{quicgo:…}}` references resolve the same way;
//   - the hand-written pages docs/en/*.md and docs/zh/*.md, where `{{diagram:<name>}}` inserts
//     docs/diagrams/<name>.mmd, `{{trace}}` the whole run's sequence diagram and `{{chapters}}` the
//     list of chapters;
//   - one real run's trace: each chapter page ends with its sequence diagram (trace-diagrams.ts);
//   - the playground pages docs/en/playground/*.md and docs/zh/playground/*.md (the real stack
//     running in the reader's browser), in a sidebar group of their own; each chapter links to the
//     playgrounds `chapterPlaygrounds` names for it;
//   - a source page per repository file that a page links to, in each language, linking back to the
//     pages that cite its lines.
// It writes site.json (sidebars and the list of pages) for the VitePress config and the site test.
// A chapter or exercise without its Chinese page gets the English text under a notice, and is
// listed in site.json's `missingZh` (test/docs/generate.test.ts fails on it).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadExercises, type Chapter, type Exercise } from '../course/course.ts';
import { repoPath, repoRoot } from '../course/paths.ts';
import { loadContext, renderMarkdown, type CourseContext } from '../course/render.ts';
import type { TraceEvent } from '../../src/trace.ts';
import { diagramsDir, generatedDir, langDir, languages, manifestFile, routePrefix, type Lang } from './paths.ts';
import { assetPath, rewriteLinks, sourcePagePath, type LinkContext } from './site-links.ts';
import { folderPage, sourceHighlighter, sourcePage, type Citation } from './source-pages.ts';
import { chapterDiagram, runTrace, sequenceDiagram, type GapNote } from './trace-diagrams.ts';

export type PageKind = 'page' | 'chapter' | 'exercise' | 'source' | 'playground';

export interface PageInfo {
  /** relative to docs/.generated: `zh/chapters/99-demo.md` */
  file: string;
  /** the URL path of the built page: `/zh/chapters/99-demo.html` */
  route: string;
  lang: Lang;
  kind: PageKind;
  title: string;
  /** how many mermaid diagrams the page holds */
  mermaid: number;
}

export interface SidebarItem {
  text: string;
  link?: string;
  items?: SidebarItem[];
  collapsed?: boolean;
}

export interface SiteManifest {
  pages: PageInfo[];
  sidebars: Record<Lang, SidebarItem[]>;
  /** chapters and exercises (slugs) that have no Chinese page yet */
  missingZh: string[];
}

/** The hand-written pages, in sidebar order; any other page of docs/<lang> follows them. */
const pageOrder = ['index', 'overview', 'running'];

/** The playground folder of each language's hand-written pages: index first, then its scenarios. */
const playgroundDir = 'playground';
/**
 * The playgrounds each chapter links to (pages of docs/<lang>/playground), by chapter number: the
 * scenario that runs what the chapter explains.
 */
export const chapterPlaygrounds: Record<string, string[]> = {
  '00': ['index'],
  '01': ['accept-one-by-one'],
  '02': ['conn-queue-full'],
  '03': ['retry'],
  '04': ['small-initial', 'version-negotiation', 'zero-rtt-before-initial'],
  '05': ['accept-one-by-one', 'zero-rtt-before-initial'],
  '06': ['version-negotiation'],
  '07': ['accept-one-by-one'],
  '08': ['idle-timeout', 'debug-timeouts'],
  '09': ['accept-one-by-one'],
  '10': ['index'],
  '11': ['index'],
  '99': ['conn-queue-full'],
};

const text = {
  en: {
    course: 'Course',
    chapters: 'Chapters',
    traceHeading: 'The trace of a real run',
    traceIntro:
      'Generated when this site was built, from a real handshake and one echo stream of `src/` (the events `--trace-json` writes). Participants are goroutines, and the arrows lead from one step to the next in the order they happened. The steps this chapter explains are shaded, with one step either side; the whole run is on the [overview](/overview.md#one-real-run).',
    missing: '',
    playground: 'Run it in the playground',
    playgrounds: 'Playground',
    gap: (from: number, to: number) => (from === to ? `step ${from} left out` : `steps ${from}–${to} left out`),
  },
  zh: {
    course: '课程',
    chapters: '章节',
    traceHeading: '一次真实运行的 trace',
    traceIntro:
      '构建本站时由 `src/` 的一次真实握手和一条 echo 流生成（即 `--trace-json` 写出的事件）。参与者是各个 goroutine，箭头按发生的先后从一步指向下一步。本章讲解的步骤以底色标出，前后各留一步；完整的运行见[总览](/zh/overview.md#one-real-run)。',
    missing: '::: warning 尚无中文版\n这一页还没有中文版，下面是英文原文。\n:::\n\n',
    playground: '在演练场里运行',
    playgrounds: '演练场',
    gap: (from: number, to: number) => (from === to ? `略去第 ${from} 步` : `略去第 ${from}–${to} 步`),
  },
} satisfies Record<Lang, Record<string, string | GapNote>>;

const mermaidFence = /^```mermaid$/gm;
/** A page's title: its frontmatter's `title`, else its first heading. */
function titleOf(md: string): string {
  const front = /^---\n([\s\S]*?)\n---\n/.exec(md)?.[1] ?? '';
  const title = /^title:\s*(.+)$/m.exec(front)?.[1] ?? /^#\s+(.+)$/m.exec(md)?.[1] ?? '';
  return title.trim().replace(/^"(.*)"$/, '$1');
}
/** Markdown `[x](y)` in a heading reads as its text in the sidebar. */
const plain = (s: string) => s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');

function fence(diagram: string): string {
  return `\`\`\`mermaid\n${diagram}\n\`\`\``;
}

interface Build {
  ctx: CourseContext;
  exercises: Exercise[];
  events: TraceEvent[];
  coursePages: Map<string, string>;
  sources: Set<string>;
  assets: Set<string>;
  /** page file → the lines of repository files it links to */
  cited: Map<string, Map<string, Set<number>>>;
  errors: string[];
  pages: PageInfo[];
  missingZh: string[];
}

function write(b: Build, file: string, md: string, lang: Lang, kind: PageKind): PageInfo {
  const path = join(generatedDir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, md);
  const page = {
    file,
    route: `/${file.replace(/(^|\/)index\.md$/, '$1').replace(/\.md$/, '.html')}`,
    lang,
    kind,
    title: plain(titleOf(md)) || file,
    mermaid: md.match(mermaidFence)?.length ?? 0,
  };
  b.pages.push(page);
  return page;
}

/** Renders references (as course:render does) and rewrites links for the page at `file`. */
function toSite(b: Build, md: string, virtualPath: string, file: string, lang: Lang): string {
  const errors: string[] = [];
  const rendered = renderMarkdown(virtualPath, md, b.ctx, errors);
  b.errors.push(...errors.map((e) => `${file}: ${e}`));
  const cx: LinkContext = {
    originDir: dirname(virtualPath),
    pagePath: file,
    lang,
    coursePages: b.coursePages,
    anchors: b.ctx.anchors,
    sources: b.sources,
    assets: b.assets,
    cited: new Map(),
    errors: b.errors,
  };
  b.cited.set(file, cx.cited!);
  const out = rewriteLinks(rendered, cx);
  const unresolved = out.split(/```[\s\S]*?```|`[^`\n]*`/).join('').match(/\{\{[^}]*\}\}/g);
  if (unresolved) b.errors.push(`${file}: unresolved ${unresolved.join(', ')}`);
  return out;
}

/**
 * A chapter's or exercise's page source in `lang`, and the path its relative links start from. A
 * Chinese page is written as if it sat beside the English README, so it links the same way; when it
 * is missing, the English README stands in, under a notice.
 */
function pageSource(b: Build, lang: Lang, kind: 'chapters' | 'exercises', dir: string, slug: string): { md: string; virtualPath: string } {
  const readme = join(dir, 'README.md');
  const english = readFileSync(readme, 'utf8');
  if (lang === 'en') return { md: english, virtualPath: readme };
  const path = join(langDir(lang), kind, `${slug}.md`);
  if (existsSync(path)) return { md: readFileSync(path, 'utf8'), virtualPath: join(dir, `README.${lang}.md`) };
  b.missingZh.push(slug);
  return { md: english.replace(/^(#\s+.+\n)/m, `$1\n${text[lang].missing}`), virtualPath: readme };
}

function chapterPage(b: Build, ch: Chapter, lang: Lang): PageInfo {
  const { md, virtualPath } = pageSource(b, lang, 'chapters', ch.dir, ch.slug);
  const file = `${routePrefix(lang)}chapters/${ch.slug}.md`;
  const t = text[lang];
  // The same diagram in every language: picked by what the English README, with its guide table, talks about.
  const readme = join(ch.dir, 'README.md');
  const diagram = chapterDiagram(ch.dir, renderMarkdown(readme, readFileSync(readme, 'utf8'), b.ctx, []), b.events, t.gap);
  const body = withPlaygroundLinks(b, toSite(b, md, virtualPath, file, lang), ch, lang);
  const page = `${body.trimEnd()}\n\n## ${t.traceHeading}\n\n${t.traceIntro}\n\n${fence(diagram)}\n`;
  return write(b, file, page, lang, 'chapter');
}

/** Where a playground goes in the sidebar: where the chapters (in order) first name it, the index first. */
function sidebarPosition(name: string): number {
  const order = Object.keys(chapterPlaygrounds)
    .sort()
    .flatMap((n) => chapterPlaygrounds[n]!);
  return name === 'index' ? -1 : (order.indexOf(name) + 1 || 999);
}

/** The playground pages of `lang` (docs/<lang>/playground/<name>.md) in sidebar order: name → Markdown. */
function playgroundSources(lang: Lang): Map<string, string> {
  const dir = join(langDir(lang), playgroundDir);
  if (!existsSync(dir)) return new Map();
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .sort((x, y) => sidebarPosition(x) - sidebarPosition(y) || x.localeCompare(y));
  return new Map(names.map((name) => [name, readFileSync(join(dir, `${name}.md`), 'utf8')]));
}

/** A chapter's page with a box under its title that links to its playgrounds (chapterPlaygrounds). */
function withPlaygroundLinks(b: Build, md: string, ch: Chapter, lang: Lang): string {
  const sources = playgroundSources(lang);
  const links = (chapterPlaygrounds[ch.number] ?? []).map((name) => {
    const source = sources.get(name);
    if (source === undefined) b.errors.push(`chapter ${ch.number}: no playground page ${lang}/${playgroundDir}/${name}.md`);
    return `[${plain(titleOf(source ?? name))}](/${routePrefix(lang)}${playgroundDir}/${name}.md)`;
  });
  if (links.length === 0) return md;
  return md.replace(/^(#\s+.+\n)/m, `$1\n::: tip ${text[lang].playground}\n${links.join(' · ')}\n:::\n`);
}

function playgroundPages(b: Build, lang: Lang, chapterTitles: Map<string, string>): PageInfo[] {
  return [...playgroundSources(lang)].map(([name, source]) => {
    const file = `${routePrefix(lang)}${playgroundDir}/${name}.md`;
    const path = join(langDir(lang), playgroundDir, `${name}.md`);
    return write(b, file, toSite(b, expandDirectives(b, source, lang, chapterTitles, file), path, file, lang), lang, 'playground');
  });
}

function exercisePage(b: Build, ex: Exercise, lang: Lang): PageInfo {
  const { md, virtualPath } = pageSource(b, lang, 'exercises', ex.dir, ex.slug);
  const file = `${routePrefix(lang)}exercises/${ex.slug}.md`;
  return write(b, file, toSite(b, md, virtualPath, file, lang), lang, 'exercise');
}

/** `{{diagram:x}}`, `{{trace}}` and `{{chapters}}` in a hand-written page. */
function expandDirectives(b: Build, md: string, lang: Lang, chapterTitles: Map<string, string>, file: string): string {
  return md
    .replace(/\{\{diagram:([a-z0-9-]+)\}\}/g, (whole, name: string) => {
      const path = join(diagramsDir, `${name}.mmd`);
      if (existsSync(path)) return fence(readFileSync(path, 'utf8').trimEnd());
      b.errors.push(`${file}: no diagram ${repoPath(path)}`);
      return whole;
    })
    .replace(/\{\{trace\}\}/g, () => fence(sequenceDiagram(b.events)))
    .replace(/\{\{chapters\}\}/g, () =>
      b.ctx.chapters.map((ch) => `- [${chapterTitles.get(ch.slug)}](/${routePrefix(lang)}chapters/${ch.slug}.md)`).join('\n'),
    );
}

function handWrittenPages(b: Build, lang: Lang, chapterTitles: Map<string, string>): PageInfo[] {
  const dir = langDir(lang);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .sort((x, y) => (pageOrder.indexOf(x) + 1 || 99) - (pageOrder.indexOf(y) + 1 || 99) || x.localeCompare(y));
  return names.map((name) => {
    const file = `${routePrefix(lang)}${name}.md`;
    const md = expandDirectives(b, readFileSync(join(dir, `${name}.md`), 'utf8'), lang, chapterTitles, file);
    return write(b, file, toSite(b, md, join(dir, `${name}.md`), file, lang), lang, 'page');
  });
}

function sidebar(lang: Lang, hand: PageInfo[], playgrounds: PageInfo[], chapters: PageInfo[], exercises: PageInfo[], b: Build): SidebarItem[] {
  const t = text[lang];
  const link = (p: PageInfo) => p.route.replace(/\.html$/, '');
  return [
    { text: t.course, items: hand.map((p) => ({ text: p.title, link: link(p) })) },
    ...(playgrounds.length > 0 ? [{ text: t.playgrounds, items: playgrounds.map((p) => ({ text: p.title, link: link(p) })), collapsed: false }] : []),
    {
      text: t.chapters,
      items: b.ctx.chapters.map((ch, i) => {
        const own = b.exercises.filter((e) => e.chapter === ch.number).map((e) => exercises[b.exercises.indexOf(e)]!);
        const item: SidebarItem = { text: chapters[i]!.title, link: link(chapters[i]!) };
        return own.length > 0 ? { ...item, items: own.map((p) => ({ text: p.title, link: link(p) })), collapsed: false } : item;
      }),
    },
  ];
}

/** The pages of `lang` that link to lines of the repository file `rp`, by line, in site order. */
function citationsOf(b: Build, rp: string, lang: Lang): Map<number, Citation[]> {
  const byLine = new Map<number, Citation[]>();
  for (const page of b.pages.filter((p) => p.lang === lang && p.kind !== 'source'))
    for (const line of b.cited.get(page.file)?.get(rp) ?? []) {
      const list = byLine.get(line) ?? byLine.set(line, []).get(line)!;
      list.push({ route: page.route, title: page.title });
    }
  return byLine;
}

/** Writes docs/.generated from what exists now; `events` replaces the real run (for tests). */
export async function generateSite(events?: TraceEvent[]): Promise<SiteManifest> {
  const ctx = loadContext();
  const exercises = loadExercises();
  const b: Build = {
    ctx,
    exercises,
    events: events ?? (await runTrace()),
    coursePages: new Map([
      ...ctx.chapters.map((c) => [repoPath(join(c.dir, 'README.md')), `chapters/${c.slug}`] as const),
      ...exercises.map((e) => [repoPath(join(e.dir, 'README.md')), `exercises/${e.slug}`] as const),
    ]),
    sources: new Set(),
    assets: new Set(),
    cited: new Map(),
    errors: [],
    pages: [],
    missingZh: [],
  };
  rmSync(generatedDir, { recursive: true, force: true });
  mkdirSync(generatedDir, { recursive: true });

  const sidebars = {} as Record<Lang, SidebarItem[]>;
  for (const lang of languages) {
    const chapters = ctx.chapters.map((ch) => chapterPage(b, ch, lang));
    const exercisePages = exercises.map((ex) => exercisePage(b, ex, lang));
    const titles = new Map(ctx.chapters.map((ch, i) => [ch.slug, chapters[i]!.title]));
    const hand = handWrittenPages(b, lang, titles);
    const playgrounds = playgroundPages(b, lang, titles);
    sidebars[lang] = sidebar(lang, hand, playgrounds, chapters, exercisePages, b);
  }
  const highlighter = await sourceHighlighter();
  for (const lang of languages)
    for (const rp of [...b.sources].sort()) {
      const file = `${routePrefix(lang)}${sourcePagePath(rp)}.md`;
      const md = rp.endsWith('/') ? folderPage(rp) : await sourcePage(highlighter, rp, ctx.anchors, lang, citationsOf(b, rp, lang));
      write(b, file, md, lang, 'source');
    }
  highlighter.dispose();
  for (const rp of b.assets) {
    const to = join(generatedDir, assetPath(rp));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(repoRoot, rp), to);
  }
  if (b.errors.length > 0) throw new Error(`docs generation failed:\n${b.errors.join('\n')}`);
  const manifest: SiteManifest = { pages: b.pages, sidebars, missingZh: [...new Set(b.missingZh)] };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const m = await generateSite();
  const count = (k: PageKind) => m.pages.filter((p) => p.kind === k).length;
  console.log(
    `docs: ${count('chapter')} chapter, ${count('exercise')} exercise, ${count('page')} other and ${count('source')} source pages ` +
      `in ${repoPath(generatedDir)} (${Math.round(performance.now() - started)} ms)`,
  );
  if (m.missingZh.length > 0) console.error(`docs: WARNING: no Chinese page yet for ${m.missingZh.join(', ')} (docs/zh/chapters, docs/zh/exercises)`);
}
