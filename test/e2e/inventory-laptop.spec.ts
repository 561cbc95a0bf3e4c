// The inventory on a laptop's screen, as an admin meets it at 1280×800 and 1440×900: the first
// columns and each row's actions whole inside the table; a config's details beside it (where it is
// used, its history, the same model and key elsewhere); the keyboard alone selecting, moving,
// acting and closing; the chosen row and columns kept by the address.
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { api, createConfig, createCredential, OVERRIDES, PREF } from '../fake-tenant/test-helpers';
import { expect, test } from './fixtures';
import { addProfiles, expectAccessible, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const oldKey = 'sk-laptop-old-key-5e6f7';
const newKey = 'sk-laptop-new-key-8a9b0';
const baseUrl = 'https://api.groq.com/openai/v1';

/** A tenant with one Groq key and three configs on it: the first the default LLM with an agent, the second an override. */
async function seededTenant() {
  const t = await fake({ builtInConfigs: false });
  const credentialId = await createCredential(t, {
    name: 'Groq shared team key',
    creds_type: 'API_KEY',
    api_key: oldKey,
    base_url: baseUrl,
  });
  const on = { provider: 'openai', llm_credentials_id: credentialId };
  const llama = await createConfig(t, { ...on, name: 'Llama 3.3 versatile', model_name: 'llama-3.3-70b-versatile' });
  const qwen = await createConfig(t, { ...on, name: 'Qwen 3 for search', model_name: 'qwen/qwen3-32b' });
  await createConfig(t, { ...on, name: 'Mistral Saba', model_name: 'mistral-saba-24b' });
  expect((await api(t, 'PUT', PREF, { default_llm_config_id: llama })).status).toBe(200);
  expect(
    (await api(t, 'PUT', OVERRIDES, { feature_type: 'DEFAULT_AGENT', feature_key: 'catalog_search_agent', llm_config_id: llama })).status,
  ).toBe(200);
  expect(
    (await api(t, 'PUT', OVERRIDES, { feature_type: 'DEFAULT_AGENT', feature_key: 'sql_query_agent', llm_config_id: qwen })).status,
  ).toBe(200);
  t.addAgent({ name: 'Revenue analyst', llm_config_id: llama });
  return t;
}

async function openInventory(page: Page, tenants: string[]) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  const strip = page.getByRole('list', { name: 'Tenants in this inventory' });
  for (const name of tenants) await expect(strip.getByRole('status', { name: new RegExp(`^${name}: `) })).toHaveText(/^Read just now$/);
}

const table = (page: Page) => page.getByRole('table', { name: 'Inventory' });
const rows = (page: Page) => table(page).getByRole('rowgroup').getByRole('row');
const details = (page: Page) => page.getByRole('region', { name: /^Config |^Credential / });

/** Every cell of the first three columns and every row action that is clipped, by its box or its text, named. */
async function clipped(page: Page): Promise<string[]> {
  return table(page).evaluate((tableElement) => {
    const box = tableElement.getBoundingClientRect();
    const found: string[] = [];
    for (const row of tableElement.querySelectorAll<HTMLElement>('[role="rowgroup"] [role="row"][data-row]')) {
      const cells = [...row.querySelectorAll<HTMLElement>('[role="cell"]')].slice(1, 4);
      const actions = [...row.querySelectorAll<HTMLElement>('.inv-actions > button')];
      for (const element of [...cells, ...actions]) {
        const r = element.getBoundingClientRect();
        const name = `${row.dataset.row} ${element.className}: ${element.textContent}`;
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5) found.push(`${name} outside the table`);
        if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) found.push(`${name} cut off`);
      }
    }
    return found;
  });
}

for (const size of [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
]) {
  test(
    `at ${size.width}×${size.height}: the first columns and the actions ` +
      `whole; a config’s details beside the table, its history after a rotation`,
    async ({ page, harness }) => {
      const [acme, beta] = [await seededTenant(), await seededTenant()];
      await page.setViewportSize(size);
      await page.goto(harness.url);
      await addProfiles(page, [
        ['Acme production', acme],
        ['Beta staging', beta],
      ]);
      await openInventory(page, ['Acme production', 'Beta staging']);
      await expect(rows(page)).toHaveCount(6);
      expect(await clipped(page)).toEqual([]);

      await rows(page).filter({ hasText: 'Llama 3.3 versatile' }).filter({ hasText: 'Acme production' }).getByRole('cell').nth(2).click();
      const panel = details(page);
      await expect(panel.getByRole('heading', { level: 2 })).toHaveText('Config Llama 3.3 versatile on Acme production');
      await expect(panel.getByRole('link', { name: 'Default LLM of Acme production' })).toBeVisible();
      await expect(panel.getByRole('link', { name: 'Override for DEFAULT_AGENT/catalog_search_agent' })).toBeVisible();
      await expect(panel.getByRole('link', { name: 'Agent Revenue analyst' })).toBeVisible();
      await expect(panel.getByRole('link', { name: 'Same model: Llama 3.3 versatile on Beta staging' })).toBeVisible();
      await expect(panel.getByRole('link', { name: 'Same key: Groq shared team key on Beta staging' })).toBeVisible();
      await expect(panel).toContainText(`****${oldKey.slice(-4)}`);
      await expect(panel).toContainText('No change to it is in the audit log.');
      // Side by side: the panel starts right of the table, both inside the window.
      const [tableBox, panelBox] = [await table(page).boundingBox(), await panel.boundingBox()];
      expect(panelBox!.x).toBeGreaterThanOrEqual(tableBox!.x + tableBox!.width);
      expect(panelBox!.x + panelBox!.width).toBeLessThanOrEqual(size.width);
      expect(await clipped(page)).toEqual([]);
      await expectAccessible(page, `inventory with the details panel at ${size.width}`);
      mkdirSync('docs', { recursive: true });
      await page.screenshot({ path: `docs/inventory-${size.width}x${size.height}.png` });

      // The rotation, from the panel; back in the inventory the address still holds the row, and its history has it.
      await panel.getByRole('button', { name: 'Rotate Groq shared team key on Acme production' }).click();
      await expect(page.getByRole('heading', { name: 'Rotate keys', level: 1 })).toBeVisible();
      await page.getByLabel('API Key', { exact: true }).fill(newKey);
      await page.getByRole('button', { name: 'Rotate on 2 credentials' }).click();
      await expect(page.getByRole('article', { name: 'Rotation on Acme production' }).locator('.pill')).toHaveText('Rotated', {
        timeout: 20_000,
      });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
      await expect(details(page).getByRole('heading', { level: 2 })).toHaveText('Config Llama 3.3 versatile on Acme production');
      // Newest first: the rotation, then the check of the new key that follows it.
      const history = details(page).getByRole('list', { name: 'History, newest first' }).getByRole('listitem');
      await expect(history.filter({ hasText: 'Credential rotated' })).toHaveCount(1);
      await expect(history.first()).toContainText('Credential validated');
      await expect(details(page)).toContainText(`****${newKey.slice(-4)}`);
    },
  );
}

