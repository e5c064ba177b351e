// Generated pages that show a file of the repository with one element per line (`id="L407"`),
// so a breakpoint link such as `source/src/server.ts.html#L407` lands on the line. The code is
// coloured by Shiki (the highlighter VitePress uses, with its two themes: each token carries its
// light and dark colour, the theme's CSS picks one). Lines that carry a breakpoint anchor are
// marked, and each line a page of the site links to ends with links back to those pages, which
// the top of the page lists as well. One page per language (`source/…`, `zh/source/…`). A folder
// gets a page listing its files.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { bundledLanguages, createHighlighter, type BundledLanguage, type Highlighter } from 'shiki';
import type { AnchorLocation } from '../course/anchors.ts';
import { repoRoot } from '../course/paths.ts';
import type { Lang } from './paths.ts';

/** A page of the site that links to a line. */
export interface Citation {
  /** the citing page's route: `/zh/chapters/03-handle-initial-impl.html` */
  route: string;
  title: string;
}

/** line number → the pages that link to it (each once, in site order) */
export type Citations = ReadonlyMap<number, readonly Citation[]>;

export const shikiThemes = { light: 'github-light', dark: 'github-dark' } as const;

const text = {
  en: { citedBy: 'Pages of the course that link to lines of this file:', line: 'line', lines: 'lines', back: 'back to' },
  zh: { citedBy: '课程中链接到本文件各行的页面：', line: '第', lines: '第', back: '回到' },
} satisfies Record<Lang, Record<string, string>>;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

const frontmatter = (title: string) =>
  ['---', `title: ${JSON.stringify(title)}`, 'pageClass: source-page', 'sidebar: false', 'aside: false', 'outline: false', 'prev: false', 'next: false', '---', ''].join('\n');

const languageOf: Record<string, string> = { '.ts': 'typescript', '.mts': 'typescript', '.js': 'javascript', '.mjs': 'javascript', '.go': 'go', '.sh': 'shellscript' };

/** Shiki with the site's two themes; languages are loaded as files need them. */
export async function sourceHighlighter(): Promise<Highlighter> {
  return createHighlighter({ themes: Object.values(shikiThemes), langs: [] });
}

/** Each line of `code` as HTML: one span per token, with `--shiki-light` and `--shiki-dark` colours. */
async function highlightLines(h: Highlighter, code: string, file: string): Promise<string[]> {
  const ext = extname(file);
  const name = languageOf[ext] ?? ext.slice(1);
  const lang = name in bundledLanguages ? (name as BundledLanguage) : undefined;
  if (!lang) return code.split('\n').map(escapeHtml);
  if (!h.getLoadedLanguages().includes(lang)) await h.loadLanguage(lang);
  const { tokens } = h.codeToTokens(code, { lang, themes: shikiThemes, defaultColor: false });
  return tokens.map((line) =>
    line
      .map((t) => {
        const style = Object.entries(t.htmlStyle ?? {})
          .map(([k, v]) => `${k}:${v}`)
          .join(';');
        return style ? `<span style="${style}">${escapeHtml(t.content)}</span>` : escapeHtml(t.content);
      })
      .join(''),
  );
}

/** A short name for a citing page in a line's margin: `03`, `03.1`, else its title. */
function shortName(title: string): string {
  return /^(?:Exercise |练习 )?(\d+(?:\.\d+)?)[.:：\s]/.exec(title)?.[1] ?? title;
}

function citedList(citations: Citations, lang: Lang): string {
  const byPage = new Map<string, { c: Citation; lines: number[] }>();
  for (const [line, cs] of [...citations].sort(([a], [b]) => a - b))
    for (const c of cs) {
      const e = byPage.get(c.route) ?? byPage.set(c.route, { c, lines: [] }).get(c.route)!;
      e.lines.push(line);
    }
  if (byPage.size === 0) return '';
  const t = text[lang];
  const items = [...byPage.values()].sort((x, y) => x.c.route.localeCompare(y.c.route)).map(({ c, lines }) => {
    const links = lines.map((n) => `<a href="#L${n}">${n}</a>`).join(', ');
    const which = lang === 'zh' ? `第 ${links} 行` : `${lines.length === 1 ? t.line : t.lines} ${links}`;
    return `<li><a href="${c.route}">${escapeHtml(c.title)}</a>: ${which}</li>`;
  });
  return `<div class="source-cited"><p>${t.citedBy}</p><ul>${items.join('')}</ul></div>`;
}

/**
 * The page for the file at repository path `rp`, in `lang`. The listing is one HTML block on one
 * line (a blank line would end the block in Markdown; newlines between the block-level lines would
 * show as empty lines) with `v-pre`, so Vue leaves `{{ }}` alone.
 */
export async function sourcePage(h: Highlighter, rp: string, anchors: Map<string, AnchorLocation>, lang: Lang, citations: Citations = new Map()): Promise<string> {
  const anchored = new Map([...anchors].filter(([, at]) => at.file === rp).map(([name, at]) => [at.line, name]));
  const code = readFileSync(join(repoRoot, rp), 'utf8').replace(/\n$/, '');
  const html = await highlightLines(h, code, rp);
  const t = text[lang];
  const rows = html.map((line, i) => {
    const n = i + 1;
    const name = anchored.get(n);
    const cls = name ? 'line anchored' : 'line';
    const title = name ? ` title="anchor ${escapeHtml(name)}"` : '';
    const cites = (citations.get(n) ?? []).map((c) => `<a href="${c.route}" title="${t.back} ${escapeHtml(c.title)}">← ${escapeHtml(shortName(c.title))}</a>`);
    const back = cites.length > 0 ? `<span class="cites">${cites.join('')}</span>` : '';
    return `<span class="${cls}" id="L${n}"${title}><a class="ln" href="#L${n}">${n}</a>${line}${back}</span>`;
  });
  return `${frontmatter(rp)}\n# ${rp}\n\n${citedList(citations, lang)}\n\n<div class="source-file" v-pre><pre><code>${rows.join('')}</code></pre></div>\n`;
}

/** The page for the folder `rp` (ending in `/`): its files and folders, each linked to the repository's own path. */
export function folderPage(rp: string): string {
  const entries = readdirSync(join(repoRoot, rp), { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .map((e) => `- \`${e.name}${e.isDirectory() ? '/' : ''}\``)
    .sort();
  return `${frontmatter(rp)}\n# ${rp}\n\n${entries.join('\n')}\n`;
}
