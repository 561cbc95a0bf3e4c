// axe-core with every WCAG 2.0/2.1 A and AA rule (label in name included) on the screens that change
// tenants as jobs, each step with fake tenants' data in it: a draft planned and applied, a key
// rotated (in place, refused, replaced), the audit log they leave, and the offer of an operation a
// crash cut short. The other screens are in accessibility.spec.ts.
import type { DraftContent } from '../../src-shared/drafts';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { startHarnessProcess, type HarnessProcess } from '../support/harness-process';
import { axeSweep, go, heading, inventoryChip as chip } from './accessibility-helpers';
import { expect, leaveAndStop, test } from './fixtures';
import { addProfiles, fakeTenants } from './setup-helpers';

const fake = fakeTenants();

test('Drafts: the list, the editor with its models, the plan, the apply report and the delete dialog', async ({ page, harness }) => {
  test.setTimeout(90_000);
  const axe = axeSweep(page);
  const alpha = await fake({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 2, seedAgents: 1 });
  const beta = await fake({ builtInConfigs: false });
  await page.goto(harness.url);
  await addProfiles(page, [
    ['Alpha', alpha],
    ['Beta', beta, 'production'],
  ]);
  await go(page, 'Drafts');
  await page.getByRole('button', { name: 'New draft' }).first().click();
  const editor = page.getByRole('form', { name: /Draft|New draft/ });
  await axe.at('Drafts: a new draft, empty');
  await editor.getByLabel('Title').fill('Team OpenAI rollout');
  await editor.getByLabel('Provider', { exact: true }).selectOption({ label: 'OpenAI' });
  await editor.getByLabel('Name', { exact: true }).fill('Team OpenAI');
  await editor.getByLabel('API Key', { exact: true }).fill('sk-proj-a11yDraftKey123');
  for (const id of ['gpt-4o', 'o3-mini', 'text-embedding-3-small']) {
    await page.getByLabel('Add a model').fill(id);
    await page.getByLabel('Add a model').press('Enter');
  }
  await editor
    .getByRole('row', { name: /o3-mini/ })
    .getByText('Extra config…')
    .click();
  await editor.getByLabel('Default LLM').selectOption('gpt-4o');
  await axe.at('Drafts: the editor with three models, extra config open, unsaved', { screenshot: 'draft-editor' });
  await page.keyboard.press('Control+s');
  await expect(editor.getByRole('status')).toHaveText('Saved. Ready to plan.');
  await axe.at('Drafts: a saved draft in the list');

  const panel = page.getByRole('region', { name: 'Plan and apply' });
  await panel.getByLabel('All 2 tenants').check();
  await panel.getByRole('button', { name: 'Plan for 2 tenants' }).click();
  await expect(panel.getByRole('article', { name: 'Plan for Beta' }).locator('.pill')).toHaveText('Changes');
  await axe.at('Drafts: the plan for two tenants, one in production');
  beta.addFault({ kind: '500', method: 'POST', path: '/ai/api/v1/config/llm', times: 1 });
  await panel.getByLabel('Type Beta to confirm').fill('Beta');
  await panel.getByRole('button', { name: 'Apply to 2 tenants' }).click();
  await expect(panel.getByRole('article', { name: 'Apply on Beta' }).locator('.pill')).toHaveText('Failed, rolled back', {
    timeout: 20_000,
  });
  await expect(panel.getByRole('article', { name: 'Apply on Alpha' }).locator('.pill')).toHaveText('Applied');
  await axe.at('Drafts: the apply report, one tenant failed and rolled back');

  await editor.getByRole('button', { name: 'Delete draft' }).click();
  await expect(page.getByRole('alertdialog', { name: 'Delete “Team OpenAI rollout”?' })).toBeVisible();
  await axe.at('Drafts: the delete dialog');
  await page.keyboard.press('Escape');
  await axe.done();
});

const groqUrl = 'https://api.groq.com/openai/v1';

async function tenantWithGroqKey(options: Parameters<typeof fake>[0] = {}) {
  const t = await fake({ builtInConfigs: false, ...options });
  const credential = await createCredential(t, {
    name: 'Groq team',
    creds_type: 'API_KEY',
    api_key: 'sk-a11y-old-key-7a1b2',
    base_url: groqUrl,
  });
  const llama = await createConfig(t, {
    name: 'Llama',
    provider: 'openai',
    llm_credentials_id: credential,
    model_name: 'llama-3.3-70b-versatile',
  });
  t.addAgent({ name: 'Revenue analyst', llm_config_id: llama });
  t.mutate((s) => void (s.preference.default_llm_config_id = llama));
  return t;
}

