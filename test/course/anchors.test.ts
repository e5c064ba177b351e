import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanAnchors } from '../../scripts/course/anchors.ts';
import { checkQuicGoRef, loadCitations, parseQuicGoRef, quicGoUrl } from '../../scripts/course/citations.ts';
import { collectReferences, loadContext } from '../../scripts/course/render.ts';

const ctx = loadContext();
const refs = collectReferences(ctx);

describe('anchors in src', () => {
  it('are well-formed and each defined once', () => {
    expect(scanAnchors().errors).toEqual([]);
  });

  it('every anchor a guide or a chapter names exists', () => {
    const missing = refs.anchors.filter((r) => !ctx.anchors.has(r.name)).map((r) => `${r.where}: ${r.name}`);
    expect(missing).toEqual([]);
  });

  // Anchors are added to src before the chapters that use them are written; once any chapter
  // besides the demo exists, every anchor must be used by one.
  const courseWritten = ctx.chapters.some((c) => c.number !== '99');
  it.runIf(courseWritten)('every anchor in src is used by a guide or a chapter', () => {
    const used = new Set(refs.anchors.map((r) => r.name));
    const unused = [...ctx.anchors].filter(([name]) => !used.has(name)).map(([n, at]) => `${n} (${at.file}:${at.line})`);
    expect(unused).toEqual([]);
  });

  it('the demo chapter uses the anchors it adds to chan.ts', () => {
    const demo = ctx.chapters.find((c) => c.number === '99');
    for (const name of ['chan.trysend-full', 'chan.select-ready']) {
      expect(ctx.anchors.get(name)?.file).toBe('src/internal/utils/chan.ts');
      if (demo) expect(refs.anchors.map((r) => r.name)).toContain(name);
    }
  });
});

describe('scanAnchors', () => {
  const root = mkdtempSync(join(tmpdir(), 'anchors-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the line of each anchor, and reports duplicates, bad names and comment-only lines', () => {
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, 'a.ts'), 'const x = 1;\nfoo(x); // @anchor a.first\nbar(); // @anchor Bad_Name\n');
    writeFileSync(join(root, 'sub', 'b.ts'), '\n\nbaz(); // @anchor server.handleInitialImpl.dcidLen\nqux(); // @anchor a.first\n// @anchor lonely\n');
    const { anchors, errors } = scanAnchors(root);
    expect(anchors.get('a.first')?.line).toBe(2);
    expect(anchors.get('a.first')?.file).toMatch(/a\.ts$/);
    expect(anchors.get('server.handleInitialImpl.dcidLen')?.line).toBe(3);
    expect(errors).toHaveLength(3);
    expect(errors.join('\n')).toMatch(/bad anchor name "Bad_Name"/);
    expect(errors.join('\n')).toMatch(/anchor a\.first is defined twice: .*a\.ts:2 and .*b\.ts:4/);
    expect(errors.join('\n')).toMatch(/anchor lonely is on a comment line/);
  });
});

describe('quic-go citations', () => {
  const citations = loadCitations();

  it('every citation in a guide or a chapter is one the reference map checked', () => {
    const bad = refs.quicgo.flatMap((r) => {
      const why = checkQuicGoRef(r.ref, citations);
      return why ? [`${r.where}: ${why}`] : [];
    });
    expect(bad).toEqual([]);
  });

  it("rejects the article's interface.go:288 and accepts the checked interface.go:280", () => {
    expect(checkQuicGoRef('interface.go:288', citations)).toMatch(/not a line the reference map checked/);
    expect(checkQuicGoRef('interface.go:280', citations)).toBeUndefined();
  });

  it('accepts a line or range the checker found ok, and nothing else (not even a line inside it)', () => {
    expect(checkQuicGoRef('server.go:723', citations)).toBeUndefined();
    expect(checkQuicGoRef('server.go:420', citations)).toBeDefined(); // inside 418-426, never checked itself
    expect(checkQuicGoRef('server.go:418-426', citations)).toBeUndefined();
    expect(checkQuicGoRef('server.go:419-424', citations)).toBeUndefined();
    expect(checkQuicGoRef('server.go:417-426', citations)).toBeDefined();
    expect(checkQuicGoRef('server.go:724', citations)).toBeDefined();
    expect(checkQuicGoRef('internal/protocol/params.go:60', citations)).toBeUndefined();
    expect(checkQuicGoRef('params.go:60', citations)).toMatch(/not in the reference map/);
    expect(checkQuicGoRef('server.go', citations)).toMatch(/is not a quic-go citation/);
    expect(checkQuicGoRef('server.go:9-3', citations)).toMatch(/is not a quic-go citation/);
  });

  it('links a line and a range to the v0.47.0 tag', () => {
    expect(quicGoUrl(parseQuicGoRef('server.go:723')!)).toBe('https://github.com/quic-go/quic-go/blob/v0.47.0/server.go#L723');
    expect(quicGoUrl(parseQuicGoRef('server.go:418-426')!)).toBe('https://github.com/quic-go/quic-go/blob/v0.47.0/server.go#L418-L426');
  });
});
