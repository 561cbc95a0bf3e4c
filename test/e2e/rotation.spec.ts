// Rotating a key once, everywhere, as an admin does it: Rotate on a credential in the inventory
// finds the same key on every tenant; the new key goes in place, is validated again, and the configs
// are untouched. A tenant that refuses the new key is said plainly, with no effect on the others; a
// tenant without PATCH goes through the fallback, its default and override moved, nothing orphaned.
import type { Page } from '@playwright/test';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { expect, test } from './fixtures';
import { addProfiles, expectAccessible, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const oldKey = 'sk-rotate-old-key-7a1b2';
const newKey = 'sk-rotate-new-key-9c3d4';
const baseUrl = 'https://api.groq.com/openai/v1';

async function tenantWithKey(options: Parameters<ReturnType<typeof fakeTenants>>[0] = {}) {
  const t = await fake({ builtInConfigs: false, ...options });
  const credentialId = await createCredential(t, { name: 'Groq team', creds_type: 'API_KEY', api_key: oldKey, base_url: baseUrl });
  const configs = [
    await createConfig(t, { name: 'Llama', provider: 'openai', llm_credentials_id: credentialId, model_name: 'llama-3.3-70b-versatile' }),
    await createConfig(t, { name: 'Qwen', provider: 'openai', llm_credentials_id: credentialId, model_name: 'qwen/qwen3-32b' }),
  ];
  return { fake: t, credentialId, configs };
}

async function rotateFromInventory(page: Page, tenant: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  await expect(
    page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('status', { name: new RegExp(`^${tenant}: `) }),
  ).toHaveText(/^Read just now$/);
  await page
    .getByRole('button', { name: `Rotate Groq team on ${tenant}` })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Rotate keys', level: 1 })).toBeVisible();
}

const matchRow = (page: Page, tenant: string) =>
  page
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('checkbox', { name: `Rotate Groq team on ${tenant}` }) });
const resultOn = (page: Page, tenant: string) => page.getByRole('article', { name: `Rotation on ${tenant}` });

test('one key rotated on three tenants: found from the inventory, patched in place, validated, configs untouched', async ({
  page,
  harness,
}) => {
  const tenants = [await tenantWithKey(), await tenantWithKey(), await tenantWithKey()];
  // Another key on the first tenant, same provider: not the same key, not offered.
  await createCredential(tenants[0]!.fake, {
    name: 'Groq other',
    creds_type: 'API_KEY',
    api_key: 'sk-another-key-zz99',
    base_url: baseUrl,
  });
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Alpha', tenants[0]!.fake],
    ['Beta', tenants[1]!.fake],
    ['Gamma', tenants[2]!.fake, 'production'],
  ]);
  await rotateFromInventory(page, 'Alpha');
  for (const name of ['Alpha', 'Beta', 'Gamma'])
    await expect(page.getByRole('checkbox', { name: `Rotate Groq team on ${name}` })).toBeChecked();
  await expect(matchRow(page, 'Beta')).toContainText('Same key');
  await expect(matchRow(page, 'Beta')).toContainText(`API Key ends ${oldKey.slice(-4)}`);
  await expect(page.getByRole('checkbox', { name: /Groq other/ })).toHaveCount(0);

  const configsBefore = tenants.map((t) => t.fake.state().configs);
  for (const t of tenants) t.fake.clearRequests();
  await page.getByLabel('API Key', { exact: true }).fill(newKey);
  const rotate = page.getByRole('button', { name: 'Rotate on 3 credentials' });
  await expect(rotate).toBeDisabled();
  await page.getByLabel('Type Gamma to confirm').fill('Gamma');
  await expectAccessible(page, 'rotation');
  await rotate.click();
  for (const name of ['Alpha', 'Beta', 'Gamma'])
    await expect(resultOn(page, name).locator('.pill')).toHaveText('Rotated', { timeout: 20_000 });
  await expect(resultOn(page, 'Beta')).toContainText('Every config’s model is listed');

  for (const [i, t] of tenants.entries()) {
    expect(t.fake.state().credentials.find((c) => c.id === t.credentialId)!.secrets.api_key).toBe(newKey);
    expect(t.fake.state().configs).toEqual(configsBefore[i]);
    const calls = t.fake.requests().filter((r) => r.path.startsWith(`/ai/api/v1/llm_credentials/${t.credentialId}`));
    expect(calls.map((r) => `${r.method} ${r.path.endsWith('/validate') ? 'validate' : 'credential'}`).slice(0, 2)).toEqual([
      'PATCH credential',
      'POST validate',
    ]);
  }
  expect(tenants[0]!.fake.state().credentials.find((c) => c.name === 'Groq other')!.secrets.api_key).toBe('sk-another-key-zz99');
  // Every change is in the audit log, and no key.
  const entries = await page.evaluate(async () => (await window.byomDesk.listAuditEntries({ actions: ['credential.rotate'] })).entries);
  expect(entries).toHaveLength(3);
  expect(JSON.stringify(entries)).not.toContain(newKey);
});

