// Accessibility, checked like security: axe-core with every WCAG 2.0/2.1 A and AA rule (label in
// name included) on every screen, dialog and step, each with fake tenants' data in it, in the light
// and the dark theme. Here: the welcome and empty screens, Tenants, Setup and the Inventory; drafts,
// apply, rotation, the audit log and the offer of an unfinished operation are in
// accessibility-jobs.spec.ts, the keyboard walks in accessibility-keyboard.spec.ts.
import type { FakeTenant } from '../fake-tenant/server';
import { axeSweep, go, inventoryChip as chip } from './accessibility-helpers';
import { expect, test } from './fixtures';
import { addProfiles, addTenantProfile, chooseProvider, fakeTenants, openSetup, pickModels, validate } from './setup-helpers';

const fake = fakeTenants();

test('the welcome and every screen with nothing in it yet', async ({ page, freshHarness }) => {
  const axe = axeSweep(page);
  await page.goto(freshHarness.url);
  await expect(page.getByRole('heading', { name: 'No tenants yet' })).toBeVisible();
  await axe.at('welcome: no tenants yet');
  await page.getByRole('button', { name: 'Add tenant' }).click();
  await page.getByRole('form', { name: 'Add a tenant' }).getByRole('button', { name: 'Add and sign in' }).click();
  await expect(page.getByRole('form', { name: 'Add a tenant' }).locator('[aria-invalid="true"]').first()).toBeVisible();
  await axe.at('tenant form with its errors');
  await go(page, 'Setup');
  await expect(page.getByRole('heading', { name: 'Add a tenant first' })).toBeVisible();
  await axe.at('Setup with no tenant');
  for (const screen of ['Inventory', 'Drafts', 'Rotate keys', 'Audit log', 'Settings']) {
    await go(page, screen);
    await axe.at(`${screen} with nothing in it`);
  }
  await axe.done();
});

test('Tenants: the list with test results, every authentication form, the More menu and the remove dialog', async ({ page, harness }) => {
  const axe = axeSweep(page);
  const acme = await fake({ seedCredentials: 1, seedConfigs: 1 });
  const down = await fake();
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Acme', acme, 'production'],
    ['Down', { ...down, apiAccessToken: 'not-the-token' } as FakeTenant],
  ]);
  await page.getByRole('button', { name: 'Test all 2' }).click();
  await expect(page.getByRole('status', { name: 'Connection test result for Acme', exact: true })).toContainText('Connected');
  await expect(page.getByRole('status', { name: 'Connection test result for Down', exact: true })).toContainText(
    'The connection test failed',
  );
  await axe.at('tenants with test results');
  await page.getByRole('searchbox', { name: 'Search tenants' }).fill('nothing like it');
  await axe.at('tenants search with no match');
  await page.getByRole('button', { name: 'Clear search' }).click();

  await page.getByRole('button', { name: 'Add tenant' }).first().click();
  const form = page.getByRole('form', { name: 'Add a tenant' });
  for (const method of [
    'Sign in with the browser',
    'OAuth client credentials',
    'Bearer token (pasted)',
    'API access token (legacy)',
    'Refresh token and user ID (legacy)',
  ]) {
    await form.getByRole('radio', { name: method }).check();
    await axe.at(`tenant form: ${method}`);
  }
  await form.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: 'Edit Acme' }).click();
  await axe.at('tenant form: editing a tenant');
  await page.getByRole('form', { name: 'Edit Acme' }).getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'More actions for Acme' }).click();
  await expect(page.getByRole('menu', { name: 'More actions for Acme' })).toBeVisible();
  await axe.at('a row’s More menu');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Remove Acme' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Remove Acme?' })).toBeVisible();
  await axe.at('remove tenant dialog');
  await page.keyboard.press('Escape');
  await axe.done();
});

