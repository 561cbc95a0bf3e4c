// Drafts, plan and apply as an admin uses them: a draft written while every tenant is down, a plan
// for three tenants (one holding part of the setup already), an apply with one tenant failing
// half-way, applying again, and a stale plan refused. Then export and import without secrets,
// and "make a draft from this" from the inventory.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { AuditEntry } from '../../src-shared/audit';
import type { FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { expect, test } from './fixtures';
import { latchedProxies } from './latched-tenants';
import { addProfiles, expectAccessible, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const latched = latchedProxies();
const apiKey = 'sk-proj-draftE2EkeyQ7x9w2v5';

async function openDrafts(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Drafts' }).click();
  await expect(page.getByRole('heading', { name: 'Drafts', level: 1 })).toBeVisible();
}

const editor = (page: Page) => page.getByRole('form', { name: /Draft|New draft/ });

async function addModel(page: Page, id: string) {
  await page.getByLabel('Add a model').fill(id);
  await page.getByLabel('Add a model').press('Enter');
}

/** Writes that changed a fake tenant, as its request log has them. */
const changesOn = (f: FakeTenant) =>
  f
    .requests()
    .filter(
      (r) => r.status !== null && r.status < 300 && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.path.endsWith('/validate'),
    );

test(
  'a draft written offline, planned for three tenants, applied with ' + 'one failing half-way, applied again, and a stale plan refused',
  async ({ page, freshHarness: harness }) => {
    test.setTimeout(90_000);
    // Three tenants known to the app, then all of them down: the draft is written with no network.
    // (A harness of its own: it starts with no drafts.)
    const fakes = await Promise.all([0, 1, 2].map(() => fake({ builtInConfigs: false })));
    const [alpha, beta, gamma] = fakes as [FakeTenant, FakeTenant, FakeTenant];
    const proxies = await Promise.all(fakes.map((f) => latched(f)));
    const behind = (i: number) => ({ ...fakes[i]!, baseUrl: proxies[i]!.baseUrl }) as FakeTenant;
    await page.goto(harness.url);
    await addProfiles(page, [
      ['Alpha', behind(0)],
      ['Beta', behind(1), 'production'],
      ['Gamma', behind(2)],
    ]);
    for (const proxy of proxies) proxy.down();

    await openDrafts(page);
    await expect(page.getByRole('heading', { name: 'No drafts yet' })).toBeVisible();
    await page.getByRole('button', { name: 'New draft' }).first().click();
    await editor(page).getByLabel('Title').fill('Team OpenAI rollout');
    await editor(page).getByLabel('Provider', { exact: true }).selectOption({ label: 'OpenAI' });
    await editor(page).getByLabel('Name', { exact: true }).fill('Team OpenAI');
    await editor(page).getByLabel('API Key', { exact: true }).fill(apiKey);
    await addModel(page, 'gpt-4o');
    await editor(page).getByLabel('Display name of gpt-4o').fill('GPT-4o (team)');
    await addModel(page, 'o3-mini');
    const o3 = editor(page).getByRole('row', { name: /o3-mini/ });
    await o3.getByText('Extra config…').click();
    await o3.getByLabel('Reasoning effort').selectOption('high');
    await addModel(page, 'text-embedding-3-small');
    // An embedding model is recognised, with its known dimensions.
    await expect(editor(page).getByLabel('text-embedding-3-small is an embedding model')).toBeChecked();
    await expect(editor(page).getByLabel('Dimensions of text-embedding-3-small')).toHaveValue('1536');
    await editor(page).getByLabel('Display name of text-embedding-3-small').fill('Team embeddings');
    await editor(page).getByLabel('Default LLM').selectOption('gpt-4o');
    await editor(page).getByLabel('Default embedding').selectOption('text-embedding-3-small');
    await page.keyboard.press('Control+s');
    await expect(editor(page).getByRole('status')).toHaveText('Saved. Ready to plan.');
    // The key went to the keychain: the page no longer holds it.
    await expect(editor(page).getByLabel('API Key', { exact: true })).toHaveValue('');
    await expect(editor(page).getByLabel('API Key', { exact: true })).toHaveAttribute('placeholder', /Stored in the keychain/);
    await expectAccessible(page, 'draft editor');

    // The tenants come back; Beta already has the credential and one of the configs.
    for (const proxy of proxies) proxy.up();
    const betaCredential = await createCredential(beta, { name: 'Team OpenAI', creds_type: 'API_KEY', api_key: apiKey });
    await createConfig(beta, { name: 'GPT-4o (team)', provider: 'openai', llm_credentials_id: betaCredential, model_name: 'gpt-4o' });
    for (const f of fakes) f.clearRequests();

    const panel = page.getByRole('region', { name: 'Plan and apply' });
    await panel.getByLabel('All 3 tenants').check();
    await panel.getByRole('button', { name: 'Plan for 3 tenants' }).click();
    const planFor = (name: string) => panel.getByRole('article', { name: `Plan for ${name}` });
    await expect(planFor('Alpha').locator('.pill')).toHaveText('Changes');
    await expect(planFor('Beta').getByRole('row', { name: /Credential Team OpenAI There already/ })).toBeVisible();
    await expect(planFor('Beta').getByRole('row', { name: /GPT-4o \(team\).*There already/ })).toBeVisible();
    await expect(planFor('Beta').getByRole('row', { name: /o3-mini.*Create.*extra: reasoning high/ })).toBeVisible();
    await expect(planFor('Beta').getByRole('row', { name: /Default LLM gpt-4o Change from Alation’s default/ })).toBeVisible();
    await expect(planFor('Beta')).toContainText('deletes and rebuilds the tenant’s search indexes');
    await expectAccessible(page, 'plan');
    // Nothing was written by the plan.
    for (const f of fakes) expect(changesOn(f)).toEqual([]);

    // Gamma refuses its first config: it stops alone, and is rolled back.
    gamma.addFault({ kind: '500', method: 'POST', path: '/ai/api/v1/config/llm', times: 1 });
    const applyButton = panel.getByRole('button', { name: 'Apply to 3 tenants' });
    await expect(applyButton).toBeDisabled();
    await panel.getByLabel('Type Beta to confirm').fill('Beta');
    await applyButton.click();
    const applyOn = (name: string) => panel.getByRole('article', { name: `Apply on ${name}` });
    await expect(applyOn('Gamma').locator('.pill')).toHaveText('Failed, rolled back', { timeout: 20_000 });
    await expect(applyOn('Alpha').locator('.pill')).toHaveText('Applied');
    await expect(applyOn('Beta').locator('.pill')).toHaveText('Applied');
    await expect(applyOn('Gamma')).toContainText('Deleted the credential this run created');
    expect(gamma.state().credentials).toEqual([]);
    await page.screenshot({ path: 'test-results/drafts-apply.png', fullPage: true });

    // Apply again: planned afresh, only Gamma has anything to do.
    await panel.getByRole('button', { name: 'Plan again' }).click();
    await expect(applyOn('Alpha')).toHaveCount(0);
    await expect(planFor('Alpha').locator('.pill')).toHaveText('Nothing to do');
    await expect(planFor('Beta').locator('.pill')).toHaveText('Nothing to do');
    await expect(planFor('Gamma').locator('.pill')).toHaveText('Changes');
    await panel.getByLabel('Type Beta to confirm').fill('Beta');
    await panel.getByRole('button', { name: 'Apply to 3 tenants' }).click();
    for (const name of ['Alpha', 'Beta', 'Gamma']) await expect(applyOn(name).locator('.pill')).toHaveText('Applied', { timeout: 20_000 });

    // Someone renames a config on Alpha behind the app's back: its plan is stale, and refused.
    await panel.getByRole('button', { name: 'Plan again' }).click();
    // The new plan replaces the last apply's report: only then is the pill the new plan's.
    await expect(applyOn('Alpha')).toHaveCount(0);
    await expect(planFor('Alpha').locator('.pill')).toHaveText('Nothing to do');
    alpha.mutate((s) => {
      s.configs.find((c) => c.name === 'o3-mini')!.name = 'o3 (renamed by someone)';
    });
    await panel.getByLabel('Type Beta to confirm').fill('Beta');
    await panel.getByRole('button', { name: 'Apply to 3 tenants' }).click();
    await expect(applyOn('Alpha').locator('.pill')).toHaveText('Refused: stale plan');
    await expect(applyOn('Alpha')).toContainText('changed since the plan was made');
    await expect(applyOn('Alpha').getByRole('button', { name: 'Plan again' })).toBeVisible();

    // Each tenant holds exactly one credential and the configs, with extra config and defaults.
    for (const f of [beta, gamma]) {
      const state = f.state();
      expect(state.credentials.map((c) => c.name)).toEqual(['Team OpenAI']);
      const byName = Object.fromEntries(state.configs.map((c) => [c.name, c]));
      expect(Object.keys(byName).sort()).toEqual(['GPT-4o (team)', 'Team embeddings', 'o3-mini']);
      expect(byName['o3-mini']!.llm_extra_config).toEqual({ extra_config_type: 'openai_config', reasoning_effort: 'high' });
      expect(byName['Team embeddings']).toMatchObject({ is_embedding: true, embedding_dimensions: 1536 });
      expect(state.preference).toMatchObject({
        default_llm_config_id: byName['GPT-4o (team)']!.id,
        default_embedding_config_id: byName['Team embeddings']!.id,
      });
      for (const c of state.configs) expect(c.llm_credentials_id).toBe(state.credentials[0]!.id);
    }
    expect(alpha.state().credentials).toHaveLength(1);
    expect(alpha.state().configs).toHaveLength(3);

    // The audit log has one entry for every change the app made on each tenant.
    const entries = await page.evaluate(async () => (await window.byomDesk.listAuditEntries({})).entries);
    const profiles = await page.evaluate(async () =>
      (await window.byomDesk.listTenantProfiles()).profiles.map((p) => [p.name, p.id] as const),
    );
    const idOf = Object.fromEntries(profiles);
    for (const [name, f] of [
      ['Alpha', alpha],
      ['Beta', beta],
      ['Gamma', gamma],
    ] as const) {
      const changes = (entries as AuditEntry[]).filter(
        (e) => e.tenantId === idOf[name] && e.action !== 'credential.validate' && e.outcome === 'ok',
      );
      expect(changes, `audit entries of ${name}`).toHaveLength(changesOn(f).length);
    }
    expect(JSON.stringify(entries)).not.toContain(apiKey);
  },
);

test('exports a draft without its secrets and imports it, asking for the secret it lacks', async ({ page, harness }) => {
  await page.goto(harness.url);
  await addProfiles(page, []);
  await page.evaluate(() =>
    window.byomDesk.saveDraft({
      content: {
        title: 'Bedrock EU',
        providerId: 'bedrock',
        values: { name: 'Bedrock EU', aws_access_key_id: 'AKIAEXAMPLE1234', aws_region: 'eu-west-1' },
        models: [
          {
            modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
            name: '',
            isEmbedding: false,
            dimensions: null,
            extraConfig: { extra_config_type: 'bedrock_config', thinking: { type: 'enabled', budget_tokens: 2048 } },
          },
        ],
        defaults: { llmModelId: null, embeddingModelId: null },
        expiresAt: null,
        notes: '',
      },
      secrets: { aws_secret_access_key: 'awsSecretForExport123' },
      clearSecrets: [],
    }),
  );
  await openDrafts(page);
  await page
    .getByRole('navigation', { name: 'Drafts' })
    .getByRole('button', { name: /Bedrock EU/ })
    .click();
  const [download] = await Promise.all([page.waitForEvent('download'), editor(page).getByRole('button', { name: 'Export…' }).click()]);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text).not.toContain('awsSecretForExport123');
  expect(JSON.parse(text)).toMatchObject({
    format: 'byom-desk-draft',
    version: 1,
    draft: { title: 'Bedrock EU', values: { aws_region: 'eu-west-1' } },
  });

  await page
    .getByRole('navigation', { name: 'Drafts' })
    .getByLabel('Draft file to import')
    .setInputFiles({ name: 'bedrock.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  const imported = page.getByRole('navigation', { name: 'Drafts' }).getByRole('button', { name: /Bedrock EU.*secret missing/ });
  await expect(imported).toHaveAttribute('aria-current', 'true');
  await expect(editor(page).getByText('Not given yet: the draft can be saved, and asks for it before it is applied.')).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Plan and apply' }).getByText(/Not ready to plan: Secret Access Key is not given yet/),
  ).toBeVisible();
  await editor(page).getByLabel('Secret Access Key', { exact: true }).fill('awsSecretTypedLater456');
  await editor(page).getByRole('button', { name: 'Save draft' }).click();
  await expect(editor(page).getByRole('status')).toHaveText('Saved. Ready to plan.');
  await expect(imported).toHaveCount(0);

  // A file that is not a draft is refused with a clear error, and nothing is lost.
  await page
    .getByRole('navigation', { name: 'Drafts' })
    .getByLabel('Draft file to import')
    .setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(page.getByRole('alert').filter({ hasText: 'not a BYOM Desk draft file' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Drafts' }).getByRole('button', { name: /Bedrock EU/ })).toHaveCount(2);
});

test('"Make a draft from this" turns a credential in the inventory into a draft with its configs, its secret left to fill in', async ({
  page,
  harness,
}) => {
  const tenant = await fake({ builtInConfigs: false });
  const credential = await createCredential(tenant, {
    name: 'Support Anthropic',
    creds_type: 'API_KEY',
    api_key: 'sk-ant-inventorykey123',
  });
  await createConfig(tenant, {
    name: 'Sonnet for support',
    provider: 'anthropic',
    llm_credentials_id: credential,
    model_name: 'claude-sonnet-4-5-20250929',
  });
  await createConfig(tenant, {
    name: 'claude-3-5-haiku-20241022',
    provider: 'anthropic',
    llm_credentials_id: credential,
    model_name: 'claude-3-5-haiku-20241022',
  });
  await page.goto(harness.url);
  await addProfiles(page, [['Acme', tenant]]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  // Draft is in the row's menu of actions.
  const inventoryRow = page.getByRole('table', { name: 'Inventory' }).getByRole('row').filter({ hasText: 'Support Anthropic' }).first();
  await inventoryRow.getByRole('button', { name: /^Actions for / }).click();
  await page.getByRole('menuitem', { name: 'Make a draft from Support Anthropic on Acme' }).click();
  await expect(page.getByRole('heading', { name: 'Drafts', level: 1 })).toBeVisible();
  await expect(editor(page).getByLabel('Title')).toHaveValue('Support Anthropic from Acme');
  await expect(editor(page).getByLabel('Provider', { exact: true })).toHaveValue('anthropic');
  await expect(editor(page).getByLabel('Display name of claude-sonnet-4-5-20250929')).toHaveValue('Sonnet for support');
  await expect(editor(page).getByLabel('Display name of claude-3-5-haiku-20241022')).toHaveValue('');
  await expect(editor(page).getByLabel('API Key', { exact: true })).toHaveValue('');
  await expect(
    page.getByRole('navigation', { name: 'Drafts' }).getByRole('button', { name: /Support Anthropic from Acme.*secret missing/ }),
  ).toBeVisible();
});
