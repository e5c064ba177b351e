// `npm run course:render`: writes every line number the chapters show, so none is typed by hand.
//
// In chapter and exercise Markdown:
//   - between `<!-- guide:start -->` and `<!-- guide:end -->` of a chapter README, the breakpoint
//     guide table generated from the chapter's guide.json;
//   - `{{anchor:accept.select}}` becomes `[src/server.ts:123](../../src/server.ts#L123 "anchor:accept.select")`;
//   - `{{quicgo:server.go:723}}` becomes `[server.go:723](https://github.com/…/server.go#L723 "quicgo:server.go:723")`;
//   - `{{quicgo@v0.61.0:server.go:843}}`, a line of the latest tag (chapter 11), becomes
//     `[server.go:843 @ v0.61.0](https://github.com/…/v0.61.0/server.go#L843 "quicgo@v0.61.0:server.go:843")`.
// The rendered forms keep the name in the link title, so rendering again updates them in place.
// `--check` writes nothing and exits 1 when a file is out of date or a reference is wrong.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAnchors, type AnchorLocation } from './anchors.ts';
import { checkQuicGoRef, latestTag, loadCitations, loadLatestCitations, parseQuicGoRef, quicGoUrl, quicGoUrlAt, type QuicGoRef } from './citations.ts';
import { loadChapters, type Chapter, type GuideRow } from './course.ts';
import { anchorLink } from './links.ts';
import { chaptersDir, exercisesDir, repoPath } from './paths.ts';

const guideStart = '<!-- guide:start -->';
const guideEnd = '<!-- guide:end -->';
/** The markers each stand on a line of their own. */
const guideBlock = /^<!-- guide:start -->$[\s\S]*?^<!-- guide:end -->$/m;
/** Fenced code blocks and inline code spans: references inside them are examples, left alone. */
const codeSpans = /(```[\s\S]*?```|`[^`\n]*`)/;

/** `{{anchor:x}}` or its rendered form `[…](… "anchor:x")`. */
const anchorRef = /\{\{anchor:([^}\s]+)\}\}|\[[^\]]*\]\([^)\s]*\s"anchor:([^"\s]+)"\)/g;
/** `{{quicgo:f.go:1}}` or its rendered form `[…](… "quicgo:f.go:1")`. */
const quicGoRef = /\{\{quicgo:([^}\s]+)\}\}|\[[^\]]*\]\([^)\s]*\s"quicgo:([^"\s]+)"\)/g;
/** `{{quicgo@tag:f.go:1}}` or its rendered form `[…](… "quicgo@tag:f.go:1")`. */
const quicGoTaggedRef = /\{\{quicgo@(v[\w.-]+):([^}\s]+)\}\}|\[[^\]]*\]\([^)\s]*\s"quicgo@(v[\w.-]+):([^"\s]+)"\)/g;

export interface CourseContext {
  anchors: Map<string, AnchorLocation>;
  citations: Map<string, QuicGoRef[]>;
  chapters: Chapter[];
  /** the latest tag's checked citations; none when absent */
  latestCitations?: Map<string, QuicGoRef[]>;
}

export function loadContext(): CourseContext {
  return { anchors: loadAnchors(), citations: loadCitations(), chapters: loadChapters(), latestCitations: loadLatestCitations() };
}

/** Every anchor and quic-go citation the course uses, with where it is used. */
export interface References {
  anchors: { name: string; where: string }[];
  quicgo: { ref: string; where: string }[];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function quicGoLinkMd(text: string): string {
  const ref = parseQuicGoRef(text)!;
  return `[${text}](${quicGoUrl(ref)} "quicgo:${text}")`;
}

function anchorLinkMd(name: string, anchors: Map<string, AnchorLocation>, fromDir: string): string {
  const link = anchorLink(name, anchors);
  return `[${link.label}](${link.relativeUrl(fromDir)} "anchor:${name}")`;
}

/** The Markdown table for a guide, with links relative to the chapter folder. */
export function guideTable(guide: GuideRow[], anchors: Map<string, AnchorLocation>, fromDir: string): string {
  const rows = guide.map((row, i) => {
    const vars = row.vars.length > 0 ? ` Variables: ${row.vars.map((v) => `\`${v}\``).join(', ')}.` : '';
    const goroutine = row.goroutine ? ` Goroutine: \`${row.goroutine}\`.` : '';
    return `| ${i + 1} | ${anchorLinkMd(row.anchor, anchors, fromDir)} | ${quicGoLinkMd(row.quicgo)} | ${cell(row.look + vars + goroutine)} | ${cell(row.see)} |`;
  });
  return [
    '| # | breakpoint (TypeScript) | quic-go v0.47.0 | what to look at | what you should see |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The file's content rendered; errors for unknown anchors and unchecked quic-go citations. */
export function renderMarkdown(path: string, text: string, ctx: CourseContext, errors: string[]): string {
  const fromDir = dirname(path);
  const where = repoPath(path);
  const chapter = ctx.chapters.find((c) => join(c.dir, 'README.md') === path);
  let out = text;
  if (guideBlock.test(out)) {
    if (!chapter?.guide) errors.push(`${where}: has a guide block but no guide.json beside it`);
    else if (chapter.guide.every((r) => ctx.anchors.has(r.anchor) && !checkQuicGoRef(r.quicgo, ctx.citations)))
      out = out.replace(guideBlock, () => `${guideStart}\n${guideTable(chapter.guide!, ctx.anchors, fromDir)}\n${guideEnd}`);
  } else if (chapter?.guide) {
    errors.push(`${where}: add ${guideStart} ${guideEnd} where the guide table from guide.json goes`);
  }
  const renderProse = (prose: string) =>
    prose
      .replace(anchorRef, (whole, a?: string, b?: string) => {
        const name = (a ?? b)!;
        if (ctx.anchors.has(name)) return anchorLinkMd(name, ctx.anchors, fromDir);
        errors.push(`${where}: unknown anchor ${name}`);
        return whole;
      })
      .replace(quicGoRef, (whole, a?: string, b?: string) => {
        const ref = (a ?? b)!;
        const why = checkQuicGoRef(ref, ctx.citations);
        if (!why) return quicGoLinkMd(ref);
        errors.push(`${where}: ${why}`);
        return whole;
      })
      .replace(quicGoTaggedRef, (whole, t1?: string, a?: string, t2?: string, b?: string) => {
        const tag = (t1 ?? t2)!;
        const ref = (a ?? b)!;
        const why = tag !== latestTag ? `${ref}: tag ${tag} is not ${latestTag}` : checkQuicGoRef(ref, ctx.latestCitations ?? new Map());
        if (!why) return `[${ref} @ ${tag}](${quicGoUrlAt(parseQuicGoRef(ref)!, tag)} "quicgo@${tag}:${ref}")`;
        errors.push(`${where}: ${why} (at ${tag})`);
        return whole;
      });
  return out
    .split(codeSpans)
    .map((part, i) => (i % 2 === 1 ? part : renderProse(part)))
    .join('');
}

/** The Markdown files whose references are rendered: chapters/ and exercises/, not the reference map. */
export function courseMarkdown(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.name.endsWith('.md') && e.name !== 'quic-go-v0.47.0.md') files.push(path);
    }
  };
  walk(chaptersDir);
  walk(exercisesDir);
  return files.sort();
}