test('Setup: every step, its failures and its cancel dialog, with a tenant holding configs already', async ({ page, harness }) => {
  test.setTimeout(90_000);
  const axe = axeSweep(page);
  const tenant = await fake({ seedCredentials: 2, seedConfigs: 4 });
  await addTenantProfile(page, harness, tenant);
  await openSetup(page, 'Acme');
  await axe.at('Setup: provider step, empty');
  await page.getByLabel('Provider', { exact: true }).selectOption({ label: 'Azure OpenAI (Service Principal)' });
  await page.getByRole('button', { name: 'Validate & Continue' }).click();
  await expect(page.getByText('Name is required', { exact: true })).toBeVisible();
  await axe.at('Setup: provider step with field errors');
  await chooseProvider(page, 'Custom (OpenAI-Compatible)', { Name: 'vLLM', 'API Key': 'e2e-vllm-key' });
  await page.getByLabel('Base URL preset').selectOption({ label: 'Self-hosted (vLLM/Ollama): http://llm-service:8000/v1' });
  await expect(page.getByText(/plain http/)).toBeVisible();
  await axe.at('Setup: provider step with warnings');
  await validate(page);
  const entry = page.getByRole('form', { name: 'Add a model by ID' });
  await entry.getByLabel('Model ID').fill('no-such-model');
  await entry.getByRole('button', { name: 'Check and add' }).click();
  await expect(page.locator('[data-model="no-such-model"]')).toContainText('Model not found');
  await entry.getByLabel('Model ID').fill('nomic-embed-text');
  await entry.getByRole('checkbox', { name: 'Embedding model' }).check();
  await entry.getByRole('button', { name: 'Check and add' }).click();
  await expect(page.getByLabel('Dimensions for nomic-embed-text')).toHaveValue('768');
  await axe.at('Setup: manual model entry');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page
    .getByRole('alertdialog', { name: 'Cancel this setup?' })
    .getByRole('button', { name: /^Delete (it|them)$/ })
    .click();
  await expect(page.getByRole('status', { name: 'Setup cancelled' })).toContainText('Deleted');
  await axe.at('Setup: cancelled, with its report');

  await chooseProvider(page, 'OpenAI', { Name: 'Team OpenAI', 'API Key': 'sk-proj-invalid-e2e' });
  await validate(page);
  await expect(page.getByRole('alert', { name: 'Validation failed' })).toBeVisible();
  await axe.at('Setup: validation failed, with the guide’s advice');
  await page.getByLabel('API Key', { exact: true }).fill('sk-proj-a11y');
  await validate(page);
  await pickModels(page, ['o3-mini', 'gpt-4o', 'text-embedding-3-small']);
  await axe.at('Setup: model picker with models chosen');
  await page.getByRole('button', { name: 'Continue with 3 models' }).click();
  const existing = tenant.state().configs.find((c) => !c.is_builtin)!.name;
  await page.getByLabel('Display name for gpt-4o').fill(existing);
  await expect(page.getByText(`A config named “${existing}” already exists on this tenant.`)).toBeVisible();
  const o3 = page.locator('tr[data-model="o3-mini"]');
  await o3.locator('summary').click();
  await o3.getByLabel('Reasoning effort').selectOption('high');
  await axe.at('Setup: display names, a duplicate flagged, extra config open');
  await page.getByLabel('Display name for gpt-4o').fill('GPT-4o for a11y');
  tenant.addFault({ kind: '500', path: '/ai/api/v1/config/llm', method: 'POST', times: 1 });
  await page.getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByText('2 of 3 LLM configs created; 1 failed.')).toBeVisible();
  await axe.at('Setup: complete, one config failed');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Cancel this setup?' })).toBeVisible();
  await axe.at('Setup: cancel dialog listing what the run made');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Retry 1 failed' }).click();
  await expect(page.getByText('All 3 LLM configs created. Agents can use them now.')).toBeVisible();
  await axe.at('Setup: complete, all created');
  await axe.done();
});

