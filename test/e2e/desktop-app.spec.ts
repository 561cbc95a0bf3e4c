// The app as a desktop tool (issue 19): the first-run welcome, the keyboard shortcuts and their help
// (`?`), the command palette (Ctrl+K), Settings that persist (a dark theme among them), and a lone
// tenant's own settings. In the web harness the page handles the shortcuts the desktop menu owns.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { addProfiles, expectAccessible, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const screenTitle = (page: Page) => page.getByRole('heading', { level: 1 });
const palette = (page: Page) => page.getByRole('dialog', { name: 'Command palette' });

test('the welcome explains the three steps, links Alation’s guides, says where data and secrets are, and goes when adding', async ({
  page,
  freshHarness,
}) => {
  await page.goto(freshHarness.url);
  const welcome = page.getByRole('region', { name: 'No tenants yet' });
  await expect(welcome.getByRole('listitem')).toHaveText([/^Add a tenant\./, /^Set up a provider\./, /^See the inventory\./]);
  await expect(welcome.getByRole('link', { name: 'BYOM Setup Guide' })).toHaveAttribute('href', /^https:\/\/alation\.github\.io\//);
  await expect(welcome.getByRole('link', { name: 'LLM Configuration Guide' })).toHaveAttribute('href', /^https:\/\//);
  const dataDir = await page.evaluate(async () => (await window.byomDesk.getAppInfo()).dataDir);
  await expect(welcome).toContainText(`kept in ${dataDir}`);
  await expect(welcome).toContainText('they go to your OS keychain (');
  await expectAccessible(page, 'the welcome');
  await page.getByRole('button', { name: 'Add tenant' }).click();
  await expect(page.getByRole('form', { name: 'Add a tenant' })).toBeVisible();
  await expect(welcome).toBeHidden();
});

test('shortcuts open each screen, a new tenant and Settings; `?` lists them all, and a `?` typed in a field stays text', async ({
  page,
  harness,
}) => {
  await page.goto(harness.url);
  await addProfiles(page, []);
  await expect(page.getByRole('region', { name: 'No tenants yet' })).toBeVisible();
  const screens = ['Tenants', 'Setup', 'Inventory', 'Drafts', 'Rotate keys', 'Audit log'];
  // Backwards, so each press moves to a screen that is not the one shown.
  for (const [index, title] of [...screens.entries()].reverse()) {
    await page.keyboard.press(`Control+${index + 1}`);
    await expect(screenTitle(page)).toHaveText(title);
  }
  await page.keyboard.press('Control+,');
  await expect(screenTitle(page)).toHaveText('Settings');
  await page.keyboard.press('Control+Shift+T');
  await expect(screenTitle(page)).toHaveText('Tenants');
  const form = page.getByRole('form', { name: 'Add a tenant' });
  await expect(form.getByLabel('Name', { exact: true })).toBeVisible();

  // In a field a `?` is text, not the help.
  await form.getByLabel('Name', { exact: true }).fill('');
  await form.getByLabel('Name', { exact: true }).press('Shift+Slash');
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

  await page.getByRole('heading', { name: 'Tenants', level: 1 }).click();
  await page.keyboard.press('Shift+Slash');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help.getByRole('row')).toContainText([
    'Go to TenantsCtrl+1',
    'Go to Audit LogCtrl+6',
    'Open SettingsCtrl+,',
    'New TenantCtrl+Shift+T',
    'New Provider SetupCtrl+Shift+S',
    'New DraftCtrl+Shift+N',
    'Refresh InventoryF5',
    'Command PaletteCtrl+K',
    'Keyboard Shortcuts?',
  ]);
  await expectAccessible(page, 'the shortcuts help');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  // A screen's shortcut does nothing behind an open dialog: the help stays, the screen too.
  await page.keyboard.press('Shift+Slash');
  await page.keyboard.press('Control+3');
  await expect(help).toBeVisible();
  await expect(screenTitle(page)).toHaveText('Tenants');
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();

  await page.keyboard.press('Control+Shift+N');
  await expect(screenTitle(page)).toHaveText('Drafts');
  await expect(page.getByRole('form', { name: /draft/i }).first()).toBeVisible();
});

test('the palette finds screens, actions, tenants and drafts by a few letters in order, and runs the one chosen', async ({
  page,
  harness,
}) => {
  const acme = await fake();
  const globex = await fake();
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Acme Production', acme, 'production'],
    ['Globex Sandbox', globex],
  ]);
  await page.evaluate(() =>
    window.byomDesk.saveDraft({
      content: {
        title: 'Bedrock EU rollout',
        providerId: 'bedrock',
        values: { name: 'Bedrock EU', aws_access_key_id: 'AKIAEXAMPLE1234', aws_region: 'eu-west-1' },
        models: [],
        defaults: { llmModelId: null, embeddingModelId: null },
        expiresAt: null,
        notes: '',
      },
      secrets: {},
      clearSecrets: [],
    }),
  );
  const search = palette(page).getByRole('combobox');
  const options = palette(page).getByRole('option');

  // A screen, by letters that are not next to each other.
  const opener = page.getByRole('button', { name: 'Add tenant' });
  await opener.focus();
  await page.keyboard.press('Control+K');
  await expect(search).toBeFocused();
  await search.fill('rtk');
  await expect(options.first()).toContainText('Go to Rotate Keys');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await expectAccessible(page, 'the command palette');
  await page.keyboard.press('Enter');
  await expect(palette(page)).toBeHidden();
  await expect(screenTitle(page)).toHaveText('Rotate keys');

  // A tenant: the Tenants screen, its search cleared, with focus on that tenant's row.
  await page.keyboard.press('Control+K');
  await search.fill('glbx');
  await expect(options.first()).toContainText('Globex Sandbox');
  await expect(options.filter({ hasText: 'Acme Production' })).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(screenTitle(page)).toHaveText('Tenants');
  await expect(page.getByRole('button', { name: 'Edit Globex Sandbox' })).toBeFocused();
  await expect(page.getByRole('table', { name: 'Tenants' }).getByRole('button', { name: /^Edit / })).toHaveCount(2);

  // A draft, chosen with the arrow keys among the matches: it opens in the Drafts screen.
  await page.keyboard.press('Control+K');
  await search.fill('draft');
  await expect(options.filter({ hasText: 'Bedrock EU rollout' })).toHaveCount(1);
  const draftIndex = await options.evaluateAll((all) => all.findIndex((o) => o.textContent?.includes('Bedrock EU rollout')));
  for (let i = 0; i < draftIndex; i++) await page.keyboard.press('ArrowDown');
  await expect(options.nth(draftIndex)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expect(screenTitle(page)).toHaveText('Drafts');
  await expect(page.getByLabel('Title', { exact: true })).toHaveValue('Bedrock EU rollout');

  // Nothing matches: it says so; Escape closes it and focus returns to where it was.
  await page.getByRole('heading', { name: 'Drafts', level: 1 }).focus();
  await page.keyboard.press('Control+K');
  await search.fill('zzzqqq');
  await expect(options).toHaveCount(0);
  await expect(palette(page).getByRole('status')).toHaveText(
    'Nothing matches “zzzqqq”. Try part of a screen’s, a tenant’s or a draft’s name.',
  );
  await page.keyboard.press('Escape');
  await expect(palette(page)).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Drafts', level: 1 })).toBeFocused();
});

