// Extra config (`llm_extra_config`) on the Setup screen: reasoning effort for an OpenAI o-series
// model, Bedrock's thinking budget, guardrail and prompt caching; each checked at the field before
// Complete, and then looked for on the tenant, exactly as sent.
import { expect, test } from './fixtures';
import { addTenantProfile, chooseProvider, expectAccessible, fakeTenants, openSetup, pickModels, validate } from './setup-helpers';
import type { FakeTenant } from '../fake-tenant/server';

const fake = fakeTenants();

/** What the tenant holds as each config's extra config, by model. */
const extraConfigs = (tenant: FakeTenant) =>
  Object.fromEntries(
    tenant
      .state()
      .configs.filter((c) => !c.is_builtin)
      .map((c) => [c.model_name, c.llm_extra_config]),
  );

test('OpenAI: reasoning effort on an o-series model; a model it is not known to fit shows it collapsed; embeddings take none', async ({
  page,
  harness,
}) => {
  const tenant = await fake();
  await addTenantProfile(page, harness, tenant);
  await openSetup(page, 'Acme');
  await chooseProvider(page, 'OpenAI', { Name: 'OpenAI reasoning', 'API Key': 'sk-proj-e2e-extra' });
  await validate(page);
  await pickModels(page, ['o3', 'gpt-4o', 'text-embedding-3-small']);
  await page.getByRole('button', { name: 'Continue with 3 models' }).click();

  const o3 = page.locator('tr[data-model="o3"]');
  await expect(o3.locator('summary')).toHaveText('Extra config… none');
  await o3.locator('summary').click();
  await o3.getByLabel('Reasoning effort').selectOption('high');
  await expect(o3.locator('summary')).toHaveText('Extra config… reasoning high');
  const gpt4o = page.locator('tr[data-model="gpt-4o"]');
  await gpt4o.locator('summary').click();
  await expect(gpt4o.getByText('Reasoning effort: not known to apply to gpt-4o.')).toBeVisible();
  await expect(gpt4o.getByRole('button', { name: 'Set anyway: Reasoning effort' })).toBeVisible();
  await expect(page.locator('tr[data-model="text-embedding-3-small"]')).toContainText('None for embeddings');
  await expectAccessible(page, 'display names with extra config open');

  await page.getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByText('All 3 LLM configs created. Agents can use them now.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Results' }).locator('tr[data-model="o3"]')).toContainText('reasoning high');
  expect(extraConfigs(tenant)).toEqual({
    o3: { extra_config_type: 'openai_config', reasoning_effort: 'high' },
    'gpt-4o': null,
    'text-embedding-3-small': null,
  });
});

test('Bedrock: a thinking budget, a guardrail and a cache flag; a budget too small blocks Complete at its field', async ({
  page,
  harness,
}) => {
  const tenant = await fake();
  await addTenantProfile(page, harness, tenant);
  await openSetup(page, 'Acme');
  await chooseProvider(page, 'AWS Bedrock', {
    Name: 'Bedrock EU',
    'Access Key ID': 'AKIAE2EEXTRACONFIG',
    'Secret Access Key': 'e2e-secret',
    Region: 'eu-central-1',
  });
  await validate(page);
  const sonnet = 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0';
  await pickModels(page, [sonnet, 'amazon.nova-pro-v1:0']);
  await page.getByRole('button', { name: 'Continue with 2 models' }).click();

  const row = page.locator(`tr[data-model="${sonnet}"]`);
  await row.locator('summary').click();
  const fields = row.getByRole('group', { name: `Extra config for ${sonnet}` });
  await fields.getByLabel('Thinking budget (tokens)').fill('512');
  await fields.getByLabel('Guardrail ID').fill('gr-e2e-1');
  await expect(fields.getByText('Thinking budget must be a whole number of at least 1024, such as 4096')).toBeVisible();
  await expect(fields.getByText('Enter the guardrail’s version (e.g., 1 or DRAFT)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Complete' })).toBeDisabled();
  await expect(page.getByText('Fix the flagged extra config first.')).toBeVisible();
  await expectAccessible(page, 'extra config with errors');

  await fields.getByLabel('Thinking budget (tokens)').fill('8192');
  await fields.getByLabel('Guardrail version').fill('1');
  await fields.getByLabel('Guardrail trace').selectOption('enabled');
  await fields.getByLabel('Cache instructions').check();
  await expect(row.locator('summary')).toHaveText(
    'Extra config… thinking 8192 · guardrail gr-e2e-1/1 (trace enabled) · cache instructions',
  );
  await expectAccessible(page, 'extra config filled in');
  await page.screenshot({ path: 'test-results/setup-extra-config.png', fullPage: true });

  await page.getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByText('All 2 LLM configs created. Agents can use them now.')).toBeVisible();
  expect(extraConfigs(tenant)).toEqual({
    [sonnet]: {
      extra_config_type: 'bedrock_config',
      thinking: { type: 'enabled', budget_tokens: 8192 },
      guardrail: { guardrail_identifier: 'gr-e2e-1', guardrail_version: '1', trace: 'enabled' },
      cache_instructions: true,
    },
    'amazon.nova-pro-v1:0': null,
  });
});
