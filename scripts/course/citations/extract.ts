// Finds every quic-go citation in the course and what the text around it claims is there.
//
// A citation is `server.go:723` or `server.go:418-426` (a path at quic-go's repository root, or a
// file name that is unique in the tree, as `params.go:60` for internal/protocol/params.go), written
// as `{{quicgo:…}}`, as its rendered link `[…](… "quicgo:…")`, or as plain text; `server.go:740 and
// 751`, `server.go:134 → 325` and `server.go:366/368` cite the bare numbers too. The claim is the
// names the text gives next to it: code spans, code-like words (`handlePacketImpl`,
// `Transport.init`, `MaxTokenAge`), the anchors beside it, and in source the declaration the
// comment documents or the code the comment ends. This file needs no quic-go source: the test runs
// it in CI to match each citation with its row in the checked table.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoPath, repoRoot } from '../paths.ts';

export interface Citation {
  /** repository path of the citing file */
  where: string;
  /** 1-based line of the citing file */
  line: number;
  /** the citation as written: `server.go:723`, `params.go:60`, `server.go:418-426` */
  ref: string;
  file: string;
  first: number;
  last: number;
  /** the names the text gives next to the citation, nearest first */
  claim: string[];
  /** the tag of a `{{quicgo@tag:…}}` citation; absent for the course's v0.47.0 */
  tag?: string;
}

/** What is searched: chapters, exercises (READMEs, hints, solutions), the site in both languages, src comments. */
export const citingRoots = ['chapters', 'exercises', 'docs/en', 'docs/zh', 'src'];
/** chapters/README.md shows the syntax (and the article's wrong line) as examples; the reference is generated. */
const skipped = new Set(['chapters/README.md', 'chapters/quic-go-v0.47.0.md']);

export function citingFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') walk(path);
      } else if (/\.(md|ts|json)$/.test(e.name) && !skipped.has(repoPath(path))) out.push(path);
    }
  };
  for (const root of citingRoots) walk(join(repoRoot, root));
  return out.sort();
}

const refCore = String.raw`((?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_]+\.go):(\d+)(?:-(\d+))?`;
/** A citation in any of its three forms; the rendered form's label is skipped, its title counts. */
const citationRe = new RegExp(
  String.raw`\{\{quicgo:${refCore}\}\}` + // 1-3
    String.raw`|\[[^\]\n]*\]\(https://github\.com/quic-go/[^)\s]*\s"quicgo:${refCore}"\)` + // 4-6
    String.raw`|(?<![\w/.-])${refCore}` + // 7-9
    // bare line numbers that continue the citation: `and 751`, `, 751`, `→ 325`, `/368`
    String.raw`((?:\s*(?:,|and|和|→|/|、)\s*\d+(?:-\d+)?(?![\w.:]))*)`,
  'g',
);

interface Found {
  index: number;
  end: number;
  file: string;
  first: number;
  last: number;
  ref: string;
}

function findRefs(text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(citationRe)) {
    const g = m[1] ? 1 : m[4] ? 4 : 7;
    const file = m[g]!;
    const first = Number(m[g + 1]);
    const last = m[g + 2] ? Number(m[g + 2]) : first;
    const ref = `${file}:${m[g + 1]}${m[g + 2] ? `-${m[g + 2]}` : ''}`;
    const index = m.index!;
    const end = index + m[0].length - (m[10]?.length ?? 0);
    out.push({ index, end, file, first, last, ref });
    for (const c of (m[10] ?? '').matchAll(/(\d+)(?:-(\d+))?/g)) {
      const a = Number(c[1]);
      const b = c[2] ? Number(c[2]) : a;
      out.push({ index, end, file, first: a, last: b, ref: `${file}:${c[0]}` });
    }
  }
  return out;
}

/** Words too common to tell one line from another. */
const stop = new Set(
  ('the and for this that with from err nil true false null undefined new await async return const let var func not was are has its ' +
    'conn connection server client packet data handler transport config ctx')
    .split(' '),
);

