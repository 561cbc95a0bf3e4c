// Tenant labels filter every screen that lists tenants: three tenants labelled "emea"/"acme",
// "EMEA" and "amer"; choosing labels narrows the Inventory (rows and tenant strip, kept over a
// reload), the plan's targets, the rotation's matches and the audit log's entries to the tenants
// carrying any chosen label, compared without case.
import type { Page } from '@playwright/test';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { expect, test } from './fixtures';
import { expectAccessible, fakeTenants, resetProfiles } from './setup-helpers';

const fake = fakeTenants();

async function tenantWithKey() {
  const t = await fake({ builtInConfigs: false });
  const credentialId = await createCredential(t, {
    name: 'Groq team',
    creds_type: 'API_KEY',
    api_key: 'sk-labels-shared-key-4f2a',
    base_url: 'https://api.groq.com/openai/v1',
  });
  await createConfig(t, { name: 'Llama', provider: 'openai', llm_credentials_id: credentialId, model_name: 'llama-3.3-70b-versatile' });
  return t;
}

const nav = (page: Page, screen: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: screen }).click();
const labelsIn = (page: Page, where: ReturnType<Page['getByRole']>, name: string) =>
  where.locator('summary', { hasText: new RegExp(`^${name}`) });
const strip = (page: Page) => page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('listitem');
const inventoryRows = (page: Page) => page.getByRole('table', { name: 'Inventory' }).getByRole('row').filter({ hasText: 'Llama' });