test('keyboard only: select a row, its details open, move, close, and act from its menu', async ({ page, harness }) => {
  const acme = await seededTenant();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', acme]]);
  await openInventory(page, ['Acme']);
  await page.getByRole('searchbox', { name: 'Search the inventory' }).focus();
  const body = table(page).getByRole('rowgroup', { name: 'Inventory rows' });
  for (let i = 0; i < 40 && !(await body.evaluate((e) => e === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(body).toBeFocused();

  await page.keyboard.press('ArrowDown');
  const first = rows(page).nth(0);
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute('aria-selected', 'true');
  const heading = details(page).getByRole('heading', { level: 2 });
  await expect(heading).toHaveText(`Config ${await first.locator('.inv-config').innerText()} on Acme`);
  await page.keyboard.press('ArrowDown');
  await expect(rows(page).nth(1)).toBeFocused();
  await expect(heading).toHaveText(`Config ${await rows(page).nth(1).locator('.inv-config').innerText()} on Acme`);
  await page.keyboard.press('Escape');
  await expect(details(page)).toHaveCount(0);

  await page.keyboard.press('ArrowUp');
  await expect(rows(page).nth(0)).toBeFocused();
  await expect(details(page)).toBeVisible();
  await page.keyboard.press('Shift+F10');
  const menu = page.getByRole('menu', { name: /^Actions for config / });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(menu.getByRole('menuitem').first()).toBeFocused();
  while (!((await page.evaluate(() => document.activeElement?.textContent)) ?? '').startsWith('Set expiry'))
    await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alertdialog', { name: 'Expiry of “Groq shared team key”' })).toBeVisible();
});

test('the address keeps the chosen row and columns: a hidden column stays hidden, a reload shows the same details', async ({
  page,
  harness,
}) => {
  const acme = await seededTenant();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', acme]]);
  await openInventory(page, ['Acme']);
  await expect(table(page).getByRole('columnheader', { name: 'Model' })).toBeVisible();
  await page.getByRole('button', { name: 'Columns…' }).click();
  await page.getByRole('checkbox', { name: 'Model' }).uncheck();
  await page.getByRole('button', { name: 'Move Health left' }).click();
  await rows(page).filter({ hasText: 'Qwen 3 for search' }).getByRole('cell').nth(2).click();
  await expect(details(page).getByRole('heading', { level: 2 })).toHaveText('Config Qwen 3 for search on Acme');

  await page.reload();
  await expect(details(page).getByRole('heading', { level: 2 })).toHaveText('Config Qwen 3 for search on Acme');
  await expect(details(page).getByRole('link', { name: 'Override for DEFAULT_AGENT/sql_query_agent' })).toBeVisible();
  await expect(table(page).getByRole('columnheader', { name: 'Model' })).toHaveCount(0);
  await expect(table(page).getByRole('columnheader')).toHaveText(
    ['Select', 'Tenant', 'Credential', 'Health', 'Config', 'Agents', 'Actions'].map((t) => new RegExp(t)),
  );
});

test('at 1920 more columns show by default than at 1280, and none of the first three is cut', async ({ page, harness }) => {
  const acme = await seededTenant();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', acme]]);
  await openInventory(page, ['Acme']);
  const headers = table(page).getByRole('columnheader');
  await expect(headers).toHaveText(
    [
      'Select',
      'Tenant',
      'Credential',
      'Config',
      'Model',
      'Health',
      'Agents',
      'Default',
      'Overrides',
      'Kind',
      'Type',
      'Expires',
      'Actions',
    ].map((t) => new RegExp(t)),
  );
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await expect(headers).toHaveText(['Select', 'Tenant', 'Credential', 'Config', 'Health', 'Agents', 'Actions'].map((t) => new RegExp(t)));
  expect(await clipped(page)).toEqual([]);
});
