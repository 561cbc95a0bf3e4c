import { defineConfig } from 'vitest/config';

// Unit and integration tests. Main-process code runs in node; React components in jsdom.
// End-to-end tests live in test/e2e and run under Playwright, not here.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          testTimeout: 20_000,
          // Through Vite, so a test's fake `electron` reaches it: the shell test runs the real store.
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['test/**/*.test.tsx'],
          exclude: ['test/e2e/**', 'node_modules/**'],
        },
      },
    ],
  },
});