test('labels narrow the Inventory, plan targets, rotation matches and audit log to the tenants that carry them', async ({
  page,
  harness,
}) => {
  test.setTimeout(90_000);
  const fakes = [await tenantWithKey(), await tenantWithKey(), await tenantWithKey()];
  await page.goto(harness.url);
  await resetProfiles(page);
  const entries: [string, string[]][] = [
    ['Alpha', ['emea', 'acme']],
    ['Beta', ['EMEA']],
    ['Gamma', ['amer']],
  ];
  for (const [i, [name, labels]] of entries.entries()) {
    await page.evaluate((input) => window.byomDesk.createTenantProfile(input), {
      name,
      baseUrl: fakes[i]!.baseUrl,
      environment: { label: 'staging', color: '#bf8700' },
      labels,
      auth: { method: 'apiToken' as const, apiToken: fakes[i]!.apiAccessToken },
    });
  }
  await page.reload();

  // The Inventory: "emea" keeps Alpha and Beta (whose label is "EMEA"), in the strip and the rows.
  await nav(page, 'Inventory');
  for (const name of ['Alpha', 'Beta', 'Gamma'])
    await expect(
      page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('status', { name: `${name}: Read just now` }),
    ).toBeVisible();
  await expect(inventoryRows(page)).toHaveCount(3);
  const bar = page.getByRole('search', { name: 'Find in the inventory' });
  await labelsIn(page, bar, 'Labels').click();
  await expect(bar.getByRole('group', { name: 'Labels' }).getByRole('checkbox')).toHaveCount(3);
  await bar.getByRole('checkbox', { name: 'emea', exact: true }).check();
  await expect(strip(page)).toHaveCount(2);
  await expect(strip(page).filter({ hasText: 'Gamma' })).toHaveCount(0);
  await expect(inventoryRows(page)).toHaveCount(2);
  await expect(inventoryRows(page).filter({ hasText: 'Gamma' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Refresh 2 chosen' })).toBeVisible();
  await expectAccessible(page, 'inventory label filter, open');
  await page.screenshot({ path: test.info().outputPath('inventory-labels.png') });
  expect(page.url()).toContain('label=emea');

  // A reload keeps the choice, from the address.
  await page.reload();
  await expect(strip(page)).toHaveCount(2);
  await expect(inventoryRows(page)).toHaveCount(2);
  await expect(labelsIn(page, bar, 'Labels')).toHaveText('Labels 1 chosen');

  // Rotation: the key is on all three; "amer" leaves Gamma's match alone, and only it is rotated.
  await page.getByRole('button', { name: 'Rotate Groq team on Alpha' }).first().click();
  await expect(page.getByRole('heading', { name: 'Rotate keys', level: 1 })).toBeVisible();
  const matches = page.getByRole('region', { name: 'Where this key is used' });
  await expect(matches.getByRole('checkbox', { name: /^Rotate Groq team on / })).toHaveCount(3);
  await labelsIn(page, matches, 'Labels').click();
  await matches.getByRole('checkbox', { name: 'amer', exact: true }).check();
  await expect(matches.getByRole('checkbox', { name: /^Rotate Groq team on / })).toHaveCount(1);
  await expect(matches.getByRole('checkbox', { name: 'Rotate Groq team on Gamma' })).toBeChecked();
  await expect(matches.getByRole('status')).toHaveText('1 of 3 matches shown: the others’ tenants carry none of the chosen labels.');
  await expect(page.getByRole('button', { name: 'Rotate on 1 credential' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('rotation-labels.png') });

  // Plan targets: "Choose by label" with "acme" chooses Alpha alone; adding "amer" adds Gamma, never Beta.
  await nav(page, 'Inventory');
  await inventoryRows(page)
    .filter({ hasText: 'Alpha' })
    .getByRole('button', { name: /^Actions for / })
    .click();
  await page.getByRole('menuitem', { name: 'Make a draft from Groq team on Alpha' }).click();
  await expect(page.getByRole('heading', { name: 'Drafts', level: 1 })).toBeVisible();
  const plan = page.getByRole('region', { name: 'Plan and apply' });
  await expect(plan.getByRole('checkbox', { name: /^Target / })).toHaveCount(3);
  await labelsIn(page, plan, 'Choose by label').click();
  await plan.getByRole('checkbox', { name: 'acme', exact: true }).check();
  await expect(plan.getByRole('checkbox', { name: /^Target / })).toHaveCount(1);
  await expect(plan.getByRole('checkbox', { name: 'Target Alpha' })).toBeChecked();
  await expect(plan.getByRole('button', { name: 'Plan for 1 tenant' })).toBeVisible();
  await plan.getByRole('checkbox', { name: 'amer', exact: true }).check();
  await expect(plan.getByRole('checkbox', { name: /^Target / })).toHaveCount(2);
  await expect(plan.getByRole('checkbox', { name: 'Target Gamma' })).toBeChecked();
  await expect(plan.getByRole('checkbox', { name: 'Target Beta' })).toHaveCount(0);
  await expect(plan.getByRole('button', { name: 'Plan for 2 tenants' })).toBeVisible();
  await expect(plan.getByLabel('All 2 tenants with labels “acme” or “amer”')).toBeChecked();
  await labelsIn(page, plan, 'Choose by label').click();
  await plan.screenshot({ path: test.info().outputPath('plan-labels.png') });

  // The audit log: a health sweep of all three writes one entry per tenant; "amer" keeps Gamma's.
  await page.evaluate(async () => {
    const { profiles } = await window.byomDesk.listTenantProfiles();
    await window.byomDesk.startHealthSweep({ tenantIds: profiles.map((p) => p.id) });
  });
  await nav(page, 'Audit log');
  const log = page.getByRole('table', { name: 'Audit log' }).getByRole('rowgroup').getByRole('row').filter({ hasText: 'Health sweep' });
  await expect(log).toHaveCount(3);
  const auditBar = page.getByRole('search', { name: 'Find in the audit log' });
  await labelsIn(page, auditBar, 'Labels').click();
  await auditBar.getByRole('checkbox', { name: 'amer', exact: true }).check();
  await expect(log).toHaveCount(1);
  await expect(log.first()).toContainText('Gamma');
  await auditBar.getByRole('checkbox', { name: 'emea', exact: true }).check();
  await expect(log).toHaveCount(3);
  await auditBar.getByRole('checkbox', { name: 'amer', exact: true }).uncheck();
  await expect(log).toHaveCount(2);
  await expect(log.filter({ hasText: 'Gamma' })).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('audit-labels.png') });
  // Kept in the audit view's address too.
  await page.reload();
  await expect(log).toHaveCount(2);
});