test('a new key refused on one tenant is reported there, plainly, with no effect on the others; a corrected key is retried', async ({
  page,
  harness,
}) => {
  const good = await tenantWithKey();
  const picky = await tenantWithKey({ rejectedSecrets: [newKey] });
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Alpha', good.fake],
    ['Beta', picky.fake],
  ]);
  await rotateFromInventory(page, 'Alpha');
  await page.getByLabel('API Key', { exact: true }).fill(newKey);
  await page.getByRole('button', { name: 'Rotate on 2 credentials' }).click();
  await expect(resultOn(page, 'Alpha').locator('.pill')).toHaveText('Rotated', { timeout: 20_000 });
  await expect(resultOn(page, 'Beta').locator('.pill')).toHaveText('New key refused');
  await expect(resultOn(page, 'Beta')).toContainText('The old key is no longer on this tenant');
  await expect(resultOn(page, 'Beta')).toContainText('Invalid API key or credentials');
  expect(good.fake.state().credentials[0]!.secrets.api_key).toBe(newKey);
  expect(good.fake.state().configs).toHaveLength(2);

  // A corrected key, for the tenant that refused only.
  good.fake.clearRequests();
  await page.getByLabel('API Key', { exact: true }).fill('sk-rotate-corrected-key-5e6f');
  await page.getByRole('button', { name: 'Retry on 1 with the corrected key' }).click();
  await expect(resultOn(page, 'Beta').locator('.pill')).toHaveText('Rotated', { timeout: 20_000 });
  expect(picky.fake.state().credentials[0]!.secrets.api_key).toBe('sk-rotate-corrected-key-5e6f');
  expect(good.fake.requests().filter((r) => r.method === 'PATCH')).toEqual([]);
});

test(
  'a tenant without PATCH goes through the fallback: successor credential, ' +
    'configs recreated, default and override moved, nothing orphaned',
  async ({ page, harness }) => {
    const t = await tenantWithKey({ patchRoutes: '405' });
    const [llama, qwen] = t.configs as [string, string];
    t.fake.mutate((s) => {
      s.preference.default_llm_config_id = llama;
      s.featureOverrides.push({ feature_type: 'DEFAULT_AGENT', feature_key: 'sql_query_agent', llm_config_id: qwen } as never);
    });
    await page.goto(harness.url);
    await addProfiles(page, [['Acme', t.fake]]);
    await rotateFromInventory(page, 'Acme');
    await page.getByLabel('API Key', { exact: true }).fill(newKey);
    await page.getByRole('button', { name: 'Rotate on 1 credential' }).click();
    await expect(resultOn(page, 'Acme').locator('.pill')).toHaveText('No PATCH on this tenant', { timeout: 20_000 });
    expect(t.fake.state().credentials[0]!.secrets.api_key).toBe(oldKey);
    const fallback = page.getByRole('status').filter({ hasText: 'cannot update a key in place' });
    await expect(fallback).toContainText('Each agent that uses one of them is re-pointed to its new config');
    await expect(fallback.getByRole('listitem')).toHaveText(
      'Acme, “Groq team”: “Llama”, “Qwen”; the default LLM moves; feature overrides move: DEFAULT_AGENT/sql_query_agent',
    );
    await fallback.getByRole('button', { name: 'Replace on 1 tenant with a successor credential' }).click();
    await expect(resultOn(page, 'Acme').locator('.pill')).toHaveText('Replaced by a successor', { timeout: 20_000 });
    await expect(resultOn(page, 'Acme')).toContainText('keep their temporary names');

    const state = t.fake.state();
    expect(state.credentials).toHaveLength(1);
    const successor = state.credentials[0]!;
    expect(successor.secrets.api_key).toBe(newKey);
    expect(successor.name).toMatch(/^Groq team \(rotated \d{4}-\d{2}-\d{2}\)$/);
    expect(state.configs.map((c) => [c.name, c.llm_credentials_id]).sort()).toEqual([
      ['Llama (new)', successor.id],
      ['Qwen (new)', successor.id],
    ]);
    const idOf = (n: string) => state.configs.find((c) => c.name === n)!.id;
    expect(state.preference.default_llm_config_id).toBe(idOf('Llama (new)'));
    expect(state.featureOverrides.map((o) => [o.feature_key, o.llm_config_id])).toEqual([['sql_query_agent', idOf('Qwen (new)')]]);

    // The inventory is read again after the rotation and holds the successor only; the report stays
    // on the Rotate keys screen, though the credential it was opened from is gone.
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Inventory' }).click();
    await expect(page.getByRole('button', { name: /^Rotate Groq team \(rotated [\d-]+\) on Acme$/ }).first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Rotate Groq team on Acme' })).toHaveCount(0);
    await nav.getByRole('button', { name: 'Rotate keys' }).click();
    await expect(resultOn(page, 'Acme').locator('.pill')).toHaveText('Replaced by a successor');
  },
);
