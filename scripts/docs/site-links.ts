// Links on the docs site. Chapters and exercises link the way GitHub shows them: relative paths
// into the repository (`../../src/server.ts#L407`, `../../exercises/99.1-demo-select/README.md`).
// On the site each such link is rewritten to a page that exists:
//   - a chapter's or exercise's README → its page, in the page's language;
//   - any other file of the repository → a generated source page, in the page's language, with one
//     id per line (`#L407`); the lines a page links to are recorded, so the source page links back;
//   - a folder → a generated listing of its files;
//   - an image → a copy beside the generated pages.
// A breakpoint anchor link (title `"anchor:<name>"`) also gets a "VS Code" link that opens the line
// in the reader's own checkout: its href is `vscode://file/<the folder the site was built in>/…`, and
// it carries the file and line, so the theme (vscode-links.ts) can put the folder of the reader's
// checkout in its place. A link that leads nowhere is an error, never a dead link.
import { existsSync, statSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import type { AnchorLocation } from '../course/anchors.ts';
import { anchorLink } from '../course/links.ts';
import { repoPath } from '../course/paths.ts';
import { routePrefix, type Lang } from './paths.ts';

/** Fenced code blocks and inline code spans: links inside them are examples, left alone. */
const code = /(```[\s\S]*?```|`[^`\n]*`)/;
/** `[text](href "title")` and `![alt](src)`; the text may hold one level of brackets. */
const mdLink = /(!?)\[((?:[^[\]]|\[[^\]]*\])*)\]\(([^)\s]+)(\s+"[^"]*")?\)/g;
const external = /^[a-z][a-z0-9+.-]*:/i;

export interface LinkContext {
  /** the folder (absolute) the Markdown's relative links start from */
  originDir: string;
  /** the page being written, relative to the generated folder: `zh/chapters/99-demo.md` */
  pagePath: string;
  lang: Lang;
  /** repository path of a chapter or exercise README → its page without language prefix (`chapters/99-demo`) */
  coursePages: ReadonlyMap<string, string>;
  anchors: Map<string, AnchorLocation>;
  /** repository paths (files, or folders ending in `/`) that need a generated source page; filled in */
  sources: Set<string>;
  /** repository paths of images to copy into the site; filled in */
  assets: Set<string>;
  /** the lines of repository files this page links to (`src/server.ts` → line numbers); filled in when given */
  cited?: Map<string, Set<number>>;
  errors: string[];
}

/** The generated page that shows a repository file (`src/server.ts` → `source/src/server.ts`), or folder (`src/` → `source/src/index`). */
export function sourcePagePath(rp: string): string {
  return rp.endsWith('/') ? `source/${rp}index` : `source/${rp}`;
}

/** Where an image of the repository is copied to in the generated folder. */
export function assetPath(rp: string): string {
  return `assets/${rp}`;
}

/** What the "VS Code" link needs, said where the reader sees it (its tooltip). */
const vscodeTitle: Record<Lang, (label: string) => string> = {
  en: (label) => `Open ${label} in VS Code, in your own checkout of this repository (the first click asks for its folder; Alt-click to change it)`,
  zh: (label) => `在 VS Code 中打开你本地克隆的 ${label}（第一次点击时会询问克隆所在的文件夹；按住 Alt 点击可修改）`,
};

function relativeHref(fromPage: string, toFile: string): string {
  const rel = posix.relative(posix.dirname(fromPage), toFile);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** The site target (relative to the generated folder, with extension) of a relative repository link, or an error. */
function target(path: string, image: boolean, cx: LinkContext): string | { error: string } {
  const abs = resolve(cx.originDir, decodeURIComponent(path));
  const rp = repoPath(abs);
  if (rp.startsWith('..')) return { error: `${path} leads outside the repository` };
  const page = cx.coursePages.get(rp) ?? cx.coursePages.get(`${rp}/README.md`);
  if (page !== undefined) return `${routePrefix(cx.lang)}${page}.md`;
  if (!existsSync(abs)) return { error: `${path} does not exist (${rp})` };
  if (image) {
    cx.assets.add(rp);
    return assetPath(rp);
  }
  const key = statSync(abs).isDirectory() ? `${rp.replace(/\/$/, '')}/` : rp;
  cx.sources.add(key);
  return `${routePrefix(cx.lang)}${sourcePagePath(key)}.md`;
}

function rewriteLink(whole: string, bang: string, text: string, href: string, title: string | undefined, cx: LinkContext): string {
  if (external.test(href) || href.startsWith('#') || href.startsWith('/')) return whole;
  const hash = href.indexOf('#');
  const [path, fragment] = hash < 0 ? [href, ''] : [href.slice(0, hash), href.slice(hash)];
  const to = target(path, bang === '!', cx);
  if (typeof to !== 'string') {
    cx.errors.push(`${cx.pagePath}: link ${href}: ${to.error}`);
    return whole;
  }
  const link = `${bang}[${text}](${relativeHref(cx.pagePath, to)}${fragment}${title ?? ''})`;
  const line = /^#L(\d+)/.exec(fragment)?.[1];
  if (line !== undefined && cx.cited) {
    const rp = repoPath(resolve(cx.originDir, decodeURIComponent(path)));
    (cx.cited.get(rp) ?? cx.cited.set(rp, new Set()).get(rp)!).add(Number(line));
  }
  const anchor = /^\s+"anchor:([^"]+)"$/.exec(title ?? '')?.[1];
  if (anchor === undefined || !cx.anchors.has(anchor)) return link;
  const vscode = anchorLink(anchor, cx.anchors);
  const tip = vscodeTitle[cx.lang](vscode.label);
  return `${link} <a class="vscode-link" href="${vscode.vscodeUrl}" data-file="${vscode.file}" data-line="${vscode.line}" title="${tip}">VS Code</a>`;
}

/** The Markdown with every relative link pointing at a page of the site (see the top of this file). */
export function rewriteLinks(md: string, cx: LinkContext): string {
  return md
    .split(code)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(mdLink, (whole, bang: string, text: string, href: string, title?: string) => rewriteLink(whole, bang, text, href, title, cx)),
    )
    .join('');
}
