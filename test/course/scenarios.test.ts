import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadChapters } from '../../scripts/course/course.ts';
import { chapter10OnFixtureSite, skipChapter } from './chapter_tools.ts';
import { compareOutput } from '../../scripts/course/output.ts';
import { runScenario } from '../../scripts/course/scenario.ts';

chapter10OnFixtureSite();

describe('every chapter scenario prints its expected output', () => {
  for (const chapter of loadChapters())
    it.skipIf(skipChapter(chapter))(`chapter ${chapter.number}: ${chapter.title}`, { timeout: 90_000 }, async () => {
      const run = await runScenario(chapter, 60_000);
      expect(run.code, run.stderr).toBe(0);
      expect(compareOutput(readFileSync(chapter.expectedOutput, 'utf8'), run.stdout)).toBeUndefined();
    });
});
