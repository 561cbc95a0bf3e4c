// Expiry reminders as an admin meets them: a Bedrock STS key (an ASIA access key with a session
// token) given an expiry 59 minutes away in the inventory; on the next start the banner names it with
// the rotation one click away, the inventory marks it and its "Expiring" filter finds it, and a
// refresh of the tenant keeps it (the app holds it, not the tenant).
import type { Page } from '@playwright/test';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { expect, test } from './fixtures';
import { addProfiles, expectAccessible, fakeTenants } from './setup-helpers';

const fake = fakeTenants();

const table = (page: Page) => page.getByRole('table', { name: 'Inventory' });
const shownRows = (page: Page) => table(page).getByRole('rowgroup').getByRole('row');
const banner = (page: Page) => page.getByRole('region', { name: 'Expiry reminders' });
const chip = (page: Page, tenant: string) =>
  page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('status', { name: new RegExp(`^${tenant}: `) });
/**
 * The page's clock is the test's, fixed on a whole minute: a key entered to expire 59 minutes later
 * says "59 min" however long the steps in between take. (Main keeps its own clock: the key is due
 * within the lead time all the same.)
 */
const fiftyNineMin = 'expires in 59 min';
const badgeFiftyNineMin = 'in 59 min';

test('an STS credential entered with an expiry 59 minutes away shows its reminder at start and in the inventory', async ({
  page,
  harness,
}) => {
  const tenant = await fake({ builtInConfigs: false });
  // A wide screen: the Expires column shows by default there (a laptop's width leaves it to the details panel).
  await page.setViewportSize({ width: 1920, height: 1080 });
  const sts = await createCredential(tenant, {
    name: 'Bedrock STS',
    creds_type: 'AWS',
    aws_access_key_id: 'ASIAEXPIRYE2E0KEY42',
    aws_secret_access_key: 'stsSecretAccessKeyE2E',
    aws_region: 'us-west-2',
    aws_session_token: 'IQoJb3JpZ2luX2VjEXPIRYsessionE2E',
  });
  await createConfig(tenant, {
    name: 'Claude on Bedrock',
    provider: 'bedrock_us-west-2',
    llm_credentials_id: sts,
    model_name: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
  });
  await createCredential(tenant, { name: 'Long-lived OpenAI', creds_type: 'API_KEY', api_key: 'sk-proj-longlivedE2Ekey' });
  const now = new Date();
  now.setSeconds(0, 0);
  await page.clock.setFixedTime(now);
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', tenant]]);
  await expect(banner(page)).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  await expect(chip(page, 'Acme')).toHaveText(/^Read just now$/);
  await expect(shownRows(page)).toHaveCount(2);

  // The user enters when the session token runs out: 59 minutes from now, in this computer's time.
  // Set expiry is in the row's menu of actions.
  const inventoryRow = page.getByRole('table', { name: 'Inventory' }).getByRole('row').filter({ hasText: 'Bedrock STS' }).first();
  await inventoryRow.getByRole('button', { name: /^Actions for / }).click();
  await page.getByRole('menuitem', { name: 'Set expiry of Bedrock STS on Acme', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Expiry of “Bedrock STS”' });
  const local = await page.evaluate(() => {
    const d = new Date(Date.now() + 59 * 60_000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  });
  await dialog.getByLabel('Expires').fill(local);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toHaveCount(0);

  // The next start reminds of it, above the screen, with the time left and the tenant.
  await page.reload();
  await expect(banner(page)).toContainText('1 key expires within 24 h');
  const reminder = banner(page).getByRole('listitem');
  await expect(reminder).toHaveCount(1);
  await expect(reminder).toContainText('Acme');
  await expect(reminder).toContainText('Bedrock STS');
  await expect(reminder).toContainText(fiftyNineMin);
  await expectAccessible(page, 'expiry banner');

  // The inventory marks the key's rows, and "Expiring" narrows the table to them.
  await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible();
  const stsRow = shownRows(page).filter({ hasText: 'Bedrock STS' });
  await expect(stsRow.locator('.expiry-badge')).toHaveText(badgeFiftyNineMin);
  await expect(stsRow.locator('.expiry-badge')).toHaveClass(/warn/);
  await page.screenshot({ path: 'test-results/expiry-reminder.png', fullPage: true });
  await expect(shownRows(page).filter({ hasText: 'Long-lived OpenAI' }).locator('.expiry-badge')).toHaveCount(0);
  await page.getByLabel('Expiring', { exact: true }).check();
  await expect(shownRows(page)).toHaveCount(1);
  await expect(shownRows(page).first()).toContainText('Claude on Bedrock');
  await expect(page.locator('.filters-count')).toHaveText('1 of 2 rows');

  // A refresh reads the tenant again; the expiry is the app's, so it stays.
  const listings = () => tenant.requests().filter((r) => r.method === 'GET' && r.path === '/ai/api/v1/llm_credentials').length;
  const before = listings();
  await page.getByRole('button', { name: /^Refresh all/ }).click();
  await expect.poll(listings).toBeGreaterThan(before);
  await expect(chip(page, 'Acme')).toHaveText(/^Read just now$/);
  await expect(shownRows(page)).toHaveCount(1);
  await expect(shownRows(page).first().locator('.expiry-badge')).toHaveText(badgeFiftyNineMin);

  // The lead time is the user's: an hour still covers this key, and it is kept for the next start.
  const lead = page.getByLabel('Hours before a key expires to remind');
  await expect(lead).toHaveValue('24');
  await lead.fill('1');
  await lead.press('Enter');
  await expect(banner(page)).toContainText('1 key expires within 1 h');
  await page.reload();
  await expect(page.getByLabel('Hours before a key expires to remind')).toHaveValue('1');
  await expect(banner(page).getByRole('listitem')).toContainText(fiftyNineMin);

  // The reminder's button opens the rotation for that key.
  await banner(page).getByRole('button', { name: 'Rotate Bedrock STS on Acme' }).click();
  await expect(page.getByRole('heading', { name: 'Rotate keys', level: 1 })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Rotate Bedrock STS on Acme' })).toBeChecked();
  // The new key's expiry starts blank (the old date would remind again at once), the old one beside it.
  const newExpiry = page.getByLabel('New key expires');
  await expect(newExpiry).toHaveValue('');
  await expect(page.getByText(/The key now in place expires /)).toBeVisible();
});
