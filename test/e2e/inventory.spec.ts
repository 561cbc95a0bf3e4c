// The inventory across tenants, as an admin uses it: several fake tenants at once (one slow, one
// failing, one answering in pages of 2), finding things, a cascade delete in the tenant's order,
// a stale view when a tenant goes away, a sweep that finds a revoked key, drift between tenants,
// defaults and overrides, export, and 25 tenants x 1,000 configs.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { FakeTenant } from '../fake-tenant/server';
import type { LatchedProxy } from '../support/latched-proxy';
import { expect, test } from './fixtures';
import { latchedProxies } from './latched-tenants';
import { addProfiles, expectAccessible, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const latched = latchedProxies();
/** The tenant as the app sees it through its proxy: the proxy's address, the tenant's token. */
const behind = (proxy: LatchedProxy, tenant: FakeTenant) => ({ ...tenant, baseUrl: proxy.baseUrl }) as FakeTenant;

async function openInventory(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible();
}

const chip = (page: Page, tenant: string) =>
  page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('status', { name: new RegExp(`^${tenant}: `) });
const table = (page: Page) => page.getByRole('table', { name: 'Inventory' });
const shownRows = (page: Page) => table(page).getByRole('rowgroup').getByRole('row');

test('loads every tenant at once: a failing one says why with a retry, a slow one holds back no other, pages of 2 are read whole', async ({
  page,
  harness,
}) => {
  const paged = await fake({ seedCredentials: 3, seedConfigs: 9, maxPageSize: 2 });
  const slow = await fake({ seedCredentials: 2, seedConfigs: 4 });
  const failing = await fake({
    seedCredentials: 1,
    seedConfigs: 2,
    faults: [{ kind: '500', path: '/ai/api/v1/config/llm', method: 'GET' }],
  });
  // The slow tenant answers its credentials, then holds its configs until the test lets them go.
  const slowProxy = await latched(slow);
  const slowConfigs = slowProxy.hold({ method: 'GET', path: '/ai/api/v1/config/llm' });
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Paged', paged],
    ['Slow', behind(slowProxy, slow)],
    ['Failing', failing],
  ]);
  await openInventory(page);

  // The paged tenant is read while the slow one still loads; the failing one says why.
  await expect(chip(page, 'Paged')).toHaveText(/^Read just now$/);
  await slowConfigs.arrived(1);
  await expect(chip(page, 'Slow')).toHaveText(/^Loading… \d+ pages? read$/);
  await expect(chip(page, 'Failing')).toContainText('Failed: The tenant failed to handle GET /ai/api/v1/config/llm (500)');
  // Pages of 2 are read to the end: all 9 configs of the paged tenant are there.
  await expect(shownRows(page).filter({ hasText: 'Paged' })).toHaveCount(9);
  await page.screenshot({ path: 'test-results/inventory-loading.png', fullPage: true });
  slowConfigs.release();
  await expect(chip(page, 'Slow')).toHaveText(/^Read just now$/);

  failing.clearFaults();
  await page.getByRole('button', { name: 'Retry reading Failing' }).click();
  await expect(chip(page, 'Failing')).toHaveText(/^Read just now$/);
  // Built-in configs are hidden unless asked for (exactly the tenants' built-ins), and never offered for deletion.
  const builtIns = [paged, slow, failing].flatMap((t) => t.state().configs.filter((c) => c.is_builtin)).length;
  expect(builtIns).toBeGreaterThan(0);
  // Every tenant's own rows: 9 + 4 + 2 configs, each credential used by one of them.
  const count = page.locator('.filters-count');
  await expect(count).toHaveText('15 rows');
  await page.getByLabel('Show built-in configs').check();
  await expect(count).toHaveText(`${15 + builtIns} rows`);
  await page.getByRole('search').getByLabel('Search the inventory').fill('built-in');
  await expect(table(page).getByRole('row', { name: /GPT-5/ }).first()).toBeVisible();
  await expect(
    table(page)
      .getByRole('row', { name: /GPT-5/ })
      .first()
      .getByRole('button', { name: /^Delete/ }),
  ).toHaveCount(0);
  await expectAccessible(page, 'inventory');
});

