import { readdirSync } from 'node:fs';
import { defineConfig, type Project } from '@playwright/test';
import { shuffledWithSeed, testOrderSeed } from './test/support/test-order.ts';

// With BYOM_TEST_ORDER_SEED set, each spec file is a project of its own, listed in a seeded random
// order: with one worker, Playwright runs projects in the order they are listed, so the files run
// shuffled and no spec can lean on the state another one left behind.
const orderSeed = testOrderSeed();
if (orderSeed !== undefined) process.stdout.write(`playwright: spec files in the order of seed ${orderSeed}\n`);
const shuffledProjects: Project[] | undefined =
  orderSeed === undefined
    ? undefined
    : shuffledWithSeed(
        readdirSync('test/e2e')
          .filter((file) => file.endsWith('.spec.ts'))
          .sort(),
        orderSeed,
      ).map((file) => ({ name: file, testMatch: file }));

// End-to-end tests drive the real built renderer in Debian's Chromium through the web harness.
// Never `playwright install`: the browser comes from the OS (CHROMIUM_PATH, else /usr/bin/chromium).
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  ...(shuffledProjects ? { projects: shuffledProjects } : {}),
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
