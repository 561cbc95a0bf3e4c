// The Tenants screen with 30 tenants: search, sortable columns, labels, the "Last test" column and
// the row's "More" menu that leads to Setup and to the Inventory with that tenant chosen.
import type { Page } from '@playwright/test';
import type { FakeTenant } from '../fake-tenant/server';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import { expect, test } from './fixtures';
import { chooseProvider, expectAccessible, fakeTenants, resetProfiles, validate } from './setup-helpers';

const fake = fakeTenants();

const environments = [
  { label: 'production', color: '#cf222e' },
  { label: 'staging', color: '#bf8700' },
  { label: 'sandbox', color: '#1a7f37' },
];
const regions = ['eu', 'us', 'apac'];

/** 30 profiles: "Tenant 01".."Tenant 30", environments and regions in turn, half of them on each fake tenant. */
function profileInputs(a: FakeTenant, b: FakeTenant) {
  return Array.from({ length: 30 }, (_, i) => {
    const tenant = i % 2 === 0 ? a : b;
    return {
      name: `Tenant ${String(i + 1).padStart(2, '0')}`,
      baseUrl: tenant.baseUrl,
      environment: environments[i % 3]!,
      labels: [regions[Math.floor(i / 10)]!, `team-${(i % 4) + 1}`],
      auth: { method: 'apiToken' as const, apiToken: tenant.apiAccessToken },
    };
  });
}

async function seed(page: Page, url: string): Promise<{ profiles: TenantProfileView[]; a: FakeTenant; b: FakeTenant }> {
  const a = await fake();
  const b = await fake();
  await page.goto(url);
  await resetProfiles(page);
  const profiles = await page.evaluate(
    async (inputs) => {
      const made = [];
      for (const input of inputs) made.push(await window.byomDesk.createTenantProfile(input));
      return made;
    },
    profileInputs(a, b),
  );
  await page.reload();
  await expect(tenantRows(page)).toHaveCount(30);
  return { profiles, a, b };
}

const tenantRows = (page: Page) => page.getByRole('table', { name: 'Tenants' }).locator('tbody tr[data-tenant]');
const shownNames = (page: Page) => tenantRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-tenant')));
const row = (page: Page, name: string) => page.locator(`tr[data-tenant="${name}"]`);
const names = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `Tenant ${String(from + i).padStart(2, '0')}`);

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('search narrows 30 tenants by name, address, environment and label, says how many, and can be cleared', async ({ page, harness }) => {
  const { b } = await seed(page, harness.url);
  const search = page.getByLabel('Search tenants');
  const count = page.locator('.list-count');

  await search.fill('apac');
  await expect(count).toHaveText('10 of 30 tenants');
  expect(await shownNames(page)).toEqual(names(21, 30));

  // Every word must match, in any of the fields, without case.
  await search.fill('STAGING apac');
  await expect(count).toHaveText('3 of 30 tenants');
  expect(await shownNames(page)).toEqual(['Tenant 23', 'Tenant 26', 'Tenant 29']);

  await search.fill(new URL(b.baseUrl).host);
  await expect(count).toHaveText('15 of 30 tenants');

  await search.fill('team-3 EU');
  await expect(count).toHaveText('2 of 30 tenants');
  expect(await shownNames(page)).toEqual(['Tenant 03', 'Tenant 07']);
  await expect(row(page, 'Tenant 07').locator('.tenant-labels .pill')).toHaveText(['eu', 'team-3']);

  await search.fill('no such tenant');
  await expect(page.getByText('No tenant matches “no such tenant”.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tenants' })).toHaveCount(0);
  await expectAccessible(page, 'tenants search without a match');
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(search).toHaveValue('');
  await expect(search).toBeFocused();
  await expect(tenantRows(page)).toHaveCount(30);
  await expect(count).toHaveText('');
});