/** Names in a code span: the span itself when it is a statement, and its identifiers. */
export function namesOf(span: string): string[] {
  const s = span.trim().replace(/\s+/g, ' ');
  const out: string[] = [];
  if (/[^\w.]/.test(s) && s.length >= 4) out.push(s);
  // A qualifier (`s.` in `s.connQueue`, `Transport.` in `Transport.init`) is not the name.
  for (const m of s.matchAll(/[A-Za-z_]\w*(?!\w|\.[A-Za-z_])/g)) if (m[0].length >= 3 && !stop.has(m[0])) out.push(m[0]);
  return out;
}

/** Code-like words in prose: dotted (`Transport.init`), camelCase, PascalCase with an inner capital, snake_case. */
const codeWord = /\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|\b[a-z]+[A-Z]\w*|\b[A-Z][a-z0-9]+[A-Z]\w*|\b[a-z]+_[a-z_]+\b/g;

function anchorWords(anchor: string): string {
  return anchor
    .split(/[.-]/)
    .slice(1)
    .map((w) => `\`${w}\``)
    .join(' ');
}

/** The claim of a stretch of text: code spans, bold names, anchors and code-like words, in text order. */
function claimOf(text: string): string[] {
  const out: string[] = [];
  const plain = text
    // An anchor's words are quic-go's names (`server.connQueue.push`): each counts.
    .replace(/\{\{anchor:([^}]+)\}\}/g, (_, a: string) => ` ${anchorWords(a)} `)
    .replace(/\[[^\]\n]*\]\([^)\s]*\s"anchor:([^"]+)"\)/g, (_, a: string) => ` ${anchorWords(a)} `)
    .replace(/\[[^\]\n]*\]\([^)]*\)/g, ' ')
    .replace(/\{\{quicgo:[^}]*\}\}/g, ' ')
    .replace(/\{\{quicgo@[^}]*\}\}/g, ' ');
  const parts = plain.split(/(`[^`\n]+`)/);
  parts.forEach((p, i) => {
    if (i % 2 === 1) out.push(...namesOf(p.slice(1, -1)));
    else for (const w of p.match(codeWord) ?? []) out.push(...namesOf(w));
  });
  return [...new Set(out)];
}

/** The claim for the citation at [index, end) of a unit of text: the text since the previous citation, nearest first, then up to the next. */
function claimAt(unit: string, refs: Found[], k: number, wider: string[]): string[] {
  const r = refs[k]!;
  const before = unit.slice(k > 0 && refs[k - 1]!.index !== r.index ? refs[k - 1]!.end : 0, r.index);
  const nextStart = refs.slice(k + 1).find((n) => n.index !== r.index)?.index ?? unit.length;
  const after = unit.slice(r.end, nextStart);
  let claim = [...claimOf(before).reverse(), ...claimOf(after)];
  if (claim.length === 0) claim = claimOf(unit);
  for (const w of wider) if (claim.length === 0) claim = claimOf(w);
  return [...new Set(claim)];
}

function lineOf(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function emit(out: Citation[], where: string, text: string, unitOffset: number, unit: string, wider: string[], extra: string[] = []): void {
  const refs = findRefs(unit);
  refs.forEach((r, k) => {
    const claim = [...new Set([...claimAt(unit, refs, k, wider), ...extra])];
    out.push({ where, line: lineOf(text, unitOffset + r.index), ref: r.ref, file: r.file, first: r.first, last: r.last, claim });
  });
}

/** Sentences of a paragraph (English and Chinese). */
function sentences(par: string): { offset: number; text: string }[] {
  const out: { offset: number; text: string }[] = [];
  const re = /[^。；]*?(?:[.!?](?=\s+[A-Z`*([{])|[。；]|$)/gs;
  for (const m of par.matchAll(re)) if (m[0].trim()) out.push({ offset: m.index!, text: m[0] });
  return out;
}

