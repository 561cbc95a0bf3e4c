// The inventory across tenants through the real services: one job for all, each tenant on its
// own (slow, failing, paged by 2), the cache that outlives a restart, the health sweep, deletions
// in the tenant's order, defaults and overrides.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk inventory test ${randomUUID()}`);
let paged: FakeTenant;
let slow: FakeTenant;
let failing: FakeTenant;

beforeAll(async () => {
  [paged, slow, failing] = await Promise.all([
    startFakeTenant({ seedCredentials: 3, seedConfigs: 7, seedPreference: true, maxPageSize: 2 }),
    startFakeTenant({ seedCredentials: 2, seedConfigs: 3, latencyMs: 400 }),
    startFakeTenant({ seedCredentials: 1, seedConfigs: 1 }),
  ]);
});
afterAll(async () => {
  await Promise.all([paged.stop(), slow.stop(), failing.stop()]);
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

const running: Services[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
});

function open(dataDir?: string) {
  const started = startServices(secrets, dataDir ? { dataDir } : {});
  running.push(started.services);
  return started;
}

const profile = addApiTokenProfile;

async function finished(seen: { jobs: JobView[] }, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 15_000 });
  return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

describe('the inventory', () => {
  it('loads every tenant as one job: a failing one says why, a slow one holds back no other, paged lists are read whole', async () => {
    const { handlers, seen } = open();
    const a = await profile(handlers, 'Paged', paged);
    const b = await profile(handlers, 'Slow', slow);
    const c = await profile(handlers, 'Failing', failing);
    failing.setFaults([{ kind: '500', path: '/ai/api/v1/config/llm', method: 'GET' }]);
    try {
      const job = await handlers.startInventoryRefresh({ tenantIds: [a.id, b.id, c.id] });
      // The fast tenants are done while the slow one still loads.
      await vi.waitFor(() => expect(seen.changes.some((x) => x.tenantId === a.id && x.status === 'ok')).toBe(true), { timeout: 10_000 });
      const [slowNow] = await handlers.getInventory({ tenantIds: [b.id] });
      expect(slowNow!.status).toBe('loading');
      const final = await finished(seen, job.id);
      expect(final.status).toBe('succeeded');
      expect(final.tenants[c.id]).toMatchObject({ status: 'failed', error: { code: 'server' } });

      const [pagedState, slowState, failingState] = await handlers.getInventory({ tenantIds: [a.id, b.id, c.id] });
      const own = pagedState!.inventory!.configs.filter((x) => !x.builtIn);
      expect(own).toHaveLength(7);
      expect(pagedState!.inventory!.configs.filter((x) => x.builtIn).length).toBeGreaterThan(0);
      expect(pagedState!.inventory!.credentials).toHaveLength(3);
      // Pages of 2: the progress counted them (page events are at most every 100 ms, so the job's count is the one to read).
      expect(final.tenants[a.id]!.done).toBeGreaterThanOrEqual(2 + 4);
      expect(pagedState!.inventory!.preference.defaultLlmConfigId).not.toBeNull();
      expect(pagedState!.inventory!.overrides.length).toBeGreaterThan(0);
      expect(slowState).toMatchObject({ status: 'ok', stale: false });
      expect(failingState).toMatchObject({ status: 'error', stale: false, error: { code: 'server', message: expect.stringMatching(/500/) } });
      // Masked values are hints only: never the seeded secret in full.
      const masked = Object.values(pagedState!.inventory!.credentials[0]!.masked);
      expect(masked.every((m) => m.startsWith('****'))).toBe(true);
      expect(JSON.stringify(pagedState)).not.toContain('sk-proj-seed');
    } finally {
      failing.clearFaults();
    }
  });

  it('cancels a refresh: the tenant still loading goes back to what it showed, the one already read keeps its read', async () => {
    const { handlers, seen } = open();
    const a = await profile(handlers, 'Paged', paged);
    const b = await profile(handlers, 'Slow', slow);
    const first = await handlers.startInventoryRefresh({ tenantIds: [b.id] });
    await finished(seen, first.id);
    const [slowBefore] = await handlers.getInventory({ tenantIds: [b.id] });

    const job = await handlers.startInventoryRefresh({ tenantIds: [a.id, b.id] });
    await vi.waitFor(() => expect(seen.changes.some((x) => x.tenantId === a.id && x.status === 'ok')).toBe(true), { timeout: 10_000 });
    await handlers.cancelJob({ jobId: job.id });
    const final = await finished(seen, job.id);
    expect(final.status).toBe('cancelled');
    expect(final.tenants[b.id]!.status).toBe('cancelled');
    const [pagedState, slowState] = await handlers.getInventory({ tenantIds: [a.id, b.id] });
    expect(pagedState).toMatchObject({ status: 'ok', stale: false });
    // Not stuck "loading", and its earlier read is still there.
    expect(slowState).toMatchObject({ status: 'ok', inventory: { readAt: slowBefore!.inventory!.readAt } });
  });

  it('keeps each tenant’s last read on disk: after a restart with the tenant down, it is shown stale, with its time', async () => {
    const first = open();
    const a = await profile(first.handlers, 'Paged', paged);
    const job = await first.handlers.startInventoryRefresh({ tenantIds: [a.id] });
    await finished(first.seen, job.id);
    const [read] = await first.handlers.getInventory({ tenantIds: [a.id] });
    await first.services.dispose();

    // Same data folder, a new process: what was read is there, marked stale until refreshed.
    const again = open(first.dataDir);
    const [cached] = await again.handlers.getInventory({ tenantIds: [a.id] });
    expect(cached).toMatchObject({ status: 'ok', stale: true, inventory: { readAt: read!.inventory!.readAt } });
    paged.setFaults([{ kind: 'reset', path: '/ai/api/v1/*' }]);
    try {
      const refresh = await again.handlers.startInventoryRefresh({ tenantIds: [a.id] });
      await finished(again.seen, refresh.id);
      const [afterFailure] = await again.handlers.getInventory({ tenantIds: [a.id] });
      expect(afterFailure).toMatchObject({ status: 'error', stale: true, error: { code: 'network' } });
      expect(afterFailure!.inventory!.configs).toEqual(read!.inventory!.configs);
    } finally {
      paged.clearFaults();
    }
  });

  it('sweeps every credential in listing mode, flags a revoked key with the guide’s advice and a model no longer listed', async () => {
    const tenant = await startFakeTenant({ builtInConfigs: false, seedCredentials: 2, seedConfigs: 2 });
    try {
      const { handlers, seen } = open();
      const p = await profile(handlers, 'Sweep', tenant);
      await finished(seen, (await handlers.startInventoryRefresh({ tenantIds: [p.id] })).id);
      // The OpenAI key is revoked at the provider; the Anthropic config's model is retired.
      tenant.mutate((s) => {
        s.credentials[0]!.secrets.api_key = 'sk-proj-revoked-invalid';
        s.configs[1]!.model_name = 'claude-retired-2023';
      });
      await finished(seen, (await handlers.startInventoryRefresh({ tenantIds: [p.id] })).id);
      tenant.clearRequests();
      const sweep = await handlers.startHealthSweep({ tenantIds: [p.id] });
      expect((await finished(seen, sweep.id)).status).toBe('succeeded');
      const validations = tenant.requests().filter((r) => r.path.endsWith('/validate'));
      expect(validations).toHaveLength(2);
      // Listing mode only: no model_name, so no billed inference call.
      expect(validations.every((r) => (r.body as { model_name?: string }).model_name === undefined)).toBe(true);
      const [state] = await handlers.getInventory({ tenantIds: [p.id] });
      const byCredential = Object.fromEntries(state!.sweep!.credentials.map((h) => [h.credentialId, h]));
      const [openaiId, anthropicId] = state!.inventory!.credentials.map((c) => c.id);
      expect(byCredential[openaiId!]).toMatchObject({ status: 'rejected', advice: { cause: 'Invalid API key or credentials' } });
      expect(byCredential[anthropicId!]).toMatchObject({ status: 'ok', provider: 'anthropic', missingModels: ['claude-retired-2023'] });
      expect(byCredential[anthropicId!]!.modelCount).toBeGreaterThan(0);
    } finally {
      await tenant.stop();
    }
  });

  it('deletes configs before their credential, asks for a production tenant’s name, refuses built-ins, and reads the tenant again', async () => {
    const tenant = await startFakeTenant({ seedCredentials: 1, seedConfigs: 3, seedPreference: true });
    try {
      const { handlers, seen } = open();
      const p = await profile(handlers, 'Prod', tenant, 'production');
      await finished(seen, (await handlers.startInventoryRefresh({ tenantIds: [p.id] })).id);
      const [state] = await handlers.getInventory({ tenantIds: [p.id] });
      const inv = state!.inventory!;
      const credential = inv.credentials[0]!;
      const mine = inv.configs.filter((c) => c.credentialId === credential.id);
      const builtIn = inv.configs.find((c) => c.builtIn)!;
      const items = [{ tenantId: p.id, kind: 'credential' as const, id: credential.id }, ...mine.map((c) => ({ tenantId: p.id, kind: 'config' as const, id: c.id }))];

      await expect(handlers.startInventoryDeletion({ items, confirmations: {} })).rejects.toMatchObject({ code: 'validation', message: expect.stringMatching(/production tenant: type its name/) });
      await expect(handlers.startInventoryDeletion({ items, confirmations: { [p.id]: 'prod' } })).rejects.toMatchObject({ code: 'validation' });
      await expect(
        handlers.startInventoryDeletion({ items: [{ tenantId: p.id, kind: 'config', id: builtIn.id }], confirmations: { [p.id]: 'Prod' } }),
      ).rejects.toMatchObject({ message: expect.stringMatching(/built-in configs cannot be deleted/) });
      expect(tenant.requests().filter((r) => r.method === 'DELETE')).toEqual([]);

      tenant.clearRequests();
      const job = await handlers.startInventoryDeletion({ items, confirmations: { [p.id]: 'Prod' } });
      const final = await finished(seen, job.id);
      expect(final.tenants[p.id]).toMatchObject({ status: 'ok' });
      const deletes = tenant.requests().filter((r) => r.method === 'DELETE').map((r) => r.path.replace(/\/[^/]+$/, ''));
      expect(deletes).toEqual([...mine.map(() => '/ai/api/v1/config/llm'), '/ai/api/v1/llm_credentials']);
      const [after] = await handlers.getInventory({ tenantIds: [p.id] });
      expect(after!.inventory!.credentials).toEqual([]);
      expect(after!.inventory!.configs.every((c) => c.builtIn)).toBe(true);
      expect(after!.inventory!.preference.defaultLlmConfigId).toBeNull();
    } finally {
      await tenant.stop();
    }
  });

  it('sets and clears defaults and overrides, and a refused feature key comes back with the keys the tenant accepts', async () => {
    const tenant = await startFakeTenant({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 4 });
    try {
      const { handlers, seen } = open();
      const p = await profile(handlers, 'Settings', tenant);
      await finished(seen, (await handlers.startInventoryRefresh({ tenantIds: [p.id] })).id);
      const [state] = await handlers.getInventory({ tenantIds: [p.id] });
      const completion = state!.inventory!.configs.find((c) => !c.isEmbedding)!;
      const embedding = state!.inventory!.configs.find((c) => c.isEmbedding)!;

      const set = await handlers.setTenantPreference({ tenantId: p.id, defaultLlmConfigId: completion.id, defaultEmbeddingConfigId: embedding.id, hideDefaultModels: true });
      expect(set.inventory!.preference).toEqual({ defaultLlmConfigId: completion.id, defaultEmbeddingConfigId: embedding.id, hideDefaultModels: true });
      expect(tenant.state().preference.default_embedding_config_id).toBe(embedding.id);
      const cleared = await handlers.setTenantPreference({ tenantId: p.id, defaultLlmConfigId: null });
      expect(cleared.inventory!.preference.defaultLlmConfigId).toBeNull();

      const withOverride = await handlers.setFeatureOverride({ tenantId: p.id, featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent', configId: completion.id });
      expect(withOverride.inventory!.overrides).toEqual([{ featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent', configId: completion.id }]);
      const refused = (await Promise.resolve()
        .then(() => handlers.setFeatureOverride({ tenantId: p.id, featureType: 'DEFAULT_AGENT', featureKey: 'no_such_agent', configId: completion.id }))
        .catch((e: unknown) => e)) as { code: string; details: { fields: { allowed?: string[] }[] } };
      expect(refused).toMatchObject({ code: 'validation' });
      expect(refused.details.fields[0]!.allowed).toContain('sql_query_agent');
      const without = await handlers.clearFeatureOverride({ tenantId: p.id, featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent' });
      expect(without.inventory!.overrides).toEqual([]);
    } finally {
      await tenant.stop();
    }
  });
});