/** Every anchor and quic-go citation named by a guide.json or a Markdown reference. */
export function collectReferences(ctx: CourseContext): References {
  const refs: References = { anchors: [], quicgo: [] };
  for (const ch of ctx.chapters)
    ch.guide?.forEach((row, i) => {
      const where = `${repoPath(join(ch.dir, 'guide.json'))} row ${i + 1}`;
      refs.anchors.push({ name: row.anchor, where });
      refs.quicgo.push({ ref: row.quicgo, where });
    });
  for (const path of courseMarkdown()) {
    const text = readFileSync(path, 'utf8')
      .split(codeSpans)
      .filter((_, i) => i % 2 === 0)
      .join('');
    for (const m of text.matchAll(anchorRef)) refs.anchors.push({ name: (m[1] ?? m[2])!, where: repoPath(path) });
    for (const m of text.matchAll(quicGoRef)) refs.quicgo.push({ ref: (m[1] ?? m[2])!, where: repoPath(path) });
  }
  return refs;
}

export interface RenderResult {
  /** files whose rendered content differs from what is on disk */
  outdated: string[];
  errors: string[];
}

/** Renders every course Markdown file; writes the changed ones when `write` is set. */
export function renderAll(ctx: CourseContext, write: boolean): RenderResult {
  const result: RenderResult = { outdated: [], errors: [] };
  for (const path of courseMarkdown()) {
    const text = readFileSync(path, 'utf8');
    const out = renderMarkdown(path, text, ctx, result.errors);
    if (out === text) continue;
    result.outdated.push(repoPath(path));
    if (write) writeFileSync(path, out);
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const { outdated, errors } = renderAll(loadContext(), !check);
  for (const e of errors) console.error(e);
  for (const f of outdated) console.log(check ? `out of date: ${f}` : `rendered ${f}`);
  if (errors.length > 0 || (check && outdated.length > 0)) process.exitCode = 1;
}
