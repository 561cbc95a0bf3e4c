// The tenant list as a file, end to end: "Export list…" downloads every tenant's settings and none
// of their secrets; "Import list…" previews what the file adds and updates (matched by address),
// imports once confirmed, then asks for each imported tenant's secret or sign-in (or leaves it for
// later, on its row); a file that names an address twice is refused, naming it.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectAccessible, resetProfiles } from './setup-helpers';

const apiSecret = `e2eTenantListSecret${Date.now()}`;

/** A tenant's row, by its name exactly ("Beta" is not "Beta old"). */
const rowOf = (page: Page, name: string) => page.getByRole('table', { name: 'Tenants' }).locator(`tr[data-tenant="${name}"]`);

async function twoTenants(page: Page) {
  await page.evaluate(async (secret) => {
    await window.byomDesk.createTenantProfile({
      name: 'Acme',
      baseUrl: 'https://acme.example.com/app/studio/models',
      environment: { label: 'production', color: '#cf222e' },
      labels: ['eu'],
      auth: { method: 'apiToken', apiToken: secret },
    });
    await window.byomDesk.createTenantProfile({
      name: 'Beta',
      baseUrl: 'https://beta.example.com',
      environment: { label: 'staging', color: '#bf8700' },
      auth: { method: 'browser', clientId: 'beta-app', redirectPort: 47613, confidential: false },
    });
  }, apiSecret);
  await page.reload();
}

