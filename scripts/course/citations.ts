// quic-go citations. Chapters cite quic-go v0.47.0 as `server.go:723` or `server.go:418-426`
// (the path from the repository root, as in chapters/quic-go-v0.47.0.md). A citation is accepted
// only if the reference map checked it: chapters/quic-go-v0.47.0-citations.tsv lists every
// checked line or range, and
//   - a single line is accepted when it equals a listed line or lies inside a listed range
//     (a range row means every line of it was read at the tag);
//   - a range is accepted when it lies inside one listed range.
// So the article's `interface.go:288` is rejected: interface.go is listed only at single lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chaptersDir } from './paths.ts';

export const quicGoTag = 'v0.47.0';
export const citationsFile = join(chaptersDir, 'quic-go-v0.47.0-citations.tsv');

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

/** The checked citations: file → listed [first, last] rows. */
export function loadCitations(path = citationsFile): Map<string, QuicGoRef[]> {
  const byFile = new Map<string, QuicGoRef[]>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [file, first, last] = line.split('\t');
    const row = { file: file!, first: Number(first), last: Number(last) };
    if (!Number.isInteger(row.first) || !Number.isInteger(row.last)) throw new Error(`${path}: bad row "${line}"`);
    byFile.set(row.file, [...(byFile.get(row.file) ?? []), row]);
  }
  return byFile;
}

/** Why a citation is not accepted, or undefined when it is (see the rule at the top). */
export function checkQuicGoRef(text: string, citations: Map<string, QuicGoRef[]>): string | undefined {
  const ref = parseQuicGoRef(text);
  if (!ref) return `"${text}" is not a quic-go citation like server.go:723 or server.go:418-426`;
  const rows = citations.get(ref.file);
  if (!rows) return `${text}: ${ref.file} is not in the reference map`;
  if (rows.some((r) => r.first <= ref.first && ref.last <= r.last)) return undefined;
  return `${text}: not a line the reference map checked (${ref.file} rows: ${rows.map((r) => formatQuicGoRef(r).split(':')[1]).join(', ')})`;
}

/** The link to a quic-go line or range at the tag. */
export function quicGoUrl(ref: QuicGoRef): string {
  const lines = ref.first === ref.last ? `L${ref.first}` : `L${ref.first}-L${ref.last}`;
  return `https://github.com/quic-go/quic-go/blob/${quicGoTag}/${ref.file}#${lines}`;
}