test('column headers sort both ways, say so with aria-sort, and every row stays one line of actions at 1280 px', async ({
  page,
  harness,
}) => {
  await seed(page, harness.url);
  const tenantHeader = page.getByRole('columnheader', { name: 'Tenant', exact: true });
  await expect(tenantHeader).not.toHaveAttribute('aria-sort');
  const saved = await shownNames(page);
  expect(saved).toEqual(names(1, 30));

  await tenantHeader.getByRole('button', { name: 'Tenant', exact: true }).click();
  await expect(tenantHeader).toHaveAttribute('aria-sort', 'ascending');
  expect(await shownNames(page)).toEqual(names(1, 30));
  await tenantHeader.getByRole('button', { name: 'Tenant', exact: true }).click();
  await expect(tenantHeader).toHaveAttribute('aria-sort', 'descending');
  expect(await shownNames(page)).toEqual(names(1, 30).reverse());

  // Another column takes the sort over; the Tenant header lets go of it.
  const authHeader = page.getByRole('columnheader', { name: 'Authentication', exact: true });
  await authHeader.getByRole('button').click();
  await expect(authHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(tenantHeader).not.toHaveAttribute('aria-sort');

  await page.screenshot({ path: 'test-results/tenants-scale.png', fullPage: true });
  await expectAccessible(page, 'scaled tenants list');

  // The row's buttons sit on one line; the labels go under the name.
  for (const line of [tenantRows(page).first(), tenantRows(page).last()]) {
    const tops = await line
      .locator('td.row-actions > button, td.row-actions .more-menu > button')
      .evaluateAll((buttons) => buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
    expect(tops).toHaveLength(4);
    expect(new Set(tops).size, `action buttons on one line: ${tops.join(', ')}`).toBe(1);
  }
  const labels = tenantRows(page).first().locator('.tenant-labels .pill');
  await expect(labels).toHaveText(['eu', 'team-1']);
});

test('"Last test" says Never, Testing… and Connected with the time, and sorts failures first', async ({ page, harness }) => {
  const { a } = await seed(page, harness.url);
  const lastTest = (n: string) => row(page, `Tenant ${n}`).locator('td').nth(4);
  await expect(lastTest('01')).toHaveText('Never');

  a.addFault({ kind: 'hang', path: '/ai/api/v1/config/llm', method: 'GET', times: 1 });
  const configReads = () => a.requests().filter((r) => r.method === 'GET' && r.path.startsWith('/ai/api/v1/config/llm')).length;
  const readsBefore = configReads();
  await page.getByRole('button', { name: 'Test connection to Tenant 01' }).click();
  await expect(lastTest('01')).toHaveText('Testing…');
  // Cancelled once the tenant holds the hanging request: a cancel before it would leave the hang for the next test.
  await expect.poll(configReads).toBe(readsBefore + 1);
  await page.getByRole('button', { name: 'Cancel the connection test of Tenant 01' }).click();
  await expect(lastTest('01')).toHaveText('Cancelled');

  await page.getByRole('button', { name: 'Test connection to Tenant 01' }).click();
  await expect(page.getByRole('status', { name: 'Connection test result for Tenant 01', exact: true })).toContainText('Connected');
  await expect(lastTest('01')).toHaveText('Connected · just now');
  await expect(lastTest('01').locator('time')).toHaveAttribute('datetime', /^\d{4}-\d\d-\d\dT/);

  a.addFault({ kind: '500', path: '/ai/api/v1/config/llm', method: 'GET' });
  await page.getByRole('button', { name: 'Test connection to Tenant 03' }).click();
  await expect(page.getByRole('status', { name: 'Connection test result for Tenant 03', exact: true })).toContainText(
    'The connection test failed.',
  );
  await expect(lastTest('03')).toHaveText('Failed · just now');
  a.clearFaults();

  await page.getByRole('columnheader', { name: 'Last test' }).getByRole('button').click();
  const order = await shownNames(page);
  expect(order[0]).toBe('Tenant 03');
  expect(order.at(-1)).toBe('Tenant 01');
  await expectAccessible(page, 'tenants with test results');
});

test('the More menu works from the keyboard: "Set up a provider" opens Setup on that tenant, "Show inventory" the Inventory of it', async ({
  page,
  harness,
}) => {
  const { profiles } = await seed(page, harness.url);
  const seven = profiles.find((p) => p.name === 'Tenant 07')!;
  const twelve = profiles.find((p) => p.name === 'Tenant 12')!;

  const more = page.getByRole('button', { name: 'More actions for Tenant 07' });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await more.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'More actions for Tenant 07' });
  await expect(menu).toBeVisible();
  await expect(more).toHaveAttribute('aria-expanded', 'true');
  await expect(menu.getByRole('menuitem', { name: 'Set up a provider on Tenant 07' })).toBeFocused();
  await expectAccessible(page, 'tenants with a row menu open');
  await page.screenshot({ path: 'test-results/tenants-scale-menu.png' });
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Show inventory of Tenant 07' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: /^Tenant settings of Tenant 07: / })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Set up a provider on Tenant 07' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toHaveCount(0);
  await expect(more).toBeFocused();

  // A click elsewhere closes it too.
  await more.click();
  await expect(menu).toBeVisible();
  await page.getByRole('heading', { name: 'Tenants' }).click();
  await expect(menu).toHaveCount(0);

  await more.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Setup', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Tenant', { exact: true })).toHaveValue(seven.id);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Tenants' }).click();
  const moreTwelve = page.getByRole('button', { name: 'More actions for Tenant 12' });
  await moreTwelve.focus();
  // ArrowUp opens the menu at its last item.
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('menuitem', { name: /^Tenant settings of Tenant 12: / })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(page.getByRole('menuitem', { name: 'Show inventory of Tenant 12' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible();
  expect(new URL(page.url()).hash).toContain(`tenants=${twelve.id}`);
});

test('"Set up a provider" never switches away from a setup run already under way', async ({ page, harness }) => {
  const { profiles } = await seed(page, harness.url);
  const first = profiles.find((p) => p.name === 'Tenant 01')!;
  await page.getByRole('button', { name: 'More actions for Tenant 01' }).click();
  await page.getByRole('menuitem', { name: 'Set up a provider on Tenant 01' }).click();
  await expect(page.getByLabel('Tenant', { exact: true })).toHaveValue(first.id);
  await chooseProvider(page, 'OpenAI', { Name: 'Scale OpenAI', 'API Key': 'sk-proj-e2e-scale' });
  await validate(page);
  await expect(page.getByText(/is valid: the provider lists \d+ models/)).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Tenants' }).click();
  await page.getByRole('button', { name: 'More actions for Tenant 02' }).click();
  await page.getByRole('menuitem', { name: 'Set up a provider on Tenant 02' }).click();
  await expect(page.getByRole('heading', { name: 'Setup', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Tenant', { exact: true })).toHaveValue(first.id);
  await expect(page.getByLabel('Tenant', { exact: true })).toBeDisabled();
});
