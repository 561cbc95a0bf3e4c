import { defineConfig } from 'vitest/config';

// The tests Stryker runs against each mutant (stryker.config.mjs): the node unit tests, and the few
// integration tests that exercise the rule modules through real use (safe writes, the operation
// model's journal and undo), all in under a minute. Per-test coverage then runs, for each mutant,
// only the tests that reach it.
export default defineConfig({
  test: {
    environment: 'node',
    include: [
      'test/unit/**/*.test.ts',
      'test/integration/safe-writes.test.ts',
      'test/integration/operations.test.ts',
      'test/integration/draft-from-inventory-offline.test.ts',
    ],
    // The Electron shell's tests load the whole app inside a test, which would tie every module's
    // load to them; they test the shell, not a rule.
    exclude: ['test/unit/electron-shell.test.ts', 'test/unit/desktop-conventions.test.ts'],
    testTimeout: 20_000,
    server: { deps: { inline: ['electron-store'] } },
  },
});
