// The exercises' tests, kept out of the default `npm test` run because a learner's unfinished
// exercise fails them by design. `npm run grade` runs them with this config; so does the
// "Debug current exercise tests" launch configuration and, for both the starters and the
// reference solutions, test/course/grading.test.ts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['exercises/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
