// Mutation testing of the rules that decide what BYOM Desk changes on a tenant (README, Testing).
// `npm run test:mutation` runs it; every module listed must score 85% or more
// (test/mutation/check-scores.ts reads the JSON report and names any module below).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // `related`: a mutant runs only the test files that import its module (static ones all of those).
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: [
    // src-shared: what decides, not what displays.
    'src-shared/rotation.ts',
    'src-shared/drift.ts',
    'src-shared/inventory-rows.ts',
    'src-shared/tenant-url.ts',
    'src-shared/providers/catalog.ts',
    'src-shared/providers/credential-schema.ts',
    'src-shared/providers/warnings.ts',
    'src-shared/providers/extra-config.ts',
    'src-shared/draft-from-inventory.ts',
    'src-shared/inventory-export.ts',
    'src-shared/audit-export.ts',
    'src-shared/csv.ts',
    // src-main: the pure parts.
    'src-main/alation/paging.ts',
    'src-main/alation/errors.ts',
    'src-main/alation/transport-errors.ts',
    'src-main/apply/plan-tenant.ts',
    'src-main/alation/safe-writes.ts',
    'src-main/profiles/production-names.ts',
    'src-main/tenant-ops/journal.ts',
    'src-main/tenant-ops/undo.ts',
  ],
  // Module-level tables (which fields identify an account, a provider's variants) are rules too:
  // their mutants run with the module loaded again, against the test files that import it.
  ignoreStatic: false,
  concurrency: 2,
  timeoutMS: 10000,
  incrementalFile: 'test/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
  // Not copied into the sandbox: reports, and the sandboxes of a run on a part (`.stryker-tmp-*`).
  ignorePatterns: ['/reports', '/.stryker-tmp*'],
  cleanTempDir: 'always',
};
