// An apply cut short by a crash: the app is killed (SIGKILL, no quit handler) while a config's
// create is on the wire and has landed on the tenant. The next start finds the apply in its journal
// and offers to finish it, or to take back what it made; either way nothing is left twice or
// orphaned.
import type { Page } from '@playwright/test';
import type { DraftContent } from '../../src-shared/drafts';
import { startHarnessProcess, type HarnessProcess } from '../support/harness-process';
import type { FakeTenant } from '../fake-tenant/server';
import { expect, leaveAndStop, test } from './fixtures';
import { addProfiles, fakeTenants } from './setup-helpers';

const fake = fakeTenants();
const configPath = '/ai/api/v1/config/llm';

const draft: DraftContent = {
  title: 'Crash test rollout',
  providerId: 'openai',
  values: { name: 'Crash OpenAI' },
  models: [
    { modelId: 'gpt-4o', name: 'GPT-4o', isEmbedding: false, dimensions: null, extraConfig: null },
    { modelId: 'gpt-4.1', name: 'GPT-4.1', isEmbedding: false, dimensions: null, extraConfig: null },
  ],
  defaults: { llmModelId: 'gpt-4.1', embeddingModelId: null },
  expiresAt: null,
  notes: '',
};

const harnesses: HarnessProcess[] = [];
test.afterEach(async ({ page }) => {
  await leaveAndStop(page, ...harnesses.splice(0));
});

/** Starts an apply of the draft on the tenant and kills the app while the first config's create hangs, after it landed. */
async function killMidApply(page: Page, tenant: FakeTenant): Promise<HarnessProcess> {
  const first = await startHarnessProcess();
  harnesses.push(first);
  await page.goto(first.url);
  await addProfiles(page, [['Acme', tenant]]);
  // The tenant does the work, then never answers: the app dies with the create on the wire.
  tenant.setFaults([{ kind: 'hang', path: configPath, method: 'POST', phase: 'after', times: 1 }]);
  await page.evaluate(async (content) => {
    const { id } = await window.byomDesk.saveDraft({ content, secrets: { api_key: 'sk-proj-crashTestKey8d7f6e' }, clearSecrets: [] });
    const [profile] = (await window.byomDesk.listTenantProfiles()).profiles;
    const plan = await window.byomDesk.startPlan({ draftId: id, tenantIds: [profile!.id] });
    // The plan is a job: wait for it, then apply it.
    for (;;) {
      const job = (await window.byomDesk.listJobs()).find((j) => j.id === plan.jobId);
      if (job && job.status !== 'running') break;
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    await window.byomDesk.startApply({ planId: plan.planId, confirmations: {}, keepFailed: false });
  }, draft);
  await expect.poll(() => tenant.requests().some((r) => r.method === 'POST' && r.path === configPath && r.status === null)).toBe(true);
  expect(tenant.state().configs.map((c) => c.name)).toEqual(['GPT-4o']);
  // The window dies with the app: leave the page first, so its event stream is not cut mid-chunk.
  await page.goto('about:blank');
  await first.kill();
  // The next start of the same install.
  const second = await startHarnessProcess(undefined, { dataDir: first.dataDir, keychainService: first.keychainService });
  harnesses.push(second);
  await page.goto(second.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Drafts' }).click();
  return second;
}

test('after a crash mid-apply, the next start offers to resume: it adopts what landed and finishes, with nothing twice', async ({
  page,
}) => {
  const tenant = await fake({ builtInConfigs: false });
  await killMidApply(page, tenant);
  const notice = page.getByRole('region', { name: 'Unfinished operations' });
  await expect(notice).toContainText('Applying “Crash test rollout” was cut short');
  await expect(notice).toContainText(
    'Acme: last step config “GPT-4o”: start; made credential “Crash OpenAI”, perhaps more, whose answer was lost',
  );
  await notice.getByRole('button', { name: 'Resume' }).click();
  await expect(notice.getByRole('article', { name: 'Apply on Acme' }).locator('.pill')).toHaveText('Applied', { timeout: 20_000 });
  await expect(notice.getByText('Applying “Crash test rollout” was cut short')).toHaveCount(0);

  const state = tenant.state();
  expect(state.credentials.map((c) => c.name)).toEqual(['Crash OpenAI']);
  expect(state.configs.map((c) => c.name).sort()).toEqual(['GPT-4.1', 'GPT-4o']);
  expect(state.preference.default_llm_config_id).toBe(state.configs.find((c) => c.name === 'GPT-4.1')!.id);
  // One create of the credential in all: the resume adopted it, and the config that had landed.
  expect(tenant.requests().filter((r) => r.method === 'POST' && r.path === '/ai/api/v1/llm_credentials')).toHaveLength(1);
  expect(tenant.requests().filter((r) => r.method === 'POST' && r.path === configPath)).toHaveLength(2);
});

test('after a crash mid-apply, rolling back takes away what the apply made, the config whose answer was lost too', async ({ page }) => {
  const tenant = await fake({ builtInConfigs: false });
  await killMidApply(page, tenant);
  const notice = page.getByRole('region', { name: 'Unfinished operations' });
  await notice.getByRole('button', { name: 'Roll back' }).click();
  await expect(notice.getByRole('article', { name: 'Apply on Acme' }).locator('.pill')).toHaveText('Rolled back', { timeout: 20_000 });
  expect(tenant.state().credentials).toEqual([]);
  expect(tenant.state().configs).toEqual([]);
  const deletes = tenant
    .requests()
    .filter((r) => r.method === 'DELETE')
    .map((r) => r.path);
  expect(deletes.at(-1)).toMatch(/^\/ai\/api\/v1\/llm_credentials\//);
  // Nothing is offered again on the next start: the journal says it is finished.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Drafts', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Unfinished operations' })).toHaveCount(0);
});
