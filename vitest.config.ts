import { defineConfig } from 'vitest/config';

// Three projects: unit tests (seconds, no site built first), corpus suites over ../shared/corpora
// (skipped when it is absent), and the browser and site suites, which build the sample and
// hostile sites once in their own setup. `npm test` runs all three; `npx vitest run test/x.test.ts`
// runs one unit file alone.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 300_000,
    projects: [
      { test: { name: 'unit', include: ['test/*.test.ts'], exclude: ['test/corpus*.test.ts', 'test/differential*.test.ts'], testTimeout: 60_000 } },
      { test: { name: 'corpus', include: ['test/corpus*.test.ts', 'test/differential*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 } },
      { test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'], testTimeout: 120_000, hookTimeout: 600_000 } },
    ],
  },
});
