// A fallback rotation cut short by a crash: the app is killed (SIGKILL, no quit handler) after the
// configs were recreated on the successor and the agents and default moved, while the feature
// override's PUT is on the wire (it landed; the tenant holds its answer). The next start offers
// the replacement with Resume and Roll back. Resume finishes it; Roll back leaves the tenant as it
// was. Either way the tenant is whole: every agent, default and override on a config that exists,
// every config on a credential that exists, nothing orphaned.
import type { Page } from '@playwright/test';
import { createConfig, createCredential, OVERRIDES } from '../fake-tenant/test-helpers';
import type { FakeTenant } from '../fake-tenant/server';
import { startHarnessProcess, type HarnessProcess } from '../support/harness-process';
import { expect, leaveAndStop, test } from './fixtures';
import { addProfiles, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const oldKey = 'sk-crash-old-key-7a1b2';
const newKey = 'sk-crash-new-key-9c3d4';
const baseUrl = 'https://api.groq.com/openai/v1';

const harnesses: HarnessProcess[] = [];
test.afterEach(async ({ page }) => {
  await leaveAndStop(page, ...harnesses.splice(0));
});

/** A tenant without PATCH: one key, two configs, the default LLM on one, an override and an agent on the other. */
async function tenantWithKey() {
  const t = await fake({ builtInConfigs: false, patchRoutes: '405' });
  const credentialId = await createCredential(t, { name: 'Groq team', creds_type: 'API_KEY', api_key: oldKey, base_url: baseUrl });
  const on = { provider: 'openai', llm_credentials_id: credentialId };
  const llama = await createConfig(t, { ...on, name: 'Llama', model_name: 'llama-3.3-70b-versatile' });
  const qwen = await createConfig(t, { ...on, name: 'Qwen', model_name: 'qwen/qwen3-32b' });
  t.mutate((s) => {
    s.preference.default_llm_config_id = llama;
    s.featureOverrides.push({ feature_type: 'DEFAULT_AGENT', feature_key: 'sql_query_agent', llm_config_id: qwen } as never);
  });
  t.addAgent({ name: 'Revenue analyst', llm_config_id: llama });
  t.addAgent({ name: 'Ticket triage', llm_config_id: qwen });
  return { fake: t, credentialId, llama, qwen };
}

/** Who uses which config: the default, the override, each agent. */
function uses(t: FakeTenant) {
  const s = t.state();
  return {
    defaultLlm: s.preference.default_llm_config_id,
    overrides: s.featureOverrides.map((o) => [o.feature_key, o.llm_config_id]),
    agents: s.agents.map((a) => [a.name, a.llm_config_id]),
  };
}

/** Every default, override and agent names a config that exists; every config a credential that does. */
function expectWhole(t: FakeTenant) {
  const s = t.state();
  const configs = s.configs.map((c) => c.id);
  const credentials = s.credentials.map((c) => c.id);
  const used = [
    s.preference.default_llm_config_id,
    s.preference.default_embedding_config_id,
    ...s.featureOverrides.map((o) => o.llm_config_id),
    ...s.agents.map((a) => a.llm_config_id),
  ];
  for (const id of used.filter((x): x is string => Boolean(x))) expect(configs).toContain(id);
  for (const c of s.configs) expect(credentials).toContain(c.llm_credentials_id);
}

/** Starts the fallback from the Rotate keys screen and kills the app while the override's PUT hangs, after it landed. */
async function killMidFallback(page: Page, t: Awaited<ReturnType<typeof tenantWithKey>>): Promise<void> {
  const first = await startHarnessProcess();
  harnesses.push(first);
  await page.goto(first.url);
  await addProfiles(page, [['Acme', t.fake]]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inventory' }).click();
  await expect(page.getByRole('list', { name: 'Tenants in this inventory' }).getByRole('status', { name: /^Acme: / })).toHaveText(
    /^Read just now$/,
  );
  await page.getByRole('button', { name: 'Rotate Groq team on Acme' }).first().click();
  await page.getByLabel('API Key', { exact: true }).fill(newKey);
  await page.getByRole('button', { name: 'Rotate on 1 credential' }).click();
  const result = page.getByRole('article', { name: 'Rotation on Acme' });
  await expect(result.locator('.pill')).toHaveText('No PATCH on this tenant', { timeout: 20_000 });

  // The tenant moves the override, then never answers: the app dies with the PUT on the wire.
  t.fake.setFaults([{ kind: 'hang', path: OVERRIDES, method: 'PUT', phase: 'after', times: 1 }]);
  await page.getByRole('button', { name: 'Replace on 1 tenant with a successor credential' }).click();
  await expect
    .poll(() => t.fake.requests().some((r) => r.method === 'PUT' && r.path === OVERRIDES && r.status === null), { timeout: 20_000 })
    .toBe(true);
  const mid = t.fake.state();
  expect(mid.credentials).toHaveLength(2);
  expect(mid.configs.map((c) => c.name).sort()).toEqual(['Llama', 'Llama (new)', 'Qwen', 'Qwen (new)']);
  await page.screenshot({ path: test.info().outputPath('rotation-before-crash.png'), fullPage: true });
  // The window dies with the app: leave the page first, so its event stream is not cut mid-chunk.
  await page.goto('about:blank');
  await first.kill();
  const second = await startHarnessProcess(undefined, { dataDir: first.dataDir, keychainService: first.keychainService });
  harnesses.push(second);
  await page.goto(second.url);
}

test('after a crash mid-replacement, the next start offers it; Resume finishes it, with everything on the new configs', async ({
  page,
}) => {
  const t = await tenantWithKey();
  await killMidFallback(page, t);
  const offers = page.getByRole('region', { name: 'Unfinished operations' });
  const offer = offers.getByRole('alert').filter({ hasText: 'was cut short' });
  await expect(offer).toContainText('Replacing the Custom (OpenAI-Compatible) key on 1 credential was cut short');
  const lastStep = 'Acme: last step override “DEFAULT_AGENT/sql_query_agent”: start';
  await expect(offer).toContainText(`${lastStep}; made credential “Groq team (rotated`);
  await expect(offer.getByRole('button', { name: 'Roll back' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('rotation-offer.png'), fullPage: true });
  await offer.getByRole('button', { name: 'Resume' }).click();
  const done = offers.getByRole('article', { name: 'Replacement on Acme' });
  await expect(done.locator('.pill')).toHaveText('Replaced', { timeout: 20_000 });
  await expect(done).toContainText('Deleted the old credential “Groq team”');
  await expect(offers.getByRole('alert')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('rotation-resumed.png'), fullPage: true });

  const s = t.fake.state();
  expect(s.credentials.map((c) => [c.name.replace(/\d{4}-\d{2}-\d{2}/, 'DATE'), c.secrets.api_key])).toEqual([
    ['Groq team (rotated DATE)', newKey],
  ]);
  // The tenant cannot rename: the new configs keep their temporary names.
  const idOf = (name: string) => s.configs.find((c) => c.name === name)!.id;
  expect(s.configs.map((c) => c.name).sort()).toEqual(['Llama (new)', 'Qwen (new)']);
  expect(uses(t.fake)).toEqual({
    defaultLlm: idOf('Llama (new)'),
    overrides: [['sql_query_agent', idOf('Qwen (new)')]],
    agents: [
      ['Revenue analyst', idOf('Llama (new)')],
      ['Ticket triage', idOf('Qwen (new)')],
    ],
  });
  expectWhole(t.fake);
  // Nothing is offered again on the next start: the journal says it is finished.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unfinished operations' })).toHaveCount(0);
});

test('after a crash mid-replacement, Roll back leaves the tenant as it was before the rotation', async ({ page }) => {
  const t = await tenantWithKey();
  const before = {
    credentials: t.fake.state().credentials,
    configs: t.fake.state().configs.map((c) => [c.id, c.name]),
    uses: uses(t.fake),
  };
  await killMidFallback(page, t);
  const offers = page.getByRole('region', { name: 'Unfinished operations' });
  const offer = offers.getByRole('alert').filter({ hasText: 'was cut short' });
  await offer.getByRole('button', { name: 'Roll back' }).click();
  const done = offers.getByRole('article', { name: 'Replacement on Acme' });
  await expect(done.locator('.pill')).toHaveText('Rolled back', { timeout: 20_000 });
  await expect(done).toContainText('Put override DEFAULT_AGENT/sql_query_agent back on “Qwen”');
  await page.screenshot({ path: test.info().outputPath('rotation-rolled-back.png'), fullPage: true });

  const s = t.fake.state();
  expect(s.credentials).toEqual(before.credentials);
  expect(s.configs.map((c) => [c.id, c.name])).toEqual(before.configs);
  expect(uses(t.fake)).toEqual(before.uses);
  expectWhole(t.fake);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unfinished operations' })).toHaveCount(0);
});
