import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The chaos run still finds open lead-loss paths (issue 10): `npm run chaos` runs it until they are closed.
    exclude: process.env.CHAOS ? [] : ['test/robustness/chaos.test.ts'],
    // The browser, crash and CLI tests run the bundle `npm start` runs.
    globalSetup: ['test/support/build-bundle.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start real HTTP servers; two workers match the two cores CI has.
    maxWorkers: 2,
  },
});