test('finds things: search across columns, filters and grouping, kept in the address over a reload', async ({ page, harness }) => {
  const acme = await fake({ seedCredentials: 8, seedConfigs: 16, seedPreference: true });
  const beta = await fake({ seedCredentials: 4, seedConfigs: 4 });
  // A wide screen: the Kind and Model columns show by default there (a laptop's width leaves them to the details panel).
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Acme', acme, 'production'],
    ['Beta', beta],
  ]);
  await openInventory(page);
  await expect(chip(page, 'Beta')).toHaveText(/^Read just now$/);

  const search = page.getByLabel('Search the inventory');
  await search.fill('bedrock');
  await expect(shownRows(page).first()).toContainText('AWS');
  const count = page.locator('.filters-count');
  await expect(count).toHaveText(/^\d+ of \d+ rows$/);
  await search.fill('');
  await page.getByRole('button', { name: 'Embedding', exact: true }).click();
  // Only embedding rows, and some: the seed makes every fourth config of a credential an embedding one.
  await expect(page.locator('.filters-count')).toHaveText(/^\d+ of \d+ rows$/);
  const embeddings = await shownRows(page).all();
  expect(embeddings.length).toBeGreaterThan(0);
  for (const row of embeddings) await expect(row).toContainText('embedding');
  await page.getByRole('button', { name: 'All kinds' }).click();
  await page.getByLabel('Defaults', { exact: true }).check();
  await expect(shownRows(page)).toHaveCount(2);
  await expect(shownRows(page).first()).toContainText(/default (LLM|embedding)/);

  // A reload keeps what the user was looking at.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Inventory', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Defaults', { exact: true })).toBeChecked();
  await expect(shownRows(page)).toHaveCount(2);
  await page.getByLabel('Defaults', { exact: true }).uncheck();

  await page.getByLabel('Group by').selectOption('tenant');
  await expect(table(page).getByRole('button', { name: /Acme/, expanded: true })).toBeVisible();
  await table(page).getByRole('button', { name: /Acme/, expanded: true }).click();
  await expect(shownRows(page).filter({ hasText: 'Seed config' }).first()).toContainText('Beta');
  await page.getByLabel('Group by').selectOption('none');
  await table(page).getByRole('button', { name: 'Model' }).click();
  await expect(table(page).getByRole('columnheader', { name: 'Model' })).toHaveAttribute('aria-sort', 'ascending');
});

test(
  'deletes a config and, when asked, its credential with all its configs: ' +
    'configs first, in the tenant’s order, a production tenant’s name typed',
  async ({ page, harness }) => {
    const prod = await fake({ seedCredentials: 2, seedConfigs: 6, seedPreference: true });
    await page.goto(harness.url);
    await addProfiles(page, [['Acme prod', prod, 'production']]);
    await openInventory(page);
    await expect(chip(page, 'Acme prod')).toHaveText(/^Read just now$/);
    const state = prod.state();
    const credential = state.credentials[0]!;
    const configs = state.configs.filter((c) => c.llm_credentials_id === credential.id);
    const first = configs[0]!;

    // Delete is in the row's menu of actions.
    await page.getByRole('button', { name: `Actions for config ${first.name} on Acme prod` }).click();
    await page.getByRole('menuitem', { name: `Delete config ${first.name} on Acme prod` }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog).toContainText(`LLM config “${first.name}”`);
    // What it costs the tenant is said first: this config is the tenant's default LLM.
    await expect(dialog).toContainText('default LLM of Acme prod falls back to Alation’s default');
    await dialog.getByLabel(/Also delete its credential/).check();
    for (const c of configs) await expect(dialog).toContainText(`LLM config “${c.name}”`);
    await expect(dialog).toContainText(`Credential “${credential.name}”`);
    const confirm = dialog.getByRole('button', { name: `Delete ${configs.length + 1}` });
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Type Acme prod to confirm').fill('acme prod');
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel('Type Acme prod to confirm').fill('Acme prod');
    await expectAccessible(page, 'delete dialog');
    prod.clearRequests();
    await confirm.click();
    await expect(dialog.getByRole('heading', { name: 'Deleted' })).toBeVisible();
    await expect(dialog.locator('.outcome-deleted')).toHaveCount(configs.length + 1);
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Every config first, then the credential: the order the tenant needs.
    const deletes = prod
      .requests()
      .filter((r) => r.method === 'DELETE')
      .map((r) => r.path);
    expect(deletes.at(-1)).toBe(`/ai/api/v1/llm_credentials/${credential.id}`);
    expect(deletes.slice(0, -1).sort()).toEqual(configs.map((c) => `/ai/api/v1/config/llm/${c.id}`).sort());
    // Afterwards the view matches the tenant.
    await expect(table(page).getByRole('row', { name: new RegExp(credential.name) })).toHaveCount(0);
    expect(prod.state().credentials.map((c) => c.id)).not.toContain(credential.id);
  },
);

