// Every quic-go citation of the course (chapters, exercises, the site in both languages, src
// comments) must be in the checked table with verdict ok, under the same claim: a new citation, a
// changed line number or new names around it fail here until scripts/course/citations/check.ts
// has checked them against quic-go v0.47.0 (it needs quic-go's source, so it does not run in CI).
import { describe, expect, it } from 'vitest';
import { citationKey, extractAll, extractFile, extractTagged, maskTagged } from '../../scripts/course/citations/extract.ts';
import { latestTablePath, latestTag, readTable, rowKey } from '../../scripts/course/citations/table.ts';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/course/paths.ts';

/** Citations allowed to stay imprecise (at most 5), each with the reason. */
const allowedImprecise = new Set<string>([]);

describe('quic-go citations', () => {
  const rows = readTable();
  const byKey = new Map(rows.map((r) => [rowKey(r), r]));
  const citations = extractAll();

  it('each one is in the checked table with verdict ok', () => {
    const bad = citations.flatMap((c) => {
      const row = byKey.get(citationKey(c));
      if (!row) return [`${c.where}:${c.line} ${c.ref} [${c.claim.join(' · ')}]: not checked; run scripts/course/citations/check.ts`];
      if (row.verdict === 'ok' || (row.verdict === 'imprecise' && allowedImprecise.has(citationKey(c)))) return [];
      return [`${c.where}:${c.line} ${c.ref}: ${row.verdict} (${row.found})`];
    });
    expect(bad).toEqual([]);
    expect(allowedImprecise.size).toBeLessThanOrEqual(5);
  });

  it('the table has no row for a citation that is gone', () => {
    const current = new Set(citations.map(citationKey));
    expect(rows.filter((r) => !current.has(rowKey(r))).map(rowKey)).toEqual([]);
  });

  it('finds citations in every form, with the names next to them as the claim', () => {
    const md = [
      'The `select` at {{quicgo:server.go:330}}, then `s.connQueue <- conn` ([server.go:723](https://github.com/quic-go/quic-go/blob/v0.47.0/server.go#L723 "quicgo:server.go:723")).',
      '',
      '| a | `handlePacketImpl` | server.go:377 |',
      '',
      'See server.go:740 and 751, and params.go:60.',
    ].join('\n');
    const found = extractFile(join(repoRoot, 'chapters/x.md'), md);
    expect(found.map((c) => c.ref)).toEqual(['server.go:330', 'server.go:723', 'server.go:377', 'server.go:740', 'server.go:751', 'params.go:60']);
    expect(found[0]!.claim[0]).toBe('select');
    expect(found[1]!.claim).toContain('s.connQueue <- conn');
    expect(found[2]!.claim).toContain('handlePacketImpl');
    const ts = extractFile(join(repoRoot, 'src/x.ts'), '/** Capacity of the queue (params.go:60). */\nexport const MaxAcceptQueueSize = 32;\nthis.run(); // server.go:281\n');
    expect(ts.map((c) => [c.ref, c.claim.includes('MaxAcceptQueueSize') || c.claim.includes('run')])).toEqual([
      ['params.go:60', true],
      ['server.go:281', true],
    ]);
  });
});

describe(`quic-go citations at ${latestTag}`, () => {
  const rows = readTable(latestTablePath);
  const byKey = new Map(rows.map((r) => [rowKey(r), r]));
  const citations = extractTagged(latestTag);

  it('each one is in the second checked table with verdict ok', () => {
    expect(citations.length).toBeGreaterThan(0);
    const bad = citations.flatMap((c) => {
      const row = byKey.get(citationKey(c));
      if (!row) return [`${c.where}:${c.line} ${latestTag}:${c.ref} [${c.claim.join(' · ')}]: not checked; run scripts/course/citations/check.ts`];
      return row.verdict === 'ok' ? [] : [`${c.where}:${c.line} ${latestTag}:${c.ref}: ${row.verdict} (${row.found})`];
    });
    expect(bad).toEqual([]);
  });

  it('the table has no row for a citation that is gone', () => {
    const current = new Set(citations.map(citationKey));
    expect(rows.filter((r) => !current.has(rowKey(r))).map(rowKey)).toEqual([]);
  });

  it('tells the tags apart: a tagged citation is not a v0.47.0 one, and the reverse', () => {
    const md = [
      'Then `AddWithConnID` at {{quicgo@v0.61.0:server.go:843-846}}, as at {{quicgo:server.go:703-706}}.',
      '',
      'Rendered: `s.tr.Get` ([server.go:699 @ v0.61.0](https://github.com/quic-go/quic-go/blob/v0.61.0/server.go#L699 "quicgo@v0.61.0:server.go:699")).',
    ].join('\n');
    const path = join(repoRoot, 'chapters/x.md');
    expect(extractFile(path, md).map((c) => c.ref)).toEqual(['server.go:703-706']);
    expect(extractFile(path, maskTagged(md)).map((c) => c.ref)).toEqual(['server.go:703-706']);
  });
});