test('exports the list without secrets, then imports it after a preview that names each add and update', async ({ page, harness }) => {
  await page.goto(harness.url);
  await resetProfiles(page);
  await twoTenants(page);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export list…' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^byom-tenants-\d{12}\.json$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text).not.toContain(apiSecret);
  expect(JSON.parse(text)).toMatchObject({
    kind: 'byom-desk-tenant-list',
    version: 1,
    tenants: [
      { name: 'Acme', baseUrl: 'https://acme.example.com', labels: ['eu'], auth: { method: 'apiToken' } },
      { name: 'Beta', baseUrl: 'https://beta.example.com', auth: { method: 'browser', clientId: 'beta-app' } },
    ],
  });
  await expect(page.getByRole('status').filter({ hasText: 'Exported 2 tenants to a file, without their secrets.' })).toBeVisible();

  // Acme goes, and Beta is renamed: the file adds the one back and updates the other.
  await page.evaluate(async () => {
    const { profiles } = await window.byomDesk.listTenantProfiles();
    const acme = profiles.find((p) => p.name === 'Acme')!;
    const beta = profiles.find((p) => p.name === 'Beta')!;
    await window.byomDesk.deleteTenantProfile({ id: acme.id });
    await window.byomDesk.updateTenantProfile({
      id: beta.id,
      profile: {
        name: 'Beta old',
        baseUrl: beta.baseUrl,
        environment: beta.environment,
        auth: { method: 'browser', clientId: 'beta-app', redirectPort: 47613, confidential: false },
      },
    });
  });
  await page.reload();
  await expect(rowOf(page, 'Beta old')).toBeVisible();

  await page
    .getByLabel('Tenant list file to import')
    .setInputFiles({ name: 'tenants.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  const dialog = page.getByRole('alertdialog', { name: 'Import 2 tenants?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('tenants.json: 1 to add, 1 to update. Tenants are matched by address.');
  /** A tenant of the file in the preview, by its address. */
  const entry = (address: string) => dialog.getByRole('listitem').filter({ hasText: address });
  const added = entry('https://acme.example.com');
  await expect(added.locator('.pill')).toHaveText('Add');
  await expect(added).toContainText('Acme');
  await expect(added).toContainText('Then needs its API access token.');
  const updated = entry('https://beta.example.com');
  await expect(updated.locator('.pill')).toHaveText('Update');
  await expect(updated).toContainText('Name: Beta old → Beta');
  await expect(updated).toContainText('Then needs a sign-in.');
  await expectAccessible(page, 'tenant list import preview');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'tenant list import preview (dark)');
  await page.screenshot({ path: test.info().outputPath('tenant-list-preview-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: test.info().outputPath('tenant-list-preview.png') });

  await dialog.getByRole('button', { name: 'Import 2 tenants' }).click();
  // No secret came with the file: the dialog asks for each, and what is not given waits on its row.
  const secrets = page.getByRole('alertdialog', { name: 'Secrets for 2 imported tenants' });
  await expect(secrets).toContainText('Imported tenants.json: 1 added, 1 updated, 0 unchanged.');
  const need = (name: string) => secrets.locator(`li[data-tenant="${name}"]`);
  await expect(need('Acme')).toContainText('needs its API access token');
  await expect(need('Beta')).toContainText('needs a sign-in');
  await expect(need('Beta').getByRole('button', { name: 'Sign in to Beta' })).toBeVisible();
  await expectAccessible(page, 'imported tenants asking for their secrets');
  await page.screenshot({ path: test.info().outputPath('tenant-list-secrets.png') });
  const token = need('Acme').getByLabel('Acme: API access token');
  // A refused secret says why next to its field, and leaves the page.
  await token.fill('has a space');
  await need('Acme').getByRole('button', { name: 'Save' }).click();
  await expect(need('Acme')).toContainText('cannot contain spaces or line breaks');
  await expect(token).toHaveValue('');
  await token.fill(apiSecret);
  await token.press('Enter');
  await expect(need('Acme')).toContainText('The API access token is in the keychain.');
  await expect(need('Acme')).toContainText('Ready');
  expect(await page.locator('body').innerHTML()).not.toContain(apiSecret);
  // Beta's sign-in is left for later.
  await secrets.getByRole('button', { name: 'Done (the rest later)' }).click();
  await expect(secrets).toBeHidden();
  await expect(
    page.getByRole('status').filter({
      hasText: 'Imported tenants.json: 1 added, 1 updated, 0 unchanged. 1 tenant still needs a secret or a sign-in: see its row.',
    }),
  ).toBeVisible();
  await expect(rowOf(page, 'Acme')).toContainText('In keychain');
  await expect(rowOf(page, 'Acme')).toContainText('eu');
  await expect(rowOf(page, 'Beta')).toContainText('Not signed in');
  await expect(rowOf(page, 'Beta').getByRole('button', { name: 'Sign in to Beta' })).toBeVisible();
  await expect(rowOf(page, 'Beta old')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('tenant-list-imported.png'), fullPage: true });
  // The token saved in the dialog is the one in the keychain: the tenant's connection uses it.
  const stored = await page.evaluate(
    async () => (await window.byomDesk.listTenantProfiles()).profiles.find((p) => p.name === 'Acme')!.secret,
  );
  expect(stored).toEqual({ state: 'stored' });
});

test('refuses a file that names one address twice, naming the address, and imports nothing', async ({ page, harness }) => {
  await page.goto(harness.url);
  await resetProfiles(page);
  const tenant = { environment: { label: 'staging', color: '#bf8700' }, labels: [], auth: { method: 'apiToken' }, caPem: null };
  const file = {
    kind: 'byom-desk-tenant-list',
    version: 1,
    exportedAt: new Date().toISOString(),
    tenants: [
      { ...tenant, name: 'One', baseUrl: 'https://same.example.com' },
      { ...tenant, name: 'Two', baseUrl: 'same.example.com/app/studio' },
    ],
  };
  await page
    .getByLabel('Tenant list file to import')
    .setInputFiles({ name: 'twice.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(page.getByRole('alert')).toContainText(
    'The file holds https://same.example.com twice (“One” and “Two”): each tenant once, as an address has one tenant.',
  );
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Tenants' })).toHaveCount(0);
  expect(await page.evaluate(async () => (await window.byomDesk.listTenantProfiles()).profiles.length)).toBe(0);
});
