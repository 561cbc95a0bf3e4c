// The main flows with the keyboard alone (no click, no fill): adding a tenant, a provider setup,
// the inventory's dialogs, a draft planned and applied, a rotation. At every Tab stop focus is on
// something, visible (3:1, not cut off), in reading order; each dialog keeps focus inside and gives
// it back to what opened it.
import type { Page } from '@playwright/test';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { expectVisibleFocus, heading, inventoryChip, nav, tabTo } from './accessibility-helpers';
import { expect, test } from './fixtures';
import { addProfiles, fakeTenants, resetProfiles } from './setup-helpers';

const fake = fakeTenants();

/** Back to the main navigation with Shift+Tab and into a screen with Enter. */
async function openScreen(page: Page, screen: string) {
  await tabTo(page, nav(page).getByRole('button', { name: screen }), { back: true, max: 80 });
  await page.keyboard.press('Enter');
  await expect(heading(page, screen)).toBeVisible();
}

/** Tab inside an open dialog never leaves it, and Escape gives focus back to its opener. */
async function expectDialogKeepsFocus(page: Page, dialogName: string | RegExp) {
  const dialog = page.getByRole('alertdialog', { name: dialogName });
  await expect(dialog).toBeVisible();
  expect(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus moves into the dialog').toBe(true);
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement)), `Tab ${i + 1} stays in the dialog`).toBe(true);
    await expectVisibleFocus(page, `${dialogName} after Tab ${i + 1}`);
  }
  return dialog;
}

