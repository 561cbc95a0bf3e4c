import { test as base, expect, type Page } from '@playwright/test';
import { startHarnessProcess, type HarnessProcess } from '../support/harness-process';

/** The harness of the file now running: one per spec file, started when its first test needs it. */
let shared: { file: string; harness: HarnessProcess } | undefined;

interface Fixtures {
  /** Shared by the tests of one file: each test makes the state it needs (see `resetProfiles`). */
  harness: HarnessProcess;
  /** A harness of the test's own: a fresh data dir and keychain service, for tests that need a clean start. */
  freshHarness: HarnessProcess;
  /** Every console error and page error of the test; the test fails if any is left at its end. */
  consoleErrors: string[];
}

/**
 * Stops harnesses the page may be on, leaving the page first: a harness stopped under the page cuts
 * its event stream, which the page logs as a console error (ERR_CONNECTION_RESET) that the test
 * would then fail on, or not, by timing.
 */
export async function leaveAndStop(page: Page, ...harnesses: HarnessProcess[]): Promise<void> {
  await page.goto('about:blank');
  for (const harness of harnesses.reverse()) await harness.stop();
}

export const test = base.extend<Fixtures, { sharedHarnessCleanup: void }>({
  harness: async ({}, use, testInfo) => {
    if (shared?.file !== testInfo.file) {
      await shared?.harness.stop();
      shared = { file: testInfo.file, harness: await startHarnessProcess() };
    }
    await use(shared.harness);
  },
  freshHarness: async ({ page }, use) => {
    const harness = await startHarnessProcess();
    await use(harness);
    await leaveAndStop(page, harness);
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await use(errors);
      expect(errors, 'console errors during the test').toEqual([]);
    },
    { auto: true },
  ],
  sharedHarnessCleanup: [
    async ({}, use) => {
      await use();
      await shared?.harness.stop();
      shared = undefined;
    },
    { scope: 'worker', auto: true },
  ],
});

export { expect };
