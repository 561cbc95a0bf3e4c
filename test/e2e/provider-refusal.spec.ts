// A provider's 401 is not our token's 401: a health sweep on a tenant that passes the provider's
// refusal through as a bare 401 (no `valid`, no mark of a refused token) says "Key rejected" on that
// credential, and asks the tenant for no new OAuth token (a new one would invalidate the one every
// other window and job holds).
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addTenantProfile, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const REFUSED_KEY = 'sk-proj-e2e-refused-by-the-provider-0001';

const chip = (page: Page, tenant: string) =>
  page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('status', { name: new RegExp(`^${tenant}: `) });
const rows = (page: Page) => page.getByRole('table', { name: 'Inventory' }).getByRole('rowgroup').getByRole('row');

test('a bare provider 401 on validate is "Key rejected" on that credential, with no token request after the sweep begins', async ({
  page,
  harness,
}) => {
  const tenant = await fake({
    builtInConfigs: false,
    seedCredentials: 2,
    seedConfigs: 2,
    providerRefusal: 'bare-401',
    rejectedSecrets: [REFUSED_KEY],
  });
  const refused = tenant.mutate((s) => {
    s.credentials[0]!.secrets.api_key = REFUSED_KEY;
    return { name: s.credentials[0]!.name, fine: s.credentials[1]!.name };
  });
  // An OAuth profile: a renewal would show as a request to the token endpoint.
  await addTenantProfile(page, harness, tenant, 'Acme');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  await expect(chip(page, 'Acme')).toHaveText(/^Read just now$/);

  tenant.clearRequests();
  await page.getByRole('button', { name: 'Health sweep' }).click();
  await expect(rows(page).filter({ hasText: refused.name }).first()).toContainText('Key rejected');
  await expect(rows(page).filter({ hasText: refused.fine }).first()).not.toContainText(/Key rejected|Error/);
  await page.screenshot({ path: 'test-results/provider-refusal-sweep.png', fullPage: true });

  const log = tenant.requests();
  // The sweep did ask the provider (through the tenant), and the tenant answered the bare 401 ...
  expect(log.filter((r) => r.path.endsWith('/validate')).map((r) => r.status)).toContain(401);
  // ... which was taken as the key's verdict: no token was asked for, and no call was sent twice.
  expect(log.filter((r) => r.path.startsWith('/oauth/'))).toEqual([]);
  const validates = log.filter((r) => r.path.endsWith('/validate')).map((r) => r.path);
  expect(new Set(validates).size).toBe(validates.length);
});