test(
  'Rotate keys: the matches, the report of a rotation refused on ' + 'one tenant, the fallback offer and its report; then the Audit log',
  async ({ page, harness }) => {
    test.setTimeout(90_000);
    const axe = axeSweep(page);
    const alpha = await tenantWithGroqKey();
    const picky = await tenantWithGroqKey({ rejectedSecrets: ['sk-a11y-new-key-9c3d4'] });
    const old = await tenantWithGroqKey({ patchRoutes: '405' });
    await page.goto(harness.url);
    await addProfiles(page, [
      ['Alpha', alpha],
      ['Picky', picky],
      ['Old', old, 'production'],
    ]);
    await go(page, 'Inventory');
    for (const name of ['Alpha', 'Picky', 'Old']) await expect(chip(page, name)).toHaveText(/^Read just now$/);
    await page.getByRole('button', { name: 'Rotate Groq team on Alpha' }).first().click();
    await expect(heading(page, 'Rotate keys')).toBeVisible();
    await page.getByLabel('API Key', { exact: true }).fill('sk-a11y-new-key-9c3d4');
    await axe.at('Rotate keys: three matches, one on production to confirm');
    await page.getByLabel('Type Old to confirm').fill('Old');
    await page.getByRole('button', { name: 'Rotate on 3 credentials' }).click();
    const result = (tenant: string) => page.getByRole('article', { name: `Rotation on ${tenant}` });
    await expect(result('Alpha').locator('.pill')).toHaveText('Rotated', { timeout: 20_000 });
    await expect(result('Picky').locator('.pill')).toHaveText('New key refused');
    await expect(result('Old').locator('.pill')).toHaveText('No PATCH on this tenant');
    await axe.at('Rotate keys: the report, a refusal and the fallback offer');
    await page.getByRole('button', { name: 'Replace on 1 tenant with a successor credential' }).click();
    await expect(page.getByRole('article', { name: 'Replacement on Old' }).or(result('Old')).locator('.pill')).toHaveText(
      'Replaced by a successor',
      { timeout: 20_000 },
    );
    await axe.at('Rotate keys: the fallback’s report');

    await go(page, 'Audit log');
    await expect(page.getByRole('table', { name: 'Audit log' }).getByRole('rowgroup').getByRole('row').first()).toBeVisible();
    await axe.at('Audit log with entries of three tenants');
    await page
      .getByRole('search')
      .locator('summary', { hasText: /^Outcomes/ })
      .click();
    await page.getByRole('search').getByRole('checkbox', { name: 'Failed' }).check();
    await axe.at('Audit log filtered, a filter open', { screenshot: 'audit-filtered' });
    await axe.done();
  },
);

const crashDraft: DraftContent = {
  title: 'Crash rollout',
  providerId: 'openai',
  values: { name: 'Crash OpenAI' },
  models: [{ modelId: 'gpt-4o', name: 'GPT-4o', isEmbedding: false, dimensions: null, extraConfig: null }],
  defaults: { llmModelId: null, embeddingModelId: null },
  expiresAt: null,
  notes: '',
};

test('the offer of an operation cut short, and its report; the expiry banner above it', async ({ page }) => {
  const axe = axeSweep(page);
  const harnesses: HarnessProcess[] = [];
  try {
    const tenant = await fake({ builtInConfigs: false });
    const first = await startHarnessProcess();
    harnesses.push(first);
    await page.goto(first.url);
    await addProfiles(page, [['Acme', tenant]]);
    // The tenant makes the config and never answers: the app is killed with the create on the wire.
    tenant.setFaults([{ kind: 'hang', path: '/ai/api/v1/config/llm', method: 'POST', phase: 'after', times: 1 }]);
    await page.evaluate(async (content) => {
      const { id } = await window.byomDesk.saveDraft({ content, secrets: { api_key: 'sk-proj-a11yCrashKey' }, clearSecrets: [] });
      const [profile] = (await window.byomDesk.listTenantProfiles()).profiles;
      const plan = await window.byomDesk.startPlan({ draftId: id, tenantIds: [profile!.id] });
      for (;;) {
        const job = (await window.byomDesk.listJobs()).find((j) => j.id === plan.jobId);
        if (job && job.status !== 'running') break;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await window.byomDesk.startApply({ planId: plan.planId, confirmations: {}, keepFailed: false });
    }, crashDraft);
    await expect
      .poll(() => tenant.requests().some((r) => r.method === 'POST' && r.path === '/ai/api/v1/config/llm' && r.status === null))
      .toBe(true);
    await page.goto('about:blank');
    await first.kill();
    const second = await startHarnessProcess(undefined, { dataDir: first.dataDir, keychainService: first.keychainService });
    harnesses.push(second);
    await page.goto(second.url);
    const [profile] = await page.evaluate(async () => (await window.byomDesk.listTenantProfiles()).profiles);
    const credentialId = tenant.state().credentials[0]!.id;
    await page.evaluate((input) => window.byomDesk.setCredentialExpiry(input), {
      tenantId: profile!.id,
      credentialId,
      credentialName: 'Crash OpenAI',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await page.reload();
    const notice = page.getByRole('region', { name: 'Unfinished operations' });
    await expect(notice).toContainText('Applying “Crash rollout” was cut short');
    await expect(page.getByRole('region', { name: 'Expiry reminders' })).toBeVisible();
    await axe.at('the offer of an apply cut short, under an expiry reminder', { screenshot: 'unfinished-offer' });
    await notice.getByRole('button', { name: 'Resume' }).click();
    await expect(notice.getByRole('article', { name: 'Apply on Acme' }).locator('.pill')).toHaveText('Applied', { timeout: 20_000 });
    await axe.at('the report of the resumed apply');
    await axe.done();
  } finally {
    await leaveAndStop(page, ...harnesses);
  }
});
