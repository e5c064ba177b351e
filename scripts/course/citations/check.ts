// Checks every quic-go citation of the course against quic-go's source at v0.47.0 and writes the
// table (chapters/quic-go-v0.47.0-citations.tsv) and the reference (chapters/quic-go-v0.47.0.md).
//
//   QUIC_GO_SRC=/path/to/quic-go npx tsx scripts/course/citations/check.ts [--quiet]
//
// QUIC_GO_SRC (or --quic-go <dir>) is a clone or bare git directory of github.com/quic-go/quic-go
// holding the tag; the files are read with `git show v0.47.0:<path>`. Not run in CI (it needs the
// source); CI checks the committed table instead (test/course/citations.test.ts).
//
// A citation is ok when one of the cited lines carries a name the text gives next to it (see
// extract.ts), imprecise when the name is only a few lines away or elsewhere in the same function,
// wrong when it is not there at all or the line does not exist.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractAll, extractTagged, type Citation } from './extract.ts';
import { latestCommit, latestTablePath, latestTag, quicGoCommit, quicGoTag, writeTable, type Row } from './table.ts';
import { referencePath, renderReference } from './reference.ts';

export class QuicGoSource {
  private readonly files: string[];
  private readonly cache = new Map<string, string[]>();

  constructor(
    private readonly gitDir: string,
    private readonly tag = quicGoTag,
    expectedCommit = quicGoCommit,
  ) {
    const commit = this.git('rev-parse', `${tag}^{commit}`).trim();
    if (commit !== expectedCommit) throw new Error(`${gitDir}: ${tag} is ${commit}, expected ${expectedCommit}`);
    this.files = this.git('ls-tree', '-r', '--name-only', tag).split('\n').filter(Boolean);
  }

