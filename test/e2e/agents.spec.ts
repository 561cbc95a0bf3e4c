// The agents that use each LLM config, as an admin meets them: counted in the config's row and
// named on demand, found by the search, named in the delete dialog of their config (moved to
// another config before it goes, or left to stop working, as the admin says), re-pointed by the
// rotation fallback to each config's new twin, and put back by its take-back when it stops early.
import type { Page } from '@playwright/test';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { expect, test } from './fixtures';
import { addProfiles, expectAccessible, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const oldKey = 'sk-agents-old-key-7a1b2';
const newKey = 'sk-agents-new-key-9c3d4';
const baseUrl = 'https://api.groq.com/openai/v1';

/** A tenant with one Groq key, two configs on it, and two agents on the first config. */
async function tenantWithAgents(options: Parameters<ReturnType<typeof fakeTenants>>[0] = {}) {
  const t = await fake({ builtInConfigs: false, ...options });
  const credentialId = await createCredential(t, { name: 'Groq team', creds_type: 'API_KEY', api_key: oldKey, base_url: baseUrl });
  const on = { provider: 'openai', llm_credentials_id: credentialId };
  const llama = await createConfig(t, { ...on, name: 'Llama', model_name: 'llama-3.3-70b-versatile' });
  const qwen = await createConfig(t, { ...on, name: 'Qwen', model_name: 'qwen/qwen3-32b' });
  for (const name of ['Revenue analyst', 'Ticket triage']) t.addAgent({ name, llm_config_id: llama });
  return { fake: t, credentialId, llama, qwen };
}

const agentConfigs = (t: Awaited<ReturnType<typeof tenantWithAgents>>) => t.fake.state().agents.map((a) => [a.name, a.llm_config_id]);

async function openInventory(page: Page, tenants: string[]) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  const strip = page.getByRole('list', { name: 'Tenants in this inventory' });
  for (const name of tenants) await expect(strip.getByRole('status', { name: new RegExp(`^${name}: `) })).toHaveText(/^Read just now$/);
}

const rows = (page: Page) => page.getByRole('table', { name: 'Inventory' }).getByRole('rowgroup').getByRole('row');

test(
  'a config’s agents: counted in its row, named on demand, found by ' + 'the search, named in its delete dialog and moved before it goes',
  async ({ page, harness }) => {
    const t = await tenantWithAgents();
    const on = { provider: 'openai', llm_credentials_id: t.credentialId };
    const mistral = await createConfig(t.fake, { ...on, name: 'Mistral', model_name: 'mistral-saba-24b' });
    const legacy = await fake({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 1, agentRoutes: false });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(harness.url);
    await addProfiles(page, [
      ['Acme', t.fake],
      ['Legacy', legacy],
    ]);
    await openInventory(page, ['Acme', 'Legacy']);
    // A tenant without the agent API reads as ever, and says its agents are not known.
    await expect(page.locator('.tenant-chip[data-tenant="Legacy"]')).toContainText('agents not available');

    // The count, and the names on demand, from the keyboard.
    const count = page.getByRole('button', { name: '2 agents use Llama on Acme: show their names' });
    await count.focus();
    await page.keyboard.press('Enter');
    const names = page.getByRole('group', { name: 'Agents that use Llama on Acme' });
    await expect(names.getByRole('listitem')).toHaveText(['Revenue analyst', 'Ticket triage']);
    await page.screenshot({ path: test.info().outputPath('agents-row.png') });
    await expectAccessible(page, 'agent names');
    await page.keyboard.press('Escape');
    await expect(names).toBeHidden();
    await expect(count).toBeFocused();
    await expect(rows(page).filter({ hasText: 'Qwen' }).locator('.inv-agents')).toHaveText('');
    await expect(rows(page).filter({ hasText: 'Legacy' }).locator('.inv-agents')).toHaveText('–');

    // The search finds a config by the names of its agents.
    await page.getByRole('searchbox', { name: 'Search the inventory' }).fill('ticket triage');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('Llama');
    await page.getByRole('searchbox', { name: 'Search the inventory' }).fill('');

    // The delete dialog names them, and deletes nothing until the admin says where they go.
    // Delete is in the row's menu of actions.
    await page.getByRole('button', { name: 'Actions for config Llama on Acme' }).click();
    await page.getByRole('menuitem', { name: 'Delete config Llama on Acme' }).click();
    const dialog = page.getByRole('alertdialog');
    const choice = dialog.getByRole('group', { name: 'Agents of Llama on Acme' });
    await expect(choice).toContainText('Used by 2 agents: “Revenue analyst”, “Ticket triage”');
    await expect(choice.getByLabel(/^Leave them on “Llama”: once it is deleted, those agents stop working$/)).toBeVisible();
    const confirm = dialog.getByRole('button', { name: 'Delete 1' });
    await expect(confirm).toBeDisabled();
    await expect(dialog.getByRole('status')).toHaveText('Choose what happens to the agents of the config above before deleting.');
    // Only the configs that stay, of the same kind.
    const target = choice.getByLabel('Config to move the agents of Llama on Acme to');
    const options = ['Choose a completion config…', 'Mistral (mistral-saba-24b)', 'Qwen (qwen/qwen3-32b)'];
    await expect(target.getByRole('option')).toHaveText(options);
    await target.selectOption({ label: 'Mistral (mistral-saba-24b)' });
    await expect(choice.getByRole('radio', { name: 'Move them to' })).toBeChecked();
    await page.screenshot({ path: test.info().outputPath('agents-delete-dialog.png') });
    await expectAccessible(page, 'delete dialog with agents');
    await confirm.click();
    await expect(dialog.getByRole('heading', { name: 'Deleted' })).toBeVisible();
    await expect(dialog).toContainText('LLM config “Llama” (llama-3.3-70b-versatile) · deleted; 2 agents moved to “Mistral”');
    expect(agentConfigs(t)).toEqual([
      ['Revenue analyst', mistral],
      ['Ticket triage', mistral],
    ]);
    expect(t.fake.state().configs.some((c) => c.id === t.llama)).toBe(false);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('button', { name: '2 agents use Mistral on Acme: show their names' })).toBeVisible();

    // The settings matrix counts each tenant's agents.
    await page.getByRole('tab', { name: 'Defaults and overrides' }).click();
    const counts = page.getByRole('row', { name: /^Agents/ }).getByRole('cell');
    await expect(counts).toHaveText(['2 agents', 'not listed (the tenant has no agent API)']);
  },
);