test('Inventory: rows of three tenants, the agents popover, expiry, drift, tenant settings and the delete dialogs', async ({
  page,
  harness,
}) => {
  test.setTimeout(90_000);
  const axe = axeSweep(page);
  const acme = await fake({ seedCredentials: 3, seedConfigs: 8, seedAgents: 4, seedPreference: true });
  const beta = await fake({ seedCredentials: 2, seedConfigs: 4, seedAgents: 2 });
  const broken = await fake({
    seedCredentials: 1,
    seedConfigs: 1,
    faults: [{ kind: '500', path: '/ai/api/v1/config/llm', method: 'GET' }],
  });
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Acme', acme, 'production'],
    ['Beta', beta],
    ['Broken', broken, 'sandbox'],
  ]);
  await go(page, 'Inventory');
  await expect(chip(page, 'Beta')).toHaveText(/^Read just now$/);
  await expect(chip(page, 'Broken')).toContainText('Failed');
  await axe.at('Inventory: rows, a tenant that failed');
  broken.clearFaults();
  await page.getByRole('button', { name: 'Retry reading Broken' }).click();
  await expect(chip(page, 'Broken')).toHaveText(/^Read just now$/);

  const agents = page.getByRole('button', { name: /^\d+ agents? use .* on Acme: show their names$/ }).first();
  await agents.click();
  await expect(page.getByRole('group', { name: /^Agents that use .* on Acme$/ })).toBeVisible();
  await axe.at('Inventory: the agents popover');
  await page.keyboard.press('Escape');

  const [credential] = acme.state().credentials;
  const itsConfig = acme.state().configs.find((c) => c.llm_credentials_id === credential!.id)!.name;
  await page.getByRole('button', { name: `Actions for config ${itsConfig} on Acme` }).click();
  await expect(page.getByRole('menu', { name: `Actions for config ${itsConfig} on Acme` })).toBeVisible();
  await axe.at('Inventory: a row’s menu of actions');
  await page.getByRole('menuitem', { name: `Set expiry of ${credential!.name} on Acme` }).click();
  const expiry = page.getByRole('alertdialog', { name: `Expiry of “${credential!.name}”` });
  await axe.at('Inventory: expiry dialog');
  await expiry.getByLabel('Expires').fill('2020-01-01T10:00');
  await expiry.getByRole('button', { name: 'Save' }).click();
  await expect(expiry).toHaveCount(0);
  await page
    .getByRole('table', { name: 'Inventory' })
    .getByRole('row')
    .filter({ hasText: new RegExp(`${itsConfig}(?!\\d)`) })
    .first()
    .getByRole('cell')
    .nth(1)
    .click();
  await expect(page.getByRole('region', { name: new RegExp(`^Config ${itsConfig} on Acme`) })).toContainText('expired');
  await axe.at('Inventory: a row’s details, its key expired, the expiry banner', { screenshot: 'inventory-details' });
  await page.getByRole('button', { name: 'Columns…' }).click();
  await axe.at('Inventory: the column chooser');
  await page.getByRole('button', { name: 'Columns…' }).click();

  await page.getByRole('button', { name: 'Health sweep' }).click();
  await expect(page.locator('.inv-health .pill').first()).toBeVisible();
  await page.getByLabel('Group by').selectOption('tenant');
  await axe.at('Inventory: grouped by tenant, after a health sweep');
  await page.getByLabel('Group by').selectOption('none');

  await page.getByRole('tab', { name: 'Model coverage' }).click();
  await page.getByLabel('Baseline tenant').selectOption({ label: 'Acme (production)' });
  await axe.at('Inventory: model coverage against a baseline');
  await page.getByRole('tab', { name: 'Defaults and overrides' }).click();
  await axe.at('Inventory: defaults and overrides');
  await page.getByRole('button', { name: 'Edit settings of Beta' }).click();
  const settings = page.getByRole('region', { name: 'Settings of Beta' });
  await expect(settings).toBeVisible();
  await axe.at('Inventory: tenant settings');
  const embedding = beta.state().configs.find((c) => c.is_embedding)!;
  await settings.getByLabel('Default embedding').selectOption({ value: embedding.id });
  await settings.getByRole('button', { name: 'Save default embedding' }).click();
  await expect(page.getByRole('alertdialog')).toContainText('deletes and rebuilds');
  await axe.at('Inventory: the rebuild-indexes question');
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Configs and credentials' }).click();
  const used = acme.state().agents[0]!.llm_config_id;
  const config = acme.state().configs.find((c) => c.id === used)!.name;
  await page.getByRole('button', { name: `Actions for config ${config} on Acme` }).click();
  await page.getByRole('menuitem', { name: `Delete config ${config} on Acme` }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog.getByRole('group', { name: `Agents of ${config} on Acme` })).toBeVisible();
  await axe.at('Inventory: delete dialog of a config agents use, on production');
  await page.keyboard.press('Escape');
  const betaConfigs = beta.state().configs.filter((c) => !c.is_builtin && !beta.state().agents.some((a) => a.llm_config_id === c.id));
  for (const c of betaConfigs.slice(0, 2)) await page.getByRole('checkbox', { name: `Select config ${c.name} on Beta` }).check();
  await page.getByRole('button', { name: 'Delete 2 selected…' }).click();
  await expect(dialog.getByRole('heading', { name: 'Delete 2 items?' })).toBeVisible();
  await axe.at('Inventory: delete dialog of a selection');
  await dialog.getByRole('button', { name: 'Delete 2' }).click();
  await expect(dialog.getByRole('heading', { name: 'Deleted' })).toBeVisible();
  await axe.at('Inventory: the delete report');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await axe.done();
});