  private git(...args: string[]): string {
    return execFileSync('git', ['-C', this.gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  }

  /** The path at the root a citation means: itself, or the one file of that name in the tree. */
  resolve(file: string): string | undefined {
    if (this.files.includes(file)) return file;
    const matches = this.files.filter((f) => f.endsWith(`/${file}`));
    return matches.length === 1 ? matches[0] : undefined;
  }

  lines(path: string): string[] {
    let l = this.cache.get(path);
    if (!l) this.cache.set(path, (l = this.git('show', `${this.tag}:${path}`).split('\n')));
    return l;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Does this Go line carry the name? Identifiers match whole words (a TS `accept` matches Go's `Accept`); statements match with spaces normalised. */
export function carries(goLine: string, name: string): boolean {
  if (/^\w+$/.test(name)) {
    const alt = name[0] === name[0]!.toLowerCase() ? name[0]!.toUpperCase() + name.slice(1) : name[0]!.toLowerCase() + name.slice(1);
    // A long name also matches as the start of a longer one (`earlyConnReady` in `earlyConnReadyChan`).
    const tail = name.length >= 6 ? '' : '(?![\\w])';
    return new RegExp(`(?<![\\w])(?:${escapeRe(name)}|${escapeRe(alt)})${tail}`).test(goLine);
  }
  return goLine.replace(/\s+/g, ' ').includes(name.replace(/\s+/g, ' '));
}

/** The function around a line: from its `func` line to its closing brace. */
function enclosingFunc(lines: string[], line: number): [number, number] | undefined {
  let start = line;
  while (start >= 1 && !/^func /.test(lines[start - 1]!)) {
    if (start < line && /^}/.test(lines[start - 1]!)) return undefined;
    start--;
  }
  if (start < 1) return undefined;
  let end = line;
  while (end <= lines.length && !/^}/.test(lines[end - 1]!)) end++;
  return [start, end];
}

/** A line by number only: the table names quic-go's lines, it copies none. */
function show(_lines: string[], n: number): string {
  return `L${n}`;
}

export function checkCitation(c: Citation, src: QuicGoSource): Row {
  const file = src.resolve(c.file);
  const base = { where: c.where, ref: c.ref, file: file ?? c.file, first: c.first, last: c.last, claim: c.claim };
  if (!file) return { ...base, found: `no file ${c.file} at ${quicGoTag}`, verdict: 'wrong' };
  const lines = src.lines(file);
  if (c.last > lines.length || c.first < 1 || c.last < c.first)
    return { ...base, found: `${file} has ${lines.length} lines`, verdict: 'wrong' };
  if (lines.slice(c.first - 1, c.last).every((l) => l.trim() === ''))
    return { ...base, found: 'blank line', verdict: 'wrong' };
  if (c.claim.length === 0) return { ...base, found: show(lines, c.first), verdict: 'unclaimed' };
  const findIn = (from: number, to: number, name: string) => {
    for (let n = Math.max(1, from); n <= Math.min(lines.length, to); n++) if (carries(lines[n - 1]!, name)) return n;
    return undefined;
  };
  for (const name of c.claim) {
    const n = findIn(c.first, c.last, name);
    if (n) return { ...base, found: `${name} · ${show(lines, n)}`, verdict: 'ok' };
  }
  // Nearby: a few lines around, or the function the cited line is in.
  const fn = enclosingFunc(lines, c.first);
  for (const name of c.claim) {
    let best: number | undefined;
    for (const [a, b] of [[c.first - 6, c.last + 6], fn ?? [0, -1]] as [number, number][]) {
      for (let n = Math.max(1, a); n <= Math.min(lines.length, b); n++)
        if (carries(lines[n - 1]!, name) && (best === undefined || Math.abs(n - c.first) < Math.abs(best - c.first))) best = n;
    }
    if (best) return { ...base, found: `${name} at ${show(lines, best)}`, verdict: 'imprecise' };
  }
  const elsewhere = c.claim.map((name) => [name, findIn(1, lines.length, name)] as const).find(([, n]) => n);
  return {
    ...base,
    found: `cited ${show(lines, c.first)}` + (elsewhere ? `; ${elsewhere[0]} at L${elsewhere[1]}` : ''),
    verdict: 'wrong',
  };
}

/** One row per file, citation and claim: the same citation with the same claim twice in a file is checked once. */
export function checkAll(src: QuicGoSource, citations = extractAll()): Row[] {
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const c of citations) {
    const key = `${c.where}\t${c.ref}\t${c.claim.join(' · ')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(checkCitation(c, src));
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--quic-go');
  const dir = flag >= 0 ? process.argv[flag + 1] : process.env.QUIC_GO_SRC;
  if (!dir) {
    console.error('Set QUIC_GO_SRC (or --quic-go <dir>) to a git clone of github.com/quic-go/quic-go that has the v0.47.0 tag.');
    process.exit(2);
  }
  const src = new QuicGoSource(dir);
  const citations = extractAll();
  const rows = checkAll(src, citations);
  writeTable(rows);
  writeFileSync(referencePath, renderReference(rows, src));
  const count = (v: string) => rows.filter((r) => r.verdict === v).length;
  if (!process.argv.includes('--quiet'))
    for (const r of rows.filter((r) => r.verdict !== 'ok'))
      console.log(
        `${r.verdict}\t${r.where}:${citations.find((c) => c.where === r.where && c.ref === r.ref)?.line}\t${r.ref}\t[${r.claim.join(' · ')}]\t${r.found}` +
          (src.resolve(r.file) && r.first <= src.lines(r.file).length ? `\t| ${src.lines(r.file)[r.first - 1]!.trim()}` : ''),
      );
  console.log(`${citations.length} citations, ${rows.length} rows: ${count('ok')} ok, ${count('imprecise')} imprecise, ${count('wrong')} wrong, ${count('unclaimed')} unclaimed`);

  // The latest tag's citations (`{{quicgo@v0.61.0:…}}`), into their own table.
  const tagged = extractTagged(latestTag);
  const latest = checkAll(new QuicGoSource(dir, latestTag, latestCommit), tagged);
  writeTable(latest, latestTablePath, latestTag, latestCommit);
  for (const r of latest.filter((r) => r.verdict !== 'ok')) console.log(`${r.verdict}\t${r.where}\t${latestTag}:${r.ref}\t[${r.claim.join(' · ')}]\t${r.found}`);
  const n = (v: string) => latest.filter((r) => r.verdict === v).length;
  console.log(`${latestTag}: ${tagged.length} citations, ${latest.length} rows: ${n('ok')} ok, ${n('imprecise')} imprecise, ${n('wrong')} wrong, ${n('unclaimed')} unclaimed`);
}