test('settings persist across a reload, the dark theme shows at once, and a bad value names its field and saves nothing', async ({
  page,
  freshHarness,
}) => {
  await page.goto(freshHarness.url);
  await nav(page).getByRole('button', { name: 'Settings' }).click();
  const form = page.getByRole('form', { name: 'Settings' });
  await expect(form.getByLabel('Theme')).toHaveValue('system');
  await expect(page.getByText(/Secrets \(keys, tokens, client secrets\) are never in that folder/)).toBeVisible();
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBackground = await background();

  // A cap out of range is refused with its field's reason; nothing of the form is saved.
  await form.getByLabel('Theme').selectOption('dark');
  await form.getByLabel('Requests in flight, per tenant').fill('40');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByText('at most 16')).toBeVisible();
  expect((await page.evaluate(() => window.byomDesk.getAppSettings())).theme).toBe('system');

  await form.getByLabel('Requests in flight, per tenant').fill('6');
  await form.getByLabel('Requests in flight, all tenants together').fill('48');
  await form.getByLabel('Environments whose tenants need their name typed before a change').fill('production, Staging');
  await form.getByLabel('How often').selectOption('Every 6 hours');
  await form.getByLabel('Only tenants with these labels').fill('emea, acme');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(form.getByRole('status')).toHaveText('Saved.');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).not.toBe(lightBackground);
  await expectAccessible(page, 'Settings in the dark theme');
  await page.screenshot({ path: test.info().outputPath('settings-dark.png') });

  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(form.getByLabel('Theme')).toHaveValue('dark');
  await expect(form.getByLabel('Requests in flight, per tenant')).toHaveValue('6');
  await expect(form.getByLabel('Requests in flight, all tenants together')).toHaveValue('48');
  await expect(form.getByLabel('Environments whose tenants need their name typed before a change')).toHaveValue('production, Staging');
  await expect(form.getByLabel('How often')).toHaveValue('6');
  await expect(form.getByLabel('Only tenants with these labels')).toHaveValue('emea, acme');

  // Back to the system's theme: light, as Chromium reports here.
  await form.getByLabel('Theme').selectOption('system');
  await form.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await background()).toBe(lightBackground);
});

test('a lone tenant’s default LLM is set from its inventory chip; its settings open from its Tenants row', async ({ page, harness }) => {
  const lone = await fake({ seedCredentials: 1, seedConfigs: 3 });
  await page.goto(harness.url);
  await addProfiles(page, [['Solo', lone]]);
  const configs = lone.state().configs.filter((c) => !c.is_embedding && c.llm_credentials_id !== null);
  expect(configs.length).toBeGreaterThan(1);
  const chosen = configs.find((c) => c.id !== lone.state().preference.default_llm_config_id)!;

  await nav(page).getByRole('button', { name: 'Inventory' }).click();
  const chip = page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('listitem').filter({ hasText: 'Solo' });
  await chip.getByRole('button', { name: 'Settings of Solo: its defaults and overrides' }).click();
  const panel = page.getByRole('region', { name: 'Settings of Solo' });
  await panel.getByLabel('Default LLM').selectOption(chosen.id);
  await panel.getByRole('button', { name: 'Save default LLM' }).click();
  await expect.poll(() => lone.state().preference.default_llm_config_id).toBe(chosen.id);
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();

  // From the Tenants screen: the row's menu opens the same panel, on the Inventory.
  await nav(page).getByRole('button', { name: 'Tenants' }).click();
  await page.getByRole('button', { name: 'More actions for Solo' }).click();
  await page.getByRole('menuitem', { name: 'Tenant settings of Solo: default LLM, default embedding and overrides' }).click();
  await expect(screenTitle(page)).toHaveText('Inventory');
  await expect(panel.getByLabel('Default LLM')).toHaveValue(chosen.id);
});
