import { defineConfig } from 'vitest/config';

// Under CI (CI=true) vitest also writes its JSON report, from which .ci/run prints the test counts.
const ci = process.env.CI === 'true' || process.env.CI === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ci ? ['default', ['json', { outputFile: '.vitest-results.json' }]] : ['default'],
  },
});