test(
  'multi-select from the keyboard on two tenants asks once, and a ' + 'refused item is reported alone while the view matches the tenants',
  async ({ page, harness }) => {
    const acme = await fake({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 3 });
    const beta = await fake({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 3 });
    await page.goto(harness.url);
    await addProfiles(page, [
      ['Acme', acme],
      ['Beta', beta],
    ]);
    await openInventory(page);
    await expect(chip(page, 'Beta')).toHaveText(/^Read just now$/);
    const [a1, a2] = acme.state().configs;
    const [b1] = beta.state().configs;
    // Beta refuses to delete its config: the other two still go.
    beta.addFault({ kind: '500', method: 'DELETE', path: `/ai/api/v1/config/llm/${b1!.id}` });

    for (const [name, tenant] of [
      [a1!.name, 'Acme'],
      [a2!.name, 'Acme'],
      [b1!.name, 'Beta'],
    ] as const) {
      await page.getByRole('checkbox', { name: `Select config ${name} on ${tenant}` }).focus();
      await page.keyboard.press('Space');
    }
    await page.getByRole('button', { name: 'Delete 3 selected…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByRole('heading', { name: 'Delete 3 items?' })).toBeVisible();
    // One question, listing what goes on which tenant.
    await expect(dialog.getByRole('region', { name: 'To delete on Acme' }).getByRole('listitem')).toHaveText([
      new RegExp(a1!.name),
      new RegExp(a2!.name),
    ]);
    await expect(dialog.getByRole('region', { name: 'To delete on Beta' }).getByRole('listitem')).toHaveText([new RegExp(b1!.name)]);
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('heading', { name: 'Deleted' })).toBeVisible();
    await expect(dialog.locator('.outcome-deleted')).toHaveCount(2);
    await expect(dialog.getByRole('region', { name: 'To delete on Beta' })).toContainText(`${b1!.name}`);
    await expect(dialog.getByRole('region', { name: 'To delete on Beta' })).toContainText('not deleted:');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Afterwards the view is the tenants: the refused config is still listed, the others are not.
    const acmeLeft = acme.state().configs.map((c) => c.id);
    expect(acmeLeft).not.toContain(a1!.id);
    expect(acmeLeft).not.toContain(a2!.id);
    expect(beta.state().configs.map((c) => c.id)).toContain(b1!.id);
    const rowOf = (tenant: string, name: string) =>
      shownRows(page)
        .filter({ hasText: tenant })
        .filter({ hasText: new RegExp(`${name}(?!\\d)`) });
    await expect(rowOf('Acme', a1!.name)).toHaveCount(0);
    await expect(rowOf('Acme', a2!.name)).toHaveCount(0);
    await expect(rowOf('Beta', b1!.name)).toHaveCount(1);
    await expect(shownRows(page)).toHaveCount(acmeLeft.length + beta.state().configs.length);
  },
);

test('when a tenant goes away, its last inventory is shown stale with its age, and the others are not held back', async ({
  page,
  harness,
}) => {
  const stays = await fake({ seedCredentials: 2, seedConfigs: 3 });
  const leaves = await fake({ seedCredentials: 2, seedConfigs: 5 });
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Stays', stays],
    ['Leaves', leaves],
  ]);
  await openInventory(page);
  await expect(chip(page, 'Leaves')).toHaveText(/^Read just now$/);
  const rowsOfLeaves = await shownRows(page).filter({ hasText: 'Leaves' }).count();
  expect(rowsOfLeaves).toBeGreaterThan(0);

  await leaves.stop();
  await page.getByRole('button', { name: 'Refresh all 2' }).click();
  await expect(chip(page, 'Leaves')).toContainText(/^Stale, read just now\. Failed: Nothing accepts connections/, { timeout: 20_000 });
  await expect(chip(page, 'Stays')).toHaveText(/^Read just now$/);
  // What was read before is still there, marked stale.
  await expect(shownRows(page).filter({ hasText: 'Leaves' })).toHaveCount(rowsOfLeaves);
  await expect(shownRows(page).filter({ hasText: 'Leaves' }).first()).toHaveClass(/stale/);

  // A new start with the tenant still away: the cache says what it had, and how old that is.
  await page.reload();
  await expect(shownRows(page).filter({ hasText: 'Leaves' })).toHaveCount(rowsOfLeaves);
  await page.screenshot({ path: 'test-results/inventory-stale.png', fullPage: true });
});

