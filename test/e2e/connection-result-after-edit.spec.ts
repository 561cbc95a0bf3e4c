// README, Tenant profiles: connection test results are kept on disk and shown after a restart, but
// "a result from before the profile's last edit is not shown as the current connection's": after a
// new address, the row says Never until the new connection is tested, reload or not.
import { expect, test } from './fixtures';
import { addProfiles, fakeTenants } from './setup-helpers';

const fake = fakeTenants();

test('a connection result from before the profile was edited is not shown as the current one, even after a reload', async ({
  page,
  harness,
}) => {
  const before = await fake();
  const after = await fake();
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', before]]);
  // The tenant's own row (its report, when shown, is a row of its own below it).
  const row = page
    .getByRole('table', { name: 'Tenants' })
    .getByRole('row')
    .filter({ has: page.getByRole('button', { name: 'Edit Acme' }) });
  const report = page.getByRole('status', { name: 'Connection test result for Acme', exact: true });

  await page.getByRole('button', { name: 'Test connection to Acme' }).click();
  await expect(report).toContainText('Connected');
  await expect(row).toContainText('Connected');

  // The tenant moves: a new address (the token is the same kind, for the other tenant).
  await page.getByRole('button', { name: 'Edit Acme' }).click();
  const form = page.getByRole('form', { name: 'Edit Acme' });
  await form.getByLabel('Tenant address', { exact: true }).fill(after.baseUrl);
  await form.getByLabel('API access token', { exact: true }).and(form.locator('input:not([type=radio])')).fill(after.apiAccessToken);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(row).toContainText(after.baseUrl);
  await expect(row).toContainText('Never');
  await expect(report).toHaveCount(0);

  // After a reload the old result is still on disk, and still not shown as this connection's.
  await page.reload();
  await expect(row).toContainText('Never');
  await expect(report).toHaveCount(0);
  const kept = await page.evaluate(async () => {
    const [profile] = (await window.byomDesk.listTenantProfiles()).profiles;
    const tests = await window.byomDesk.listConnectionTests();
    return { updatedAt: profile!.updatedAt, testedAt: tests[profile!.id]?.testedAt };
  });
  expect(kept.testedAt! < kept.updatedAt).toBe(true);

  // Tested again: the new connection's result, from the new tenant.
  after.clearRequests();
  await page.getByRole('button', { name: 'Test connection to Acme' }).click();
  await expect(report).toContainText('Connected');
  await expect(row).toContainText('Connected');
  expect(after.requests().some((r) => r.path === '/ai/api/v1/config/llm' && r.status === 200)).toBe(true);
});
