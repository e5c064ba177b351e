// Links on the docs site. Chapters and exercises link the way GitHub shows them: relative paths
// into the repository (`../../src/server.ts#L407`, `../../exercises/99.1-demo-select/README.md`).
// On the site each such link is rewritten to a page that exists:
//   - a chapter's or exercise's README → its page, in the page's language;
//   - any other file of the repository → a generated source page with one id per line (`#L407`);
//   - a folder → a generated listing of its files;
//   - an image → a copy beside the generated pages.
// A breakpoint anchor link (title `"anchor:<name>"`) also gets a `vscode://file/…` link that opens
// a local clone in VS Code at the line. A link that leads nowhere is an error, never a dead link.
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
  return `${sourcePagePath(key)}.md`;
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
  const anchor = /^\s+"anchor:([^"]+)"$/.exec(title ?? '')?.[1];
  if (anchor === undefined || !cx.anchors.has(anchor)) return link;
  const vscode = anchorLink(anchor, cx.anchors);
  return `${link} <a class="vscode-link" href="${vscode.vscodeUrl}" title="open ${vscode.label} in VS Code (local clone)">VS Code</a>`;
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