test('a health sweep finds a revoked key and a model the provider no longer lists, without an inference call', async ({
  page,
  harness,
}) => {
  const tenant = await fake({ builtInConfigs: false, seedCredentials: 2, seedConfigs: 2 });
  // A wide screen: the Kind and Model columns show by default there (a laptop's width leaves them to the details panel).
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', tenant]]);
  await openInventory(page);
  await expect(chip(page, 'Acme')).toHaveText(/^Read just now$/);
  // At the provider: the OpenAI key is revoked; the Anthropic config's model is retired.
  tenant.mutate((s) => {
    s.credentials[0]!.secrets.api_key = 'sk-proj-revoked-invalid';
    s.configs[1]!.model_name = 'claude-retired-2023';
  });
  await page.getByRole('button', { name: 'Refresh all 1' }).click();
  await expect(shownRows(page).filter({ hasText: 'claude-retired-2023' })).toHaveCount(1);
  tenant.clearRequests();
  await page.getByRole('button', { name: 'Health sweep' }).click();
  await expect(shownRows(page).filter({ hasText: 'Key rejected' })).toHaveCount(1);
  await expect(shownRows(page).filter({ hasText: 'claude-retired-2023' })).toContainText('not listed');
  // One validation per credential, each in listing mode (no model_name: no billed call).
  const validations = tenant.requests().filter((r) => r.path.endsWith('/validate'));
  expect(validations).toHaveLength(tenant.state().credentials.length);
  for (const v of validations) expect(v.body).not.toHaveProperty('model_name');
  await page.getByLabel('Problems', { exact: true }).check();
  await expect(shownRows(page)).toHaveCount(2);
  await expect(shownRows(page).filter({ hasText: 'Key rejected' })).toHaveAttribute('data-row', /credential|config/);
  // The sweep is kept with the cache: a new start still shows what it found.
  await page.reload();
  await expect(shownRows(page).filter({ hasText: 'Key rejected' })).toHaveCount(1);
});

