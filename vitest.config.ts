import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    globalSetup: ['./test/build-dist.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          // restify 11 loads spdy, whose http-deceiver trips DEP0111 on load (harmless; see the README): keep test output clean.
          execArgv: ['--disable-warning=DEP0111'],
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/postgres/**', 'node_modules/**'],
          // Every card a test renders through the compiled templates is compared with the library's render.
          setupFiles: ['test/support/render-check.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: ['test/postgres/**/*.test.ts'],
          // One PostgreSQL for the run: DATABASE_URL, a server on 127.0.0.1:5432, or a throwaway cluster.
          globalSetup: ['test/support/postgres-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          execArgv: ['--disable-warning=DEP0111'],
          include: ['test/e2e/**/*.test.ts'],
          // The Desk tab's page is built (when stale) before any browser opens it.
          globalSetup: ['test/e2e/global-setup.ts'],
          // Each file drives its own Playground and Chromium: one at a time on a 2-core machine.
          fileParallelism: false,
          // One test is one whole user flow, and two Playgrounds start before a consult: minutes on a busy machine.
          // Every step still waits at most 15-30 s, so a step that hangs fails long before these.
          testTimeout: 300_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
