import { describe, expect, it } from 'vitest';
import { loadAnchors } from '../../scripts/course/anchors.ts';
import { loadChapters } from '../../scripts/course/course.ts';
import { chapter10OnFixtureSite, skipChapter } from './chapter_tools.ts';
import { runUnderInspector, type Hit } from '../../scripts/course/inspector.ts';

const anchors = loadAnchors();

chapter10OnFixtureSite();

describe('every breakpoint guide, checked under the V8 inspector', () => {
  for (const chapter of loadChapters().filter((c) => c.guide))
    it.skipIf(skipChapter(chapter))(`chapter ${chapter.number}: the guide's breakpoints are hit in order, with its variables in scope`, { timeout: 150_000 }, async () => {
      const guide = chapter.guide!;
      const names = [...new Set(guide.map((r) => r.anchor))];
      const hits = await runUnderInspector(
        chapter.scenario,
        names.map((name) => ({ name, ...anchors.get(name)! })),
        { timeoutMs: 60_000 },
      );
      // The guide's rows must be a subsequence of the hits: each row matches the first hit of its
      // anchor after the previous row's hit.
      let from = 0;
      for (const [i, row] of guide.entries()) {
        const at = hits.findIndex((h, j) => j >= from && h.name === row.anchor);
        const seen = hits.map((h: Hit) => h.name).join(' → ');
        expect(at, `row ${i + 1} (${row.anchor}) is not hit after row ${i}; hits: ${seen}`).toBeGreaterThanOrEqual(0);
        const hit = hits[at]!;
        for (const v of row.vars) expect(hit.vars, `row ${i + 1} (${row.anchor}): ${v} in scope`).toContain(v);
        if (row.goroutine) expect(hit.stack, `row ${i + 1} (${row.anchor}): goroutine`).toContain(row.goroutine);
        from = at + 1;
      }
    });
});
