// The health sweep on a schedule: with "every hour" set, the harness's test clock moved on an hour
// sweeps the tenant; a key the provider has started refusing since the last sweep puts a count on
// the Inventory item of the navigation bar and a notice, with the tenant in its environment's
// colour, in the Inventory; both outlive a reload, and Dismiss clears them in main.
import type { Page } from '@playwright/test';
import type { JobView } from '../../src-shared/job-results';
import { startHarnessProcess } from '../support/harness-process';
import { expect, leaveAndStop, test } from './fixtures';
import { accessibilityViolations, addProfiles, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const hour = 3_600_000;

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

/** Moves the scheduled sweep's clock on (the harness's test clock), as the hours passing would. */
async function advanceClock(page: Page, ms: number): Promise<void> {
  const status = await page.evaluate(async (advanceMs) => {
    const answer = await fetch('/__harness/test-clock', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advanceMs }),
    });
    return answer.status;
  }, ms);
  expect(status).toBe(200);
}

/** The sweep jobs that have ended. */
const finishedSweeps = (page: Page) =>
  page.evaluate(async () =>
    ((await window.byomDesk.listJobs()) as JobView[]).filter((j) => j.kind === 'sweep' && j.status !== 'running').map((j) => j.status),
  );

test('a scheduled sweep that finds a key newly refused shows a badge on Inventory and a notice naming the tenant', async ({ page }) => {
  const harness = await startHarnessProcess(undefined, undefined, { BYOM_DESK_HARNESS_TEST_CLOCK: '1' });
  try {
    const tenant = await fake({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 1 });
    const credential = tenant.mutate((s) => s.credentials[0]!.name);
    await page.goto(harness.url);
    await addProfiles(page, [['Acme', tenant, 'staging']]);
    await page.evaluate(() => window.byomDesk.updateAppSettings({ healthSweep: { everyHours: 1, labels: [] } }));

    // An hour on, the first scheduled sweep: the key is good, so nothing to say.
    await advanceClock(page, hour);
    await expect.poll(() => finishedSweeps(page)).toEqual(['succeeded']);
    await expect(nav(page).getByRole('button', { name: 'Inventory', exact: true })).toBeVisible();

    // The provider starts refusing the key; an hour later the next sweep finds it.
    tenant.mutate((s) => void (s.credentials[0]!.secrets.api_key = 'sk-proj-e2e-invalid-since-this-morning'));
    await advanceClock(page, hour);
    await expect.poll(() => finishedSweeps(page)).toEqual(['succeeded', 'succeeded']);
    const inventory = nav(page).getByRole('button', { name: 'Inventory, 1 alert', exact: true });
    await expect(inventory).toBeVisible();

    // A reload still shows it: main keeps the alerts until they are seen.
    await page.reload();
    await inventory.click();
    const notice = page.getByRole('region', { name: 'Scheduled health sweep: 1 alert' });
    await expect(notice.getByRole('listitem')).toHaveCount(1);
    const item = notice.getByRole('listitem');
    await expect(item).toContainText('Acme');
    await expect(item).toContainText(credential);
    await expect(item).toContainText('Key refused by the provider');
    // The tenant in its environment's colour, as everywhere a tenant is named.
    await expect(item.locator('.env-tag')).toHaveText('staging');
    expect(await item.locator('.env-tag').evaluate((el) => getComputedStyle(el).getPropertyValue('--env-color').trim())).toBe('#bf8700');

    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await accessibilityViolations(page, `scheduled sweep alerts (${colorScheme})`)).toEqual([]);
      await page.screenshot({ path: test.info().outputPath(`scheduled-sweep-alerts-${colorScheme}.png`) });
    }
    await page.emulateMedia({ colorScheme: 'light' });

    // Still refused an hour later: not new, so still one alert.
    await advanceClock(page, hour);
    await expect.poll(() => finishedSweeps(page)).toHaveLength(3);
    await expect(notice.getByRole('listitem')).toHaveCount(1);

    // Seen: the notice and the badge go, and stay gone after a reload.
    await notice.getByRole('button', { name: 'Dismiss the health sweep alerts' }).click();
    await expect(notice).toHaveCount(0);
    await expect(nav(page).getByRole('button', { name: 'Inventory', exact: true })).toBeVisible();
    await page.reload();
    await expect(nav(page).getByRole('button', { name: 'Inventory', exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: /Scheduled health sweep/ })).toHaveCount(0);
  } finally {
    await leaveAndStop(page, harness);
  }
});
