// The inventory across tenants through the real services: one job for all, each tenant on its
// own (slow, failing, paged by 2), the cache that outlives a restart, the health sweep, deletions
// in the tenant's order, defaults and overrides. "Slow" is a tenant held by a latch the test
// releases (test/support/latched-proxy.ts), never a latency that a busy machine could outrun.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { Services } from '../../src-main/services';
import type { JobView } from '../../src-shared/jobs';
import type { OperationTarget, TenantOperationReport } from '../../src-shared/tenant-operation';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { startLatchedProxy, type Latch, type LatchedProxy } from '../support/latched-proxy';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk inventory test ${randomUUID()}`);
let paged: FakeTenant;
let slow: FakeTenant;
let failing: FakeTenant;

beforeAll(async () => {
  [paged, slow, failing] = await Promise.all([
    startFakeTenant({ seedCredentials: 3, seedConfigs: 7, seedPreference: true, maxPageSize: 2 }),
    startFakeTenant({ seedCredentials: 2, seedConfigs: 3 }),
    startFakeTenant({ seedCredentials: 1, seedConfigs: 1 }),
  ]);
});
afterAll(async () => {
  await Promise.all([paged.stop(), slow.stop(), failing.stop()]);
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

const running: Services[] = [];
const proxies: LatchedProxy[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  await Promise.all(proxies.splice(0).map((p) => p.stop()));
});

/** The slow tenant as the app sees it: its AI API held from `hold()` on, until the test releases it. */
async function slowTenant(): Promise<{ baseUrl: string; apiAccessToken: string; hold(): Latch }> {
  const proxy = await startLatchedProxy(slow.baseUrl);
  proxies.push(proxy);
  return { baseUrl: proxy.baseUrl, apiAccessToken: slow.apiAccessToken, hold: () => proxy.hold({ path: '/ai/api/v1/*' }) };
}

function open(dataDir?: string) {
  const started = startServices(secrets, dataDir ? { dataDir } : {});
  running.push(started.services);
  return started;
}

const profile = addApiTokenProfile;

/** Each item's end on one tenant: the targets of the report every operation makes. */
const targetsOf = (job: JobView, tenantId: string): OperationTarget[] =>
  (job.tenants[tenantId]!.result as TenantOperationReport).targets ?? [];

async function finished(seen: { jobs: JobView[] }, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 15_000 });
  return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

describe('the inventory', () => {
  it('loads every tenant as one job: a failing one says why, a slow one holds back no other, paged lists are read whole', async () => {
    const { handlers, seen } = open();
    const slowed = await slowTenant();
    const a = await profile(handlers, 'Paged', paged);
    const b = await profile(handlers, 'Slow', slowed);
    const c = await profile(handlers, 'Failing', failing);
    failing.setFaults([{ kind: '500', path: '/ai/api/v1/config/llm', method: 'GET' }]);
    const latch = slowed.hold();
    try {
      const job = await handlers.startInventoryRefresh({ tenantIds: [a.id, b.id, c.id] });
      // The other tenants end, read or failed, while the slow one's first request is still held.
      await latch.arrived();
      await vi.waitFor(
        () => {
          expect(seen.changes.some((x) => x.tenantId === a.id && x.status === 'ok')).toBe(true);
          expect(seen.changes.some((x) => x.tenantId === c.id && x.status === 'error')).toBe(true);
        },
        { timeout: 10_000 },
      );
      const [slowNow] = await handlers.getInventory({ tenantIds: [b.id] });
      expect(slowNow!.status).toBe('loading');
      expect(seen.jobs.filter((j) => j.id === job.id).at(-1)!.status).toBe('running');
      latch.release();
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
      expect(slowState!.inventory!.credentials).toHaveLength(2);
      expect(failingState).toMatchObject({
        status: 'error',
        stale: false,
        error: { code: 'server', message: expect.stringMatching(/500/) },
      });
      // Masked values are hints only: never the seeded secret in full.
      const masked = Object.values(pagedState!.inventory!.credentials[0]!.masked);
      expect(masked.every((m) => m.startsWith('****'))).toBe(true);
      expect(JSON.stringify(pagedState)).not.toContain('sk-proj-seed');
    } finally {
      failing.clearFaults();
      latch.release();
    }
  });

  it('cancels a refresh: the tenant still loading goes back to what it showed, the one already read keeps its read', async () => {
    const { handlers, seen } = open();
    const slowed = await slowTenant();
    const a = await profile(handlers, 'Paged', paged);
    const b = await profile(handlers, 'Slow', slowed);
    const first = await handlers.startInventoryRefresh({ tenantIds: [b.id] });
    await finished(seen, first.id);
    const [slowBefore] = await handlers.getInventory({ tenantIds: [b.id] });

    const latch = slowed.hold();
    const job = await handlers.startInventoryRefresh({ tenantIds: [a.id, b.id] });
    await latch.arrived();
    await vi.waitFor(() => expect(seen.changes.some((x) => x.tenantId === a.id && x.status === 'ok')).toBe(true), { timeout: 10_000 });
    await handlers.cancelJob({ jobId: job.id });
    const final = await finished(seen, job.id);
    expect(final.status).toBe('cancelled');
    expect(final.tenants[b.id]!.status).toBe('cancelled');
    // The cancel reached the socket: the held request's client hung up.
    await vi.waitFor(() => expect(latch.abandoned()).toBeGreaterThan(0), { timeout: 10_000 });
    const [pagedState, slowState] = await handlers.getInventory({ tenantIds: [a.id, b.id] });
    expect(pagedState).toMatchObject({ status: 'ok', stale: false });
    // Not stuck "loading", and its earlier read is still there.
    expect(slowState).toMatchObject({ status: 'ok', inventory: { readAt: slowBefore!.inventory!.readAt } });
    latch.release();
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

  it(
    'deletes configs before their credential, asks for a production ' + 'tenant’s name, refuses built-ins, and reads the tenant again',
    async () => {
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
        const items = [
          { tenantId: p.id, kind: 'credential' as const, id: credential.id },
          ...mine.map((c) => ({ tenantId: p.id, kind: 'config' as const, id: c.id })),
        ];

        await expect(handlers.startInventoryDeletion({ items, confirmations: {} })).rejects.toMatchObject({
          code: 'validation',
          message: expect.stringMatching(/production tenant: type its name/),
        });
        await expect(handlers.startInventoryDeletion({ items, confirmations: { [p.id]: 'prod' } })).rejects.toMatchObject({
          code: 'validation',
        });
        await expect(
          handlers.startInventoryDeletion({
            items: [{ tenantId: p.id, kind: 'config', id: builtIn.id }],
            confirmations: { [p.id]: 'Prod' },
          }),
        ).rejects.toMatchObject({ message: expect.stringMatching(/built-in configs cannot be deleted/) });
        expect(tenant.requests().filter((r) => r.method === 'DELETE')).toEqual([]);

        tenant.clearRequests();
        const job = await handlers.startInventoryDeletion({ items, confirmations: { [p.id]: 'Prod' } });
        const final = await finished(seen, job.id);
        expect(final.tenants[p.id]).toMatchObject({ status: 'ok' });
        const deletes = tenant
          .requests()
          .filter((r) => r.method === 'DELETE')
          .map((r) => r.path.replace(/\/[^/]+$/, ''));
        expect(deletes).toEqual([...mine.map(() => '/ai/api/v1/config/llm'), '/ai/api/v1/llm_credentials']);
        // The tenant is read again after the deletion (the tenant-changed signal), so the view matches it.
        const readAgain = async () => (await handlers.getInventory({ tenantIds: [p.id] }))[0]!;
        await vi.waitFor(async () => expect((await readAgain()).inventory!.credentials).toEqual([]), { timeout: 10_000 });
        const after = await readAgain();
        expect(after!.inventory!.configs.every((c) => c.builtIn)).toBe(true);
        expect(after!.inventory!.preference.defaultLlmConfigId).toBeNull();
      } finally {
        await tenant.stop();
      }
    },
  );

  it('sets and clears defaults and overrides, and a refused feature key comes back with the keys the tenant accepts', async () => {
    const tenant = await startFakeTenant({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 4 });
    try {
      const { handlers, seen } = open();
      const p = await profile(handlers, 'Settings', tenant);
      await finished(seen, (await handlers.startInventoryRefresh({ tenantIds: [p.id] })).id);
      const [state] = await handlers.getInventory({ tenantIds: [p.id] });
      const completion = state!.inventory!.configs.find((c) => !c.isEmbedding)!;
      const embedding = state!.inventory!.configs.find((c) => c.isEmbedding)!;

      const set = await handlers.setTenantPreference({
        tenantId: p.id,
        defaultLlmConfigId: completion.id,
        defaultEmbeddingConfigId: embedding.id,
        hideDefaultModels: true,
      });
      expect(set.inventory!.preference).toEqual({
        defaultLlmConfigId: completion.id,
        defaultEmbeddingConfigId: embedding.id,
        hideDefaultModels: true,
      });
      expect(tenant.state().preference.default_embedding_config_id).toBe(embedding.id);
      const cleared = await handlers.setTenantPreference({ tenantId: p.id, defaultLlmConfigId: null });
      expect(cleared.inventory!.preference.defaultLlmConfigId).toBeNull();

      const withOverride = await handlers.setFeatureOverride({
        tenantId: p.id,
        featureType: 'DEFAULT_AGENT',
        featureKey: 'sql_query_agent',
        configId: completion.id,
      });
      expect(withOverride.inventory!.overrides).toEqual([
        { featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent', configId: completion.id },
      ]);
      const refused = (await Promise.resolve()
        .then(() =>
          handlers.setFeatureOverride({
            tenantId: p.id,
            featureType: 'DEFAULT_AGENT',
            featureKey: 'no_such_agent',
            configId: completion.id,
          }),
        )
        .catch((e: unknown) => e)) as { code: string; details: { fields: { allowed?: string[] }[] } };
      expect(refused).toMatchObject({ code: 'validation' });
      expect(refused.details.fields[0]!.allowed).toContain('sql_query_agent');
      const without = await handlers.clearFeatureOverride({ tenantId: p.id, featureType: 'DEFAULT_AGENT', featureKey: 'sql_query_agent' });
      expect(without.inventory!.overrides).toEqual([]);
    } finally {
      await tenant.stop();
    }
  });

  it(
    'reads each tenant’s agents with its inventory, page by page, and ' +
      'keeps them in the cache; a tenant without the agent API still reads',
    async () => {
      const withAgents = await startFakeTenant({
        builtInConfigs: false,
        seedCredentials: 2,
        seedConfigs: 4,
        seedAgents: 5,
        maxPageSize: 2,
      });
      const without = await startFakeTenant({ builtInConfigs: false, seedCredentials: 1, seedConfigs: 2, agentRoutes: false });
      try {
        const first = open();
        const a = await profile(first.handlers, 'Agents', withAgents);
        const b = await profile(first.handlers, 'No agents', without);
        const job = await finished(first.seen, (await first.handlers.startInventoryRefresh({ tenantIds: [a.id, b.id] })).id);
        expect(job.tenants[b.id]!.status).toBe('ok');
        const [read, unavailable] = await first.handlers.getInventory({ tenantIds: [a.id, b.id] });
        const expected = withAgents.state().agents.map((x) => ({ id: x.id, name: x.name, configId: x.llm_config_id }));
        expect(expected).toHaveLength(5);
        expect(read!.inventory!.agents).toEqual(expected);
        // Paged by 2: three pages of agents.
        expect(withAgents.requests().filter((r) => r.path === '/ai/api/v1/config/agent' && r.method === 'GET')).toHaveLength(3);
        // No agent API: agents not available, the rest read as ever.
        expect(unavailable).toMatchObject({ status: 'ok', inventory: { agents: null } });
        expect(unavailable!.inventory!.configs).toHaveLength(2);
        await first.services.dispose();

        const again = open(first.dataDir);
        const [cached] = await again.handlers.getInventory({ tenantIds: [a.id] });
        expect(cached).toMatchObject({ stale: true, inventory: { agents: expected } });
      } finally {
        await Promise.all([withAgents.stop(), without.stop()]);
      }
    },
  );

  it('moves the agents of a config before deleting it, or leaves them when told, and never strands one unasked', async () => {
    const tenant = await startFakeTenant({ builtInConfigs: false });
    try {
      const groq = { creds_type: 'API_KEY', base_url: 'https://api.groq.com/openai/v1' };
      const team = await createCredential(tenant, { ...groq, name: 'Groq team', api_key: 'sk-agents-test-0001' });
      const spare = await createCredential(tenant, { ...groq, name: 'Groq spare', api_key: 'sk-agents-test-0002' });
      const model = { provider: 'openai', llm_credentials_id: team, model_name: 'llama-3.3-70b-versatile' };
      const [llama, qwen, mistral, kimi] = [
        await createConfig(tenant, { ...model, name: 'Llama' }),
        await createConfig(tenant, { ...model, name: 'Qwen' }),
        await createConfig(tenant, { ...model, name: 'Mistral' }),
        await createConfig(tenant, { ...model, name: 'Kimi' }),
      ] as [string, string, string, string];
      const embedding = { model_name: 'nomic-embed-text', is_embedding: true, embedding_dimensions: 768 };
      const embed = await createConfig(tenant, { ...model, ...embedding, name: 'Embed' });
      const other = await createConfig(tenant, { ...model, name: 'Spare Llama', llm_credentials_id: spare });
      const revenue = tenant.addAgent({ name: 'Revenue analyst', llm_config_id: llama });
      const triage = tenant.addAgent({ name: 'Ticket triage', llm_config_id: llama });
      tenant.addAgent({ name: 'Churn watcher', llm_config_id: qwen });
      const { handlers, seen } = open();
      const p = await profile(handlers, 'Agents', tenant);
      await finished(seen, (await handlers.startInventoryRefresh({ tenantIds: [p.id] })).id);
      const item = (id: string) => ({ tenantId: p.id, kind: 'config' as const, id });
      tenant.clearRequests();

      // Agents on it and no word about them, or a move to a config of another kind or one being deleted: refused, nothing sent.
      await expect(handlers.startInventoryDeletion({ items: [item(llama)], confirmations: {} })).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringContaining('“Llama” on “Agents” is used by 2 agents (“Revenue analyst”, “Ticket triage”)'),
      });
      for (const moveTo of [embed, mistral]) {
        const agents = [{ tenantId: p.id, configId: llama, moveTo }];
        const refused = handlers.startInventoryDeletion({ items: [item(llama), item(mistral)], confirmations: {}, agents });
        await expect(refused).rejects.toMatchObject({
          code: 'validation',
          message: expect.stringContaining('cannot be moved to that config'),
        });
      }
      expect(tenant.requests().filter((r) => r.method !== 'GET')).toEqual([]);

      // Llama's agents move to Mistral first, then Llama goes; Qwen's agent stays on it, as confirmed.
      const decisions = [
        { tenantId: p.id, configId: llama, moveTo: mistral },
        { tenantId: p.id, configId: qwen, moveTo: null },
      ];
      const started = await handlers.startInventoryDeletion({ items: [item(llama), item(qwen)], confirmations: {}, agents: decisions });
      const job = await finished(seen, started.id);
      const outcomes = targetsOf(job, p.id);
      expect(outcomes).toEqual([
        { kind: 'config', id: llama, name: 'Llama', outcome: 'deleted', message: '2 agents moved to “Mistral”' },
        { kind: 'config', id: qwen, name: 'Qwen', outcome: 'deleted', message: '1 agent left on it: it stops working' },
      ]);
      const writes = tenant
        .requests()
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path}`);
      expect(writes).toEqual([
        `PATCH /ai/api/v1/config/agent/${revenue.id}`,
        `PATCH /ai/api/v1/config/agent/${triage.id}`,
        `DELETE /ai/api/v1/config/llm/${llama}`,
        `DELETE /ai/api/v1/config/llm/${qwen}`,
      ]);
      expect(tenant.state().agents.map((a) => [a.name, a.llm_config_id])).toEqual([
        ['Revenue analyst', mistral],
        ['Ticket triage', mistral],
        ['Churn watcher', qwen],
      ]);
      const { entries } = await handlers.listAuditEntries({ actions: ['agent.repoint'] });
      expect(entries.map((e) => e.objects)).toEqual(
        [triage, revenue].map((a) => [
          { kind: 'agent', id: a.id, name: a.name },
          { kind: 'config', id: llama, name: 'Llama' },
          { kind: 'config', id: mistral, name: 'Mistral' },
        ]),
      );
      const toMistral = expect.stringContaining(`to “Mistral” (${mistral})`);
      expect(entries[0]).toMatchObject({ outcome: 'ok', source: 'inventory', message: toMistral });
      const [qwenGone] = (await handlers.listAuditEntries({ actions: ['config.delete'], query: 'Qwen' })).entries;
      expect(qwenGone!.message).toBe('1 agent left on it, as confirmed (they stop working): “Churn watcher”.');

      // A move the tenant refuses keeps its config (and so its credential); an agent made since the
      // inventory was read, on a config with no word about agents, keeps that one.
      await finished(seen, (await handlers.startInventoryRefresh({ tenantIds: [p.id] })).id);
      const late = tenant.addAgent({ name: 'Late arrival', llm_config_id: kimi });
      tenant.setFaults([{ kind: '500', path: `/ai/api/v1/config/agent/${triage.id}`, method: 'PATCH' }]);
      const teamItems = [item(mistral), item(kimi), item(embed), { tenantId: p.id, kind: 'credential' as const, id: team }];
      const toSpare = [{ tenantId: p.id, configId: mistral, moveTo: other }];
      const stopped = await finished(
        seen,
        (await handlers.startInventoryDeletion({ items: teamItems, confirmations: {}, agents: toSpare })).id,
      );
      const report = targetsOf(stopped, p.id);
      expect(report.map((o) => [o.name, o.outcome])).toEqual([
        ['Mistral', 'failed'],
        ['Kimi', 'failed'],
        ['Embed', 'deleted'],
        ['Groq team', 'failed'],
      ]);
      expect(report[0]!.message).toMatch(/^Not deleted: agent “Ticket triage” could not be moved to “Spare Llama” \(.*500.*\)\./);
      expect(report[0]!.message).toMatch(/ “Revenue analyst” moved already, and uses “Spare Llama” now\.$/);
      expect(tenant.state().agents.find((a) => a.id === revenue.id)!.llm_config_id).toBe(other);
      expect(report[1]!.message).toContain('it is used by 1 agent that the deletion did not ask about (“Late arrival”)');
      expect(report[3]!.message).toBe('Not deleted: its configs “Mistral”, “Kimi” are still on the tenant.');
      expect(
        tenant
          .state()
          .configs.map((c) => c.name)
          .sort(),
      ).toEqual(['Kimi', 'Mistral', 'Spare Llama']);
      expect(tenant.state().agents.find((a) => a.id === late.id)!.llm_config_id).toBe(kimi);
      const failedMove = (await handlers.listAuditEntries({ actions: ['agent.repoint'], outcomes: ['failed'] })).entries;
      const objects = [{ kind: 'agent', id: triage.id }, { id: mistral }, { id: other }];
      expect(failedMove).toMatchObject([{ objects, errorCode: 'server' }]);
    } finally {
      await tenant.stop();
    }
  });
});