/** Markdown (and JSON strings): table cells within their row, sentences within their paragraph or list item. */
function extractMarkdown(where: string, text: string, out: Citation[]): void {
  const withoutFences = text.replace(/```[\s\S]*?```/g, (b) => b.replace(/[^\n]/g, ' '));
  let offset = 0;
  for (const block of withoutFences.split(/(\n\s*\n|\n(?=\s*(?:[-*] |\d+\. |\|)))/)) {
    const at = offset;
    offset += block.length;
    if (!/\.go:\d/.test(block)) continue;
    if (/^\s*\|/.test(block)) {
      let cellAt = 0;
      for (const cell of block.split(/(?<!\\)\|/)) {
        emit(out, where, text, at + cellAt, cell, [block]);
        cellAt += cell.length + 1;
      }
    } else {
      for (const s of sentences(block)) emit(out, where, text, at + s.offset, s.text, [block]);
    }
  }
}

function extractGuide(where: string, text: string, out: Citation[]): void {
  const rows = JSON.parse(text) as { anchor: string; quicgo: string; look: string; see: string }[];
  for (const row of rows) {
    const line = lineOf(text, text.indexOf(`"quicgo": "${row.quicgo}"`));
    const refs = findRefs(row.quicgo);
    for (const r of refs) {
      const claim = [...new Set([...namesOf(row.anchor.split(/[.-]/).slice(1).join(' ')), ...claimOf(row.look), ...claimOf(row.see)])];
      out.push({ where, line, ref: r.ref, file: r.file, first: r.first, last: r.last, claim });
    }
  }
}

/** A source file's comments: a comment block with the declaration after it, or a trailing comment with its code. */
function extractSource(where: string, text: string, out: Citation[]): void {
  const lines = text.split('\n');
  const isComment = (l: string) => /^\s*(\/\/|\/\*|\*)/.test(l);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (isComment(l)) {
      let j = i;
      while (j + 1 < lines.length && isComment(lines[j + 1]!) && !/^\s*\/\*/.test(lines[j + 1]!)) j++;
      const block = lines.slice(i, j + 1).join('\n');
      if (/\.go:\d/.test(block)) {
        const code = lines[j + 1] ?? '';
        const decl = /^\s*(?:export\s+)?(?:(?:async|private|public|protected|static|readonly|function|const|let|class|interface|type|get|set)\s+)*\*?([A-Za-z_$][\w$]*)/.exec(code)?.[1];
        const extra = decl && !stop.has(decl) ? namesOf(decl) : [];
        emit(out, where, text, offsetOfLine(lines, i), block, [block], extra);
      }
      i = j;
      continue;
    }
    const c = trailingComment(l);
    if (c !== undefined && /\.go:\d/.test(l.slice(c))) {
      const codeNames = (l.slice(0, c).match(/[A-Za-z_]\w*/g) ?? []).filter((w) => w.length >= 3 && !stop.has(w));
      emit(out, where, text, offsetOfLine(lines, i) + c, l.slice(c), [], codeNames);
    }
  }
}

function offsetOfLine(lines: string[], i: number): number {
  let n = 0;
  for (let k = 0; k < i; k++) n += lines[k]!.length + 1;
  return n;
}

/** Where a `//` comment starts on a code line (not inside a string or a URL), or undefined. */
function trailingComment(line: string): number | undefined {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '/' && line[i + 1] === '/') return i;
  }
  return undefined;
}

function extractJsonStrings(where: string, text: string, out: Citation[]): void {
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    if (!/\.go:\d/.test(m[1]!)) continue;
    const found: Citation[] = [];
    extractMarkdown(where, JSON.parse(m[0]) as string, found);
    const line = lineOf(text, m.index!);
    out.push(...found.map((c) => ({ ...c, line })));
  }
}