test('a fallback rotation re-points the agents to the new twin; one that stops before the old configs go puts them back', async ({
  page,
  harness,
}) => {
  const t = await tenantWithAgents({ patchRoutes: '405' });
  t.fake.mutate((s) => {
    s.preference.default_llm_config_id = t.qwen;
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', t.fake]]);
  await openInventory(page, ['Acme']);

  // Named in the delete dialog of the config they use; the admin thinks better of it.
  // Delete is in the row's menu of actions.
  await page.getByRole('button', { name: 'Actions for config Llama on Acme' }).click();
  await page.getByRole('menuitem', { name: 'Delete config Llama on Acme' }).click();
  const named = page.getByRole('alertdialog').getByRole('group', { name: 'Agents of Llama on Acme' });
  await expect(named).toContainText('Used by 2 agents: “Revenue analyst”, “Ticket triage”');
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Rotate Groq team on Acme' }).first().click();
  await page.getByLabel('API Key', { exact: true }).fill(newKey);
  await page.getByRole('button', { name: 'Rotate on 1 credential' }).click();
  const result = page.getByRole('article', { name: 'Rotation on Acme' });
  await expect(result.locator('.pill')).toHaveText('No PATCH on this tenant', { timeout: 20_000 });
  const fallback = page.getByRole('status').filter({ hasText: 'cannot update a key in place' });
  await expect(fallback).toContainText('Each agent that uses one of them is re-pointed to its new config before the old one is deleted');
  await expect(fallback.getByRole('listitem')).toHaveText(
    'Acme, “Groq team”: “Llama”, “Qwen”; the 2 agents that move: “Revenue analyst”, “Ticket triage”; the default LLM moves',
  );

  // The tenant refuses to move the default, after the agents moved: everything is taken back.
  t.fake.setFaults([{ kind: '500', path: '/ai/api/v1/config/llm_preference', method: 'PUT', times: 1 }]);
  await fallback.getByRole('button', { name: 'Replace on 1 tenant with a successor credential' }).click();
  await expect(result.locator('.pill')).toHaveText('Failed', { timeout: 20_000 });
  await expect(result).toContainText('Moved 2 agents to the new configs: “Revenue analyst”, “Ticket triage”');
  await expect(result).toContainText('Moved 2 agents back to the old configs: “Revenue analyst”, “Ticket triage”');
  await page.screenshot({ path: test.info().outputPath('agents-rotation-undo.png'), fullPage: true });
  expect(agentConfigs(t)).toEqual([
    ['Revenue analyst', t.llama],
    ['Ticket triage', t.llama],
  ]);
  expect(
    t.fake
      .state()
      .configs.map((c) => c.id)
      .sort(),
  ).toEqual([t.llama, t.qwen].sort());
  expect(t.fake.state().credentials.map((c) => c.id)).toEqual([t.credentialId]);

  // Again, with nothing in the way: both agents end on the new Llama.
  await page.getByRole('button', { name: 'Retry on 1 with the corrected key' }).click();
  await expect(result.locator('.pill')).toHaveText('Replaced by a successor', { timeout: 20_000 });
  const newLlama = t.fake.state().configs.find((c) => c.name === 'Llama (new)')!.id;
  expect(agentConfigs(t)).toEqual([
    ['Revenue analyst', newLlama],
    ['Ticket triage', newLlama],
  ]);
  const reportedAgents = result.getByRole('list', { name: 'Agents re-pointed on Acme' }).getByRole('listitem');
  await expect(reportedAgents).toHaveText(['Agents now on “Llama (new)”: “Revenue analyst”, “Ticket triage”']);
  await page.screenshot({ path: test.info().outputPath('agents-rotation-report.png'), fullPage: true });
  const entries = await page.evaluate(async () => {
    // This test's tenant only: the harness, and its audit log, are shared by the file's tests.
    const tenantIds = (await window.byomDesk.listTenantProfiles()).profiles.map((p) => p.id);
    return (await window.byomDesk.listAuditEntries({ actions: ['agent.repoint'], tenantIds })).entries;
  });
  // Two moves, two moves back, two moves again: each names the agent and both configs.
  expect(entries).toHaveLength(6);
  expect(entries.every((e) => e.objects[0]!.kind === 'agent' && e.objects.length === 3)).toBe(true);
  expect(JSON.stringify(entries)).not.toContain(newKey);
});
