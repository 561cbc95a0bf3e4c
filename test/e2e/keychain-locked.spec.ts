// A locked keychain does not hide the tenants: the list comes from BYOM Desk's own file, each
// tenant says why its secret cannot be read, screens that need no secret keep working, and after an
// unlock "Check again" is enough: no restart.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { lockedHome, startLockedHarness, type LockedHarness } from '../support/locked-keychain';
import { expect, test } from './fixtures';

let tenant: FakeTenant;
let harness: LockedHarness | undefined;
test.afterEach(async () => {
  await harness?.stop();
  await tenant?.stop();
});

test('with the keychain locked the tenants are all listed, each saying why; after an unlock, Check again is enough', async ({ page }) => {
  tenant = await startFakeTenant();
  const service = `BYOM Desk locked e2e ${randomUUID()}`;
  const ids = [randomUUID(), randomUUID()];
  const dataDir = mkdtempSync(join(tmpdir(), 'byom-locked-data-'));
  const profile = (id: string, name: string) => ({
    id,
    name,
    baseUrl: tenant.baseUrl,
    environment: { label: 'production', color: '#cf222e' },
    labels: [],
    auth: { method: 'oauth', clientId: tenant.clientId },
    caPem: null,
    createdAt: '2026-11-30T09:00:00.000Z',
    updatedAt: '2026-11-30T09:00:00.000Z',
  });
  writeFileSync(
    join(dataDir, 'tenant-profiles.json'),
    JSON.stringify({ schemaVersion: 2, data: { profiles: [profile(ids[0]!, 'Acme'), profile(ids[1]!, 'Beta')] } }),
  );
  const home = await lockedHome(service, Object.fromEntries(ids.map((id) => [`profile/${id}/clientSecret`, tenant.clientSecret])));
  harness = await startLockedHarness(home, dataDir, service);

  await page.goto(harness.url);
  const rows = page.getByRole('table', { name: 'Tenants' });
  for (const name of ['Acme', 'Beta']) {
    await expect(rows.getByRole('row', { name: new RegExp(name) })).toContainText('Cannot read now: keychain locked');
  }
  const notice = page.getByRole('status').filter({ hasText: 'is locked' }).first();
  await expect(notice).toContainText('Your tenants are listed');
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Keychain unavailable');
  await page.screenshot({ path: 'test-results/keychain-locked.png', fullPage: true });

  // A screen that needs no secret still works: Setup lists the tenants.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Setup' }).click();
  await expect(page.getByLabel('Tenant', { exact: true }).locator('option')).toHaveText([
    'Choose a tenant…',
    'Acme (production)',
    'Beta (production)',
  ]);
  const listed = page.waitForResponse((r) => r.url().endsWith('/__bridge/listTenantProfiles'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Tenants' }).click();
  // Unlock once the page is idle: the unlock replaces the keyring daemon, and a call it is answering
  // then would wait for its deadline (a person unlocking in Passwords and Keys does not do that).
  await listed;

  await harness.unlock();
  // One "Check again", and no restart: the secrets are read, and no keychain call was left waiting
  // for its deadline ("did not answer") on the way.
  await page.getByRole('button', { name: 'Check again' }).first().click();
  for (const name of ['Acme', 'Beta']) await expect(rows.getByRole('row', { name: new RegExp(name) })).toContainText('In keychain');
  await expect(page.getByRole('contentinfo', { name: 'Status' })).toContainText('Keychain: Secret Service ready');
  await expect(page.getByText(/did not answer within/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Test connection to Acme' }).click();
  await expect(page.getByRole('status', { name: 'Connection test result for Acme', exact: true })).toContainText('Connected');
});