/** Every citation in one file. */
export function extractFile(path: string, text = readFileSync(path, 'utf8')): Citation[] {
  text = maskTagged(text);
  const where = repoPath(path);
  const out: Citation[] = [];
  if (where.endsWith('guide.json')) extractGuide(where, text, out);
  else if (where.endsWith('.json')) extractJsonStrings(where, text, out);
  else if (where.endsWith('.ts')) extractSource(where, text, out);
  else extractMarkdown(where, text, out);
  return out;
}

/** A Chinese page's English twin, so a hand-given claim covers both languages. */
export function twinOf(where: string): string {
  return where
    .replace(/^docs\/zh\/chapters\/([^/]+)\.md$/, 'chapters/$1/README.md')
    .replace(/^docs\/zh\/exercises\/([^/]+)\.md$/, 'exercises/$1/README.md')
    .replace(/^docs\/zh\//, 'docs/en/');
}

/** Claims given by hand (claims.tsv: file, citation, name) where the text's own names are not what the line carries. */
export const claimsPath = join(repoRoot, 'scripts/course/citations/claims.tsv');

export function loadClaims(path = claimsPath): Map<string, string[]> {
  const claims = new Map<string, string[]>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [where, ref, name] = line.split('\t');
    if (!where || !ref || !name) throw new Error(`${path}: bad row "${line}"`);
    claims.set(`${where}\t${ref}`, [...(claims.get(`${where}\t${ref}`) ?? []), name]);
  }
  return claims;
}

export function extractAll(claims = loadClaims()): Citation[] {
  return citingFiles()
    .flatMap((f) => extractFile(f))
    .map((c) => ({ ...c, claim: claims.get(`${twinOf(c.where)}\t${c.ref}`) ?? c.claim }));
}

/** The key a citation is checked under: the same citation with the same claim in the same file is one row. */
export function citationKey(c: Pick<Citation, 'where' | 'ref' | 'claim'>): string {
  return `${c.where}\t${c.ref}\t${c.claim.join(' · ')}`;
}

// Citations of another tag: `{{quicgo@v0.61.0:server.go:843}}`, rendered as
// `[…](https://github.com/quic-go/quic-go/blob/v0.61.0/… "quicgo@v0.61.0:server.go:843")`.
// The v0.47.0 extraction above does not see them (maskTagged); extractTagged finds them, with the
// same claims, by turning the tag's citations into plain ones and masking every other.

const taggedRe = /\{\{quicgo@(v[\w.-]+):([^}\s]+)\}\}|\[[^\]\n]*\]\([^)\s]*\s"quicgo@(v[\w.-]+):([^"\s]+)"\)/g;

/** `.go:` followed by a digit no longer reads as a citation (same length, so offsets hold). */
function maskRefs(text: string): string {
  return text.replace(/\.go:(?=\d)/g, '.go\u205a');
}

/** The text with its tagged citations masked. */
export function maskTagged(text: string): string {
  return text.replace(taggedRe, (m) => maskRefs(m));
}

/** The text as the v0.47.0 extraction should see it for `tag`: that tag's citations plain, all others masked. */
function onlyTag(text: string, tag: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(taggedRe)) {
    out += maskRefs(text.slice(at, m.index));
    const t = m[1] ?? m[3];
    out += t === tag ? (m[1] ? `{{quicgo:${m[2]}}}` : m[0].replace(`"quicgo@${t}:`, '"quicgo:')) : maskRefs(m[0]);
    at = m.index! + m[0].length;
  }
  return out + maskRefs(text.slice(at));
}

/** Every citation of `tag` in the course, claims from claims.tsv under `quicgo@tag:file.go:N`. */
export function extractTagged(tag: string, claims = loadClaims()): Citation[] {
  return citingFiles()
    .flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return text.includes(`quicgo@${tag}:`) ? extractFile(f, onlyTag(text, tag)).map((c) => ({ ...c, tag })) : [];
    })
    .map((c) => ({ ...c, claim: claims.get(`${twinOf(c.where)}\tquicgo@${tag}:${c.ref}`) ?? c.claim }));
}
