// quic-go citations. Chapters cite quic-go v0.47.0 as `server.go:723` or `server.go:418-426`
// (the path from the repository root). A citation is accepted only if the checker
// (citations/check.ts) found it right: chapters/quic-go-v0.47.0-citations.tsv lists every checked
// citation with its verdict, and
// a citation is accepted when the table has that very line or range with verdict ok (a line inside a
// checked range is not: the checker never looked for what the new text says is there).
// So the article's `interface.go:288` is rejected: the course cites interface.go only where it was checked.
import { latestTablePath, latestTag, quicGoTag, readTable, tablePath } from './citations/table.ts';

export { latestTag, quicGoTag };
export const citationsFile = tablePath;

export interface QuicGoRef {
  file: string;
  first: number;
  last: number;
}

const refSyntax = /^([A-Za-z0-9_./-]+\.go):(\d+)(?:-(\d+))?$/;

/** Parses `server.go:723` or `server.go:418-426`; undefined if it is not that shape. */
export function parseQuicGoRef(text: string): QuicGoRef | undefined {
  const m = refSyntax.exec(text.trim());
  if (!m) return undefined;
  const first = Number(m[2]);
  const last = m[3] === undefined ? first : Number(m[3]);
  if (first < 1 || last < first) return undefined;
  return { file: m[1]!, first, last };
}

export function formatQuicGoRef(ref: QuicGoRef): string {
  return ref.first === ref.last ? `${ref.file}:${ref.first}` : `${ref.file}:${ref.first}-${ref.last}`;
}

/** The checked citations: file → [first, last] of each citation the checker found ok. */
export function loadCitations(path = citationsFile): Map<string, QuicGoRef[]> {
  const byFile = new Map<string, QuicGoRef[]>();
  const seen = new Set<string>();
  for (const row of readTable(path)) {
    const key = `${row.file}:${row.first}-${row.last}`;
    if (row.verdict !== 'ok' || seen.has(key)) continue;
    seen.add(key);
    byFile.set(row.file, [...(byFile.get(row.file) ?? []), { file: row.file, first: row.first, last: row.last }]);
  }
  return byFile;
}

/** Why a citation is not accepted, or undefined when it is (see the rule at the top). */
export function checkQuicGoRef(text: string, citations: Map<string, QuicGoRef[]>): string | undefined {
  const ref = parseQuicGoRef(text);
  if (!ref) return `"${text}" is not a quic-go citation like server.go:723 or server.go:418-426`;
  const rows = citations.get(ref.file);
  if (!rows) return `${text}: ${ref.file} is not in the reference map`;
  if (rows.some((r) => r.first === ref.first && ref.last === r.last)) return undefined;
  return `${text}: not a line the reference map checked (${ref.file} rows: ${rows.map((r) => formatQuicGoRef(r).split(':')[1]).join(', ')})`;
}

/** The link to a quic-go line or range at the tag. */
export function quicGoUrl(ref: QuicGoRef): string {
  const lines = ref.first === ref.last ? `L${ref.first}` : `L${ref.first}-L${ref.last}`;
  return `https://github.com/quic-go/quic-go/blob/${quicGoTag}/${ref.file}#${lines}`;
}

/** The checked citations of the latest tag (`{{quicgo@v0.61.0:…}}`, chapter 11). */
export function loadLatestCitations(): Map<string, QuicGoRef[]> {
  return loadCitations(latestTablePath);
}

/** The link to a quic-go line or range at another tag. */
export function quicGoUrlAt(ref: QuicGoRef, tag: string): string {
  return quicGoUrl(ref).replace(`/blob/${quicGoTag}/`, `/blob/${tag}/`);
}
