import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // exercises/**/*.test.ts run through scripts/course/vitest.exercises.config.ts (npm run grade,
    // test/course/grading.test.ts): a learner's unfinished exercise must not fail `npm test`.
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
