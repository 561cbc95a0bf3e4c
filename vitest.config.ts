import { defineConfig } from 'vitest/config';
import { testOrderSeed } from './test/support/test-order.ts';
import { preactInPlaceOfReact } from './electron.vite.config.ts';

// BYOM_TEST_ORDER_SEED shuffles files and the tests within each file (test/support/test-order.ts).
const orderSeed = testOrderSeed();
if (orderSeed !== undefined) process.stdout.write(`vitest: files and tests shuffled with seed ${orderSeed}\n`);
const sequence = orderSeed === undefined ? undefined : { shuffle: { files: true, tests: true }, seed: orderSeed };

// Unit and integration tests. Main-process code runs in node; React components in jsdom.
// End-to-end tests live in test/e2e and run under Playwright, not here.
export default defineConfig({
  test: {
    ...(sequence ? { sequence } : {}),
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
          // Components run on what the app ships: Preact's compat layer in place of React. Testing
          // Library's ES module build is taken and inlined, so that its own imports of React take
          // the same alias (its CommonJS build would require the real react-dom).
          alias: [
            { find: /^@testing-library\/react$/, replacement: '@testing-library/react/dist/@testing-library/react.esm.js' },
            ...preactInPlaceOfReact,
          ],
          server: { deps: { inline: [/@testing-library\/react/, /zustand/, /@tanstack\//] } },
          // Effects timed as the app times them (src-renderer/app/effect-timing.ts).
          setupFiles: ['src-renderer/app/effect-timing.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
        },
      },
    ],
  },
});
