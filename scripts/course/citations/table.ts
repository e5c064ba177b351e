// The checked table: one row per citation (file, citation, claim), with what quic-go v0.47.0 has
// at the cited lines and the verdict. The checker (check.ts) writes it where quic-go's source is;
// test/course/citations.test.ts reads it in CI.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chaptersDir } from '../paths.ts';
import { citationKey } from './extract.ts';

export const quicGoTag = 'v0.47.0';
export const quicGoCommit = '8fc04bf1e010db167b5b3d6c377878084dffdc6c';
export const tablePath = join(chaptersDir, 'quic-go-v0.47.0-citations.tsv');

/**
 * The newest release chapter 11 compares with. Its citations are written `{{quicgo@v0.61.0:server.go:843}}`
 * and checked into their own table, the same way.
 */
export const latestTag = 'v0.61.0';
export const latestCommit = '579ee19d5b54c4f9320ffca668113c3513a138e5';
export const latestTablePath = join(chaptersDir, `quic-go-${latestTag}-citations.tsv`);

/**
 * ok: a cited line carries a name the text gives. imprecise: the name is a few lines away, in the
 * same function (the text should cite that line). wrong: the cited lines are about something else,
 * or do not exist. unclaimed: the text names nothing to check against (name it, or add the claim
 * to claims.tsv).
 */
export type Verdict = 'ok' | 'imprecise' | 'wrong' | 'unclaimed';

export interface Row {
  where: string;
  ref: string;
  /** the path at quic-go's root the citation resolves to */
  file: string;
  first: number;
  last: number;
  claim: string[];
  /** the name found and the cited line that carries it (or where it was found instead) */
  found: string;
  verdict: Verdict;
}

const header = ['where', 'ref', 'file', 'first', 'last', 'claim', 'found', 'verdict'];

export function rowKey(r: Row): string {
  return citationKey(r);
}

export function writeTable(rows: Row[], path = tablePath, tag = quicGoTag, commit = quicGoCommit): void {
  const clean = (s: string) => s.replace(/[\t\n]/g, ' ');
  const lines = [
    `# quic-go citations of this course, checked against quic-go ${tag} (commit ${commit}) by scripts/course/citations/check.ts.`,
    '# claim: the names the text gives next to the citation (· separated); found: the name found at the cited lines and that line.',
    header.join('\t'),
    ...rows.map((r) => [r.where, r.ref, r.file, r.first, r.last, r.claim.join(' · '), clean(r.found), r.verdict].map(String).map(clean).join('\t')),
  ];
  writeFileSync(path, lines.join('\n') + '\n');
}

export function readTable(path = tablePath): Row[] {
  const rows: Row[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('where\t')) continue;
    const f = line.split('\t');
    if (f.length !== header.length) throw new Error(`${path}: bad row "${line}"`);
    const [where, ref, file, first, last, claim, found, verdict] = f as [string, string, string, string, string, string, string, Verdict];
    rows.push({ where, ref, file, first: Number(first), last: Number(last), claim: claim === '' ? [] : claim.split(' · '), found, verdict });
  }
  return rows;
}
