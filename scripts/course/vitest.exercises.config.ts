// The exercises' tests, kept out of the default `npm test` run because a learner's unfinished
// exercise fails them by design. `npm run grade` runs them with this config; so does the
// "Debug current exercise tests" launch configuration and, for the starters, the reference
// solutions and the known-wrong solutions, test/course/grading.test.ts.
//
// COURSE_RUNS (set by scripts/course/grading.ts) grades several implementations in one vitest
// process: a JSON list of { name, impl, dirs }, each run a vitest project whose files see
// COURSE_IMPL = impl. Without it, every exercise runs once on COURSE_IMPL (default `learner`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

interface Run {
  name: string;
  impl: string;
  dirs: string[];
}
const runs = process.env.COURSE_RUNS ? (JSON.parse(process.env.COURSE_RUNS) as Run[]) : undefined;

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['exercises/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Failure messages in full: `…within 1000 ms…`, not `…within 10…`.
    chaiConfig: { truncateThreshold: 0 },
    projects: runs?.map((r) => ({
      extends: true as const,
      test: { name: r.name, include: r.dirs.map((d) => `${d}*.test.ts`), env: { COURSE_IMPL: r.impl } },
    })),
  },
});