test('Tenants: the navigation in reading order, a tenant added, tested and removed, focus given back after each', async ({
  page,
  harness,
}) => {
  const tenant = await fake();
  await page.goto(harness.url);
  await resetProfiles(page);
  await expect(heading(page, 'Tenants')).toBeVisible();
  const stops = await tabTo(page, page.getByRole('button', { name: 'Add tenant' }));
  expect(stops).toEqual([
    'button Tenants',
    'button Setup',
    'button Inventory',
    'button Drafts',
    'button Rotate keys',
    'button Audit log',
    'button Settings',
    'button Add tenant',
  ]);
  await page.keyboard.press('Enter');
  const form = page.getByRole('form', { name: 'Add a tenant' });
  await expect(form.getByLabel('Name', { exact: true }), 'the form takes focus when it opens').toBeFocused();
  await page.keyboard.type('Acme');
  await tabTo(page, form.getByLabel('Tenant address', { exact: true }));
  await page.keyboard.type(tenant.baseUrl);
  await tabTo(page, form.getByRole('radio', { name: 'Sign in with the browser' }));
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(form.getByRole('radio', { name: 'API access token (legacy)' })).toBeChecked();
  await tabTo(page, form.getByLabel('API access token', { exact: true }).and(form.locator('input:not([type=radio])')));
  await page.keyboard.type(tenant.apiAccessToken);
  await tabTo(page, form.getByRole('button', { name: 'Add tenant' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('row', { name: /Acme/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add tenant' }), 'focus goes back to the button that opened the form').toBeFocused();

  await tabTo(page, page.getByRole('button', { name: 'Test connection to Acme' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status', { name: 'Connection test result for Acme', exact: true })).toContainText('Connected');
  await expectVisibleFocus(page, 'after the connection test');

  await tabTo(page, page.getByRole('button', { name: 'Remove Acme' }));
  await page.keyboard.press('Enter');
  await expectDialogKeepsFocus(page, 'Remove Acme?');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: 'Remove Acme' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Remove tenant' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'No tenants yet' })).toBeVisible();
  await expectVisibleFocus(page, 'after the tenant it was on is removed');
});

test('Setup from the keyboard alone: tenant, provider, key, a model, a display name, complete', async ({ page, harness }) => {
  const tenant = await fake();
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', tenant]]);
  await openScreen(page, 'Setup');
  await tabTo(page, page.getByLabel('Tenant', { exact: true }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Tenant', { exact: true })).toHaveValue(/.+/);
  await tabTo(page, page.getByLabel('Provider', { exact: true }));
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Provider', { exact: true })).toHaveValue('anthropic');
  await tabTo(page, page.getByLabel('Name', { exact: true }));
  await page.keyboard.type('Keyboard Anthropic');
  await tabTo(page, page.getByLabel('API Key', { exact: true }));
  await page.keyboard.type('sk-ant-keyboard-only');
  await tabTo(page, page.getByRole('button', { name: 'Validate & Continue' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(/is valid: the provider lists/)).toBeVisible();
  await expectVisibleFocus(page, 'the models step');
  await tabTo(page, page.getByLabel('Filter models'));
  await page.keyboard.type('claude-haiku-4-5');
  await tabTo(page, page.getByRole('checkbox', { name: 'claude-haiku-4-5-20251001', exact: true }));
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Continue with 1 model' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Display name for claude-haiku-4-5-20251001')).toBeVisible();
  await expectVisibleFocus(page, 'the display names step');
  // Complete waits for the tenant's configs (to check the names), and says so: until then Tab passes
  // it by, as a keyboard user who listens to the status line would not try it.
  await expect(page.getByText("Reading the tenant's configs to check the names…")).toBeHidden();
  await tabTo(page, page.getByLabel('Display name for claude-haiku-4-5-20251001'));
  await page.keyboard.type('Haiku');
  await tabTo(page, page.getByRole('button', { name: 'Complete' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText('All 1 LLM config created. Agents can use them now.')).toBeVisible();
  await expectVisibleFocus(page, 'the complete step');
  expect(
    tenant
      .state()
      .configs.filter((c) => !c.is_builtin)
      .map((c) => c.name),
  ).toEqual(['Haiku']);
});

test('Inventory from the keyboard: the expiry dialog, the agents popover and the delete dialog give focus back', async ({
  page,
  harness,
}) => {
  const acme = await fake({ builtInConfigs: false, seedCredentials: 2, seedConfigs: 3, seedAgents: 2 });
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', acme]]);
  await openScreen(page, 'Inventory');
  await expect(inventoryChip(page, 'Acme')).toHaveText(/^Read just now$/);
  // A config agents use, and its credential: one row has the agents' count, the expiry and the menu.
  const used = acme.state().configs.find((c) => c.id === acme.state().agents[0]!.llm_config_id)!;
  const config = used.name;
  const credential = acme.state().credentials.find((c) => c.id === used.llm_credentials_id)!.name;

  // The row's menu of actions: Enter opens it on its first item, arrows move, Enter runs one.
  const actions = page.getByRole('button', { name: `Actions for config ${config} on Acme` });
  const runAction = async (name: string) => {
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: `Actions for config ${config} on Acme` });
    await expect(menu.getByRole('menuitem').first()).toBeFocused();
    for (let i = 0; i < 6 && !(await menu.getByRole('menuitem', { name }).evaluate((e) => e === document.activeElement)); i++) {
      await page.keyboard.press('ArrowDown');
      await expectVisibleFocus(page, `the menu, ArrowDown ${i + 1}`);
    }
    await page.keyboard.press('Enter');
  };
  const setExpiry = () => runAction(`Set expiry of ${credential} on Acme`);
  await tabTo(page, actions, { max: 80 });
  await setExpiry();
  const expiry = await expectDialogKeepsFocus(page, `Expiry of “${credential}”`);
  await page.keyboard.press('Escape');
  await expect(expiry).toHaveCount(0);
  await expect(actions, 'focus goes back to the menu’s button').toBeFocused();
  await page.screenshot({ path: test.info().outputPath('inventory-focus-back-on-menu-button.png') });
  await setExpiry();
  await expect(expiry.getByLabel('Expires')).toBeFocused();
  // The field's parts: month, day, year (ArrowRight leaves a year, which takes up to 6 digits), hour, minute, AM/PM.
  await page.keyboard.type('01012030');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type('1000AM');
  await expect(expiry.getByLabel('Expires')).toHaveValue('2030-01-01T10:00');
  await tabTo(page, expiry.getByRole('button', { name: 'Save' }));
  await page.keyboard.press('Enter');
  await expect(expiry).toHaveCount(0);
  await expect(actions, 'focus goes back to the menu’s button').toBeFocused();

  const agents = page.getByRole('button', { name: new RegExp(`^\\d+ agents? use ${config} on Acme: show their names$`) });
  await tabTo(page, agents, { back: true });
  await page.keyboard.press('Enter');
  await expect(page.getByRole('group', { name: `Agents that use ${config} on Acme` })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('group', { name: `Agents that use ${config} on Acme` })).toBeHidden();
  await expect(agents).toBeFocused();

  await tabTo(page, actions);
  await runAction(`Delete config ${config} on Acme`);
  await expectDialogKeepsFocus(page, /Delete/);
  await page.keyboard.press('Escape');
  await expect(actions).toBeFocused();

  // A selection's delete: its button goes with the selection when the dialog closes; focus does not go with it.
  await tabTo(page, page.getByRole('checkbox', { name: `Select config ${config} on Acme` }), { back: true });
  await page.keyboard.press('Space');
  await tabTo(page, page.getByRole('button', { name: 'Delete 1 selected…' }), { back: true, max: 80 });
  await page.keyboard.press('Enter');
  await expectDialogKeepsFocus(page, /Delete/);
  await page.keyboard.press('Escape');
  await expectVisibleFocus(page, 'after the delete dialog of a selection');
});

test('a draft written, planned and applied, and a key rotated, from the keyboard alone', async ({ page, harness }) => {
  test.setTimeout(90_000);
  const alpha = await fake({ builtInConfigs: false });
  const credential = await createCredential(alpha, {
    name: 'Groq team',
    creds_type: 'API_KEY',
    api_key: 'sk-kbd-old-key-7a1b2',
    base_url: 'https://api.groq.com/openai/v1',
  });
  await createConfig(alpha, { name: 'Llama', provider: 'openai', llm_credentials_id: credential, model_name: 'llama-3.3-70b-versatile' });
  await page.goto(harness.url);
  await addProfiles(page, [['Alpha', alpha]]);
  await openScreen(page, 'Drafts');
  await tabTo(page, page.getByRole('button', { name: 'New draft' }).first());
  await page.keyboard.press('Enter');
  const editor = page.getByRole('form', { name: /Draft|New draft/ });
  await tabTo(page, editor.getByLabel('Title'));
  await page.keyboard.type('Keyboard rollout');
  await tabTo(page, editor.getByLabel('Provider', { exact: true }));
  await page.keyboard.press('Home');
  await expect(editor.getByLabel('Provider', { exact: true })).toHaveValue('openai');
  await tabTo(page, editor.getByLabel('Name', { exact: true }));
  await page.keyboard.type('Keyboard OpenAI');
  await tabTo(page, editor.getByLabel('API Key', { exact: true }));
  await page.keyboard.type('sk-proj-keyboardDraftKey1');
  await tabTo(page, page.getByLabel('Add a model'));
  await page.keyboard.type('gpt-4o');
  await page.keyboard.press('Enter');
  await expect(editor.getByLabel('Display name of gpt-4o')).toBeVisible();
  await page.keyboard.press('Control+s');
  await expect(editor.getByRole('status')).toHaveText('Saved. Ready to plan.');
  await expectVisibleFocus(page, 'after Ctrl+S');

  const panel = page.getByRole('region', { name: 'Plan and apply' });
  await tabTo(page, panel.getByRole('checkbox', { name: 'Target Alpha' }));
  await page.keyboard.press('Space');
  await tabTo(page, panel.getByRole('button', { name: 'Plan for 1 tenant' }));
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('article', { name: 'Plan for Alpha' }).locator('.pill')).toHaveText('Changes');
  await tabTo(page, panel.getByRole('button', { name: 'Apply to 1 tenant' }));
  await page.keyboard.press('Enter');
  await expect(panel.getByRole('article', { name: 'Apply on Alpha' }).locator('.pill')).toHaveText('Applied', { timeout: 20_000 });
  await expectVisibleFocus(page, 'after the apply');
  await tabTo(page, editor.getByRole('button', { name: 'Delete draft' }), { back: true, max: 80 });
  await page.keyboard.press('Enter');
  await expectDialogKeepsFocus(page, 'Delete “Keyboard rollout”?');
  await page.keyboard.press('Escape');
  await expect(editor.getByRole('button', { name: 'Delete draft' })).toBeFocused();

  await openScreen(page, 'Inventory');
  await expect(inventoryChip(page, 'Alpha')).toHaveText(/^Read just now$/);
  await tabTo(page, page.getByRole('button', { name: 'Rotate Groq team on Alpha' }).first(), { max: 80 });
  await page.keyboard.press('Enter');
  // The screen itself, not the title its code shows while it loads.
  await expect(page.getByLabel('API Key', { exact: true })).toBeVisible();
  await expect(heading(page, 'Rotate keys'), 'focus starts at the new screen’s title').toBeFocused();
  await page.screenshot({ path: test.info().outputPath('rotate-keys-title-focused.png') });
  await expectVisibleFocus(page, 'the Rotate keys screen opened from the inventory');
  await tabTo(page, page.getByLabel('API Key', { exact: true }));
  await page.keyboard.type('sk-kbd-new-key-9c3d4');
  await tabTo(page, page.getByRole('button', { name: 'Rotate on 1 credential' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('article', { name: 'Rotation on Alpha' }).locator('.pill')).toHaveText('Rotated', { timeout: 20_000 });
  await expectVisibleFocus(page, 'after the rotation');
  expect(alpha.state().credentials[0]!.secrets.api_key).toBe('sk-kbd-new-key-9c3d4');
});
