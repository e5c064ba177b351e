// The exercises' tests, kept out of the default `npm test` run because a learner's unfinished
// exercise fails them by design. `npm run grade` runs them with this config; so does the
// "Debug current exercise tests" launch configuration and, for the starters, the reference
// solutions and the known-wrong solutions, test/course/grading.test.ts.
//
// COURSE_RUNS (set by scripts/course/grading.ts) grades several implementations in one vitest
// process: a JSON list of { name, impl, include }, each run a vitest project of the test files
// `include` matches, which see COURSE_IMPL = impl. Without it, every exercise runs once on COURSE_IMPL (default `learner`).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

interface Run {
  name: string;
  impl: string;
  include: string[];
}
const runs = process.env.COURSE_RUNS ? (JSON.parse(process.env.COURSE_RUNS) as Run[]) : undefined;

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    // With runs, each project names its own files (a project's include adds to the root's).
    include: runs ? [] : ['exercises/**/*.test.ts'],
    // A test that waits for something that never comes (a lost value, a select left waiting) fails
    // after 15 s; the few real-stack tests that need longer say so.
    testTimeout: 15_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Failure messages in full: `…within 1000 ms…`, not `…within 10…`.
    chaiConfig: { truncateThreshold: 0 },
    projects: runs?.map((r) => ({
      extends: true as const,
      test: { name: r.name, include: r.include, env: { COURSE_IMPL: r.impl } },
    })),
  },
});
