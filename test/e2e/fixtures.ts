import { test as base, expect } from '@playwright/test';
import { startHarnessProcess, type HarnessProcess } from '../support/harness-process';

/** Every test gets its own harness (data dir, keychain service) and fails on any console error. */
export const test = base.extend<{ harness: HarnessProcess; consoleErrors: string[] }>({
  harness: async ({}, use) => {
    const harness = await startHarnessProcess();
    await use(harness);
    await harness.stop();
  },
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
});

export { expect };