test('drift: the coverage matrix shows the tenant missing a model against a baseline, the settings matrix their defaults', async ({
  page,
  harness,
}) => {
  // Four configs each (the fourth an embedding model); the second tenant lacks one model the first has.
  const full = await fake({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 4 });
  const partial = await fake({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 4 });
  const missing = partial.mutate((s) => s.configs.splice(1, 1)[0]!.model_name);
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Full', full],
    ['Partial', partial],
  ]);
  await openInventory(page);
  await expect(chip(page, 'Partial')).toHaveText(/^Read just now$/);
  await page.getByRole('tab', { name: 'Model coverage' }).click();
  await page.getByLabel('Baseline tenant').selectOption({ label: 'Full (staging)' });
  const row = page.getByRole('row', { name: new RegExp(missing.replace(/[.]/g, '\\.')) });
  await expect(row.getByText(/^Partial: missing; differs from Full$/)).toHaveCount(1);
  await expect(row.locator('.drift-differs')).toHaveCount(1);
  await expect(page.locator('.drift-summary')).toContainText(/\d+ differs? from Full/);
  await expectAccessible(page, 'coverage matrix');

  await page.getByRole('tab', { name: 'Defaults and overrides' }).click();
  await expect(page.getByRole('row', { name: /Default LLM/ })).toContainText('Alation’s default');
  await page.getByRole('button', { name: 'Edit settings of Partial' }).click();
  const settings = page.getByRole('region', { name: 'Settings of Partial' });
  const embedding = partial.state().configs.find((c) => c.is_embedding)!;
  await settings.getByLabel('Default embedding').selectOption({ value: embedding.id });
  await settings.getByRole('button', { name: 'Save default embedding' }).click();
  const warn = page.getByRole('alertdialog');
  await expect(warn).toContainText('deletes and rebuilds');
  expect(partial.state().preference.default_embedding_config_id).toBeNull();
  await warn.getByRole('button', { name: 'Change and rebuild indexes' }).click();
  await expect.poll(() => partial.state().preference.default_embedding_config_id).toBe(embedding.id);
  await expect(page.getByRole('row', { name: /Default embedding/ })).toContainText(embedding.name);
});

test('exports the filtered view as CSV and JSON, with no secret nor masked value in them', async ({ page, harness }) => {
  const tenant = await fake({ seedCredentials: 4, seedConfigs: 6 });
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', tenant]]);
  await openInventory(page);
  await expect(chip(page, 'Acme')).toHaveText(/^Read just now$/);
  await page.getByLabel('Search the inventory').fill('anthropic');
  await expect(page.locator('.filters-count')).toHaveText(/^\d+ of \d+ rows$/);
  const shown = await shownRows(page).count();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csvText = readFileSync((await csv.path())!, 'utf8');
  const lines = csvText.trim().split('\r\n');
  expect(lines[0]).toBe(
    'tenant,environment,credential,credsType,credentialDetails,config,provider,model,kind,dimensions,builtIn,' +
      'default,overrides,agents,health,modelListed,readStale',
  );
  expect(lines).toHaveLength(shown + 1);
  expect(lines.slice(1).every((l) => /anthropic/i.test(l))).toBe(true);
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
  const exported = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { rows: unknown[] };
  expect(exported.rows).toHaveLength(shown);
  for (const text of [csvText, JSON.stringify(exported)]) {
    expect(text).not.toContain('****');
    for (const c of tenant.state().credentials)
      for (const s of Object.values(c.secrets)) if (typeof s === 'string') expect(text).not.toContain(s);
  }
});

test('25 tenants x 1,000 configs: only a window of rows is in the page, and the search still finds any of them', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  const tenants = await Promise.all(Array.from({ length: 25 }, () => fake({ seedCredentials: 40, seedConfigs: 1000 })));
  await page.goto(harness.url);
  await addProfiles(
    page,
    tenants.map((t, i) => [`Tenant ${String(i + 1).padStart(2, '0')}`, t] as [string, FakeTenant]),
  );
  await openInventory(page);
  await expect(page.getByText('25000 rows', { exact: false })).toBeVisible({ timeout: 60_000 });
  expect(await shownRows(page).count()).toBeLessThan(80);
  await page.getByLabel('Search the inventory').fill('tenant 17 seed config 999');
  await expect(shownRows(page)).toHaveCount(1);
  await expect(shownRows(page).first()).toContainText('Tenant 17');
  await page.getByLabel('Search the inventory').fill('');
  await page.locator('.inv-body').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(shownRows(page).last()).toBeVisible();
  expect(await shownRows(page).count()).toBeLessThan(80);
});
