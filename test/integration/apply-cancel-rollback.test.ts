// README, Drafts, plan and apply: "a cancel rolls back". An apply is cancelled while the tenant holds
// a config create (a latch, not a delay): the create under way is abandoned, and what the run had
// made is deleted, configs first, each in the audit log; nothing is left to resume.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import type { TenantApplyReport } from '../../src-shared/apply';
import type { DraftContent } from '../../src-shared/drafts';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { startLatchedProxy, type LatchedProxy } from '../support/latched-proxy';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk apply cancel ${randomUUID()}`);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

const content: DraftContent = {
  title: 'Cancelled rollout',
  providerId: 'openai',
  values: { name: 'Team OpenAI' },
  models: [
    { modelId: 'gpt-4o', name: 'GPT-4o (team)', isEmbedding: false, dimensions: null, extraConfig: null },
    { modelId: 'o3-mini', name: '', isEmbedding: false, dimensions: null, extraConfig: null },
    { modelId: 'gpt-4.1', name: '', isEmbedding: false, dimensions: null, extraConfig: null },
  ],
  defaults: { llmModelId: 'gpt-4o', embeddingModelId: null },
  expiresAt: null,
  notes: '',
};

async function finished(seen: { jobs: JobView[] }, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

describe('apply, cancelled', () => {
  it('takes back what the run made, configs first, when it is cancelled half-way; nothing is left to resume', async () => {
    const tenant: FakeTenant = await startFakeTenant({ builtInConfigs: false });
    const proxy: LatchedProxy = await startLatchedProxy(tenant.baseUrl);
    cleanups.push(
      () => tenant.stop(),
      () => proxy.stop(),
    );
    const { services, handlers, seen } = startServices(secrets);
    cleanups.push(() => (services as Services).dispose());
    const profile = await addApiTokenProfile(handlers, 'Acme', { baseUrl: proxy.baseUrl, apiAccessToken: tenant.apiAccessToken });
    const draft = await handlers.saveDraft({ content, secrets: { api_key: `sk-proj-${randomUUID()}` }, clearSecrets: [] });
    const plan = await handlers.startPlan({ draftId: draft.id, tenantIds: [profile.id] });
    await finished(seen, plan.jobId);

    // The first config is made; the tenant holds the next create until the test says otherwise.
    const creates = proxy.hold({ method: 'POST', path: '/ai/api/v1/config/llm', after: 1 });
    const apply = await handlers.startApply({ planId: plan.planId, confirmations: {}, keepFailed: false });
    await creates.arrived(1);
    expect(tenant.state().credentials).toHaveLength(1);
    expect(tenant.state().configs).toHaveLength(1);
    const made = { credential: tenant.state().credentials[0]!.id, config: tenant.state().configs[0]!.id };

    expect(await handlers.cancelJob({ jobId: apply.jobId })).toEqual({ cancelled: true });
    const job = await finished(seen, apply.jobId);
    expect(job.status).toBe('cancelled');
    const report = job.tenants[profile.id]!.result as TenantApplyReport;
    expect(report.outcome).toBe('cancelled');
    expect(report.leftOnTenant).toEqual([]);
    // The create under way was given up on the wire: it never reached the tenant.
    expect(creates.abandoned()).toBeGreaterThanOrEqual(1);
    creates.release();
    expect(tenant.state()).toMatchObject({ credentials: [], configs: [] });
    const deletes = tenant
      .requests()
      .filter((r) => r.method === 'DELETE')
      .map((r) => r.path);
    expect(deletes).toEqual([`/ai/api/v1/config/llm/${made.config}`, `/ai/api/v1/llm_credentials/${made.credential}`]);

    // Each deletion is in the audit log, and the journal is closed: nothing offered to resume.
    const { entries } = await handlers.listAuditEntries({});
    const deleted = entries.filter((e) => e.tenantId === profile.id && e.action.endsWith('.delete') && e.outcome === 'ok');
    expect(deleted.map((e) => [e.action, e.objects[0]!.id]).reverse()).toEqual([
      ['config.delete', made.config],
      ['credential.delete', made.credential],
    ]);
    expect(await handlers.listUnfinishedOperations(undefined)).toEqual([]);
  });
});
