import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The browser, crash and CLI tests run the bundle `npm start` runs.
    globalSetup: ['test/support/build-bundle.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start real HTTP servers; two workers match the two cores CI has.
    maxWorkers: 2,
  },
});
