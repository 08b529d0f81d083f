import { defineConfig } from 'vitest/config';

/**
 * Three kinds of tests, run by `npm test` (scripts/test.mjs) in this order:
 * - unit: pure, no emulators (`*.test.ts` beside the code);
 * - attacks: hostile plugins against the sandbox's deadline and limits (`*.attack.test.ts`),
 *   timed, so run alone after the unit tests;
 * - integration: against the running emulators (`*.int.test.ts`), one file at a time, each
 *   starting from wiped emulators;
 * - browser: Debian Chromium driven by playwright-core against the built app (`web/e2e`).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'functions/src/**/*.test.ts',
            'web/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'rules/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/*.attack.test.ts', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        // Attacks on the sandbox's deadline and limits: they measure wall time and the main
        // thread's responsiveness, so they run alone, one file at a time, after the unit tests.
        test: {
          name: 'attacks',
          include: ['packages/*/src/**/*.attack.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['web/e2e/**/*.e2e.test.ts'],
          setupFiles: ['web/e2e/setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
