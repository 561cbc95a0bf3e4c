// The inventory's writes are operations on tenants: a deletion cut short by a quit is offered on the
// next start and Resume deletes what is left; a settings change whose answer was lost stays open,
// and Roll back puts the setting back as it was.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant } from '../fake-tenant/server';
import { CONFIGS, createConfig, createCredential, PREF } from '../fake-tenant/test-helpers';
import { addApiTokenProfile, startServices, type TestServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk inventory operations test ${randomUUID()}`);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

function open(dataDir?: string): TestServices {
  const app = startServices(secrets, dataDir ? { dataDir } : {});
  cleanups.push(() => app.services.dispose());
  return app;
}

async function finished(app: TestServices, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(app.seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return app.seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

async function tenantWithConfigs() {
  const fake = await startFakeTenant({ builtInConfigs: false });
  cleanups.push(() => fake.stop());
  const credential = await createCredential(fake, {
    name: 'Groq team',
    creds_type: 'API_KEY',
    api_key: `sk-${randomUUID()}`,
    base_url: 'https://api.groq.com/openai/v1',
  });
  const on = { provider: 'openai', llm_credentials_id: credential, model_name: 'llama-3.3-70b-versatile' };
  const [llama, qwen, spare] = [
    await createConfig(fake, { ...on, name: 'Llama' }),
    await createConfig(fake, { ...on, name: 'Qwen' }),
    await createConfig(fake, { ...on, name: 'Spare' }),
  ];
  const app = open();
  const { id } = await addApiTokenProfile(app.handlers, 'Acme', fake);
  await finished(app, (await app.handlers.startInventoryRefresh({ tenantIds: [id] })).id);
  return { fake, app, tenantId: id, llama: llama!, qwen: qwen!, spare: spare! };
}

describe('the inventory’s writes as operations', () => {
  it('a deletion cut short by a quit is offered on the next start, and Resume deletes what is left', async () => {
    const { fake, app, tenantId, llama, qwen, spare } = await tenantWithConfigs();
    const agent = fake.addAgent({ name: 'Ticket triage', llm_config_id: qwen });
    await finished(app, (await app.handlers.startInventoryRefresh({ tenantIds: [tenantId] })).id);
    // The tenant deletes Llama, then never answers: the app quits with the DELETE on the wire.
    fake.setFaults([{ kind: 'hang', path: `${CONFIGS}/${llama}`, method: 'DELETE', phase: 'after', times: 1 }]);
    const items = [llama, qwen].map((id) => ({ tenantId, kind: 'config' as const, id }));
    await app.handlers.startInventoryDeletion({ items, confirmations: {}, agents: [{ tenantId, configId: qwen, moveTo: spare }] });
    await vi.waitFor(() => expect(fake.requests().some((r) => r.method === 'DELETE' && r.status === null)).toBe(true), { timeout: 20_000 });
    await app.services.dispose();

    const next = open(app.dataDir);
    const [offer] = await next.handlers.listUnfinishedOperations(undefined);
    expect(offer).toMatchObject({ kind: 'delete', resume: { available: true }, tenants: [{ tenantId }] });
    const job = await finished(next, (await next.handlers.resumeOperation({ operationId: offer!.id })).jobId);
    expect(job.tenants[tenantId]).toMatchObject({
      status: 'ok',
      result: {
        targets: [
          { id: llama, outcome: 'gone' },
          { id: qwen, outcome: 'deleted' },
        ],
      },
    });
    expect(fake.state().configs.map((c) => c.name)).toEqual(['Spare']);
    expect(fake.state().agents.find((a) => a.id === agent.id)!.llm_config_id).toBe(spare);
    expect(await next.handlers.listUnfinishedOperations(undefined)).toEqual([]);
  });

  it('Roll back after a crash that took a deleted config leaves its agents where they are, says why, and ends the offer', async () => {
    const { fake, app, tenantId, qwen, spare } = await tenantWithConfigs();
    const agent = fake.addAgent({ name: 'Ticket triage', llm_config_id: qwen });
    await finished(app, (await app.handlers.startInventoryRefresh({ tenantIds: [tenantId] })).id);
    // The agent moves to Spare, the tenant deletes Qwen and never answers: the app quits then.
    fake.setFaults([{ kind: 'hang', path: `${CONFIGS}/${qwen}`, method: 'DELETE', phase: 'after', times: 1 }]);
    const items = [{ tenantId, kind: 'config' as const, id: qwen }];
    await app.handlers.startInventoryDeletion({ items, confirmations: {}, agents: [{ tenantId, configId: qwen, moveTo: spare }] });
    await vi.waitFor(() => expect(fake.requests().some((r) => r.method === 'DELETE' && r.status === null)).toBe(true), { timeout: 20_000 });
    await app.services.dispose();

    const next = open(app.dataDir);
    const [offer] = await next.handlers.listUnfinishedOperations(undefined);
    expect(offer).toMatchObject({ kind: 'delete', tenants: [{ tenantId }] });
    const job = await finished(next, (await next.handlers.rollBackOperation({ operationId: offer!.id })).jobId);
    const report = job.tenants[tenantId];
    expect(report?.status).toBe('ok');
    // Qwen is gone: the agent cannot go back to it, and stays on Spare, where it works.
    expect(fake.state().agents.find((a) => a.id === agent.id)!.llm_config_id).toBe(spare);
    expect(fake.requests().filter((r) => r.method === 'PATCH' && r.path.includes('/config/agent/'))).toHaveLength(1);
    const left = 'agent “Ticket triage” left on “Spare”: config “Qwen”, where it was, is gone';
    expect(report?.result).toMatchObject({
      leftOnTenant: [left],
      steps: expect.arrayContaining([expect.objectContaining({ step: 'rollback', status: 'skipped', label: `Left ${left}` })]),
    });
    expect(await next.handlers.listUnfinishedOperations(undefined)).toEqual([]);
    // The audit log says no move was made, and why.
    const { entries } = await next.handlers.listAuditEntries({ tenantIds: [tenantId], actions: ['agent.repoint'] });
    expect(entries[0]).toMatchObject({ outcome: 'ok', message: `Left ${left}` });
  });

  it('a default whose PUT lost its answer stays offered, and Roll back puts the one before back', async () => {
    const { fake, app, tenantId, llama, qwen } = await tenantWithConfigs();
    await app.handlers.setTenantPreference({ tenantId, defaultLlmConfigId: llama });
    // The tenant sets the new default, then answers 500: BYOM Desk cannot tell whether it landed.
    fake.setFaults([{ kind: '500', path: PREF, method: 'PUT', phase: 'after', times: 1 }]);
    await expect(app.handlers.setTenantPreference({ tenantId, defaultLlmConfigId: qwen })).rejects.toMatchObject({ code: 'server' });
    expect(fake.state().preference.default_llm_config_id).toBe(qwen);

    const [offer] = await app.handlers.listUnfinishedOperations(undefined);
    expect(offer).toMatchObject({ kind: 'settings', tenants: [{ tenantId, lastStep: 'preference “default LLM”: start' }] });
    const job = await finished(app, (await app.handlers.rollBackOperation({ operationId: offer!.id })).jobId);
    expect(job.tenants[tenantId]!.status).toBe('ok');
    expect(fake.state().preference.default_llm_config_id).toBe(llama);
    expect(await app.handlers.listUnfinishedOperations(undefined)).toEqual([]);
    const { entries } = await app.handlers.listAuditEntries({ tenantIds: [tenantId], actions: ['preference.set'] });
    expect(entries.map((e) => [e.outcome, e.message])).toEqual([
      ['ok', 'Taken back by a roll back'],
      ['failed', expect.stringContaining('500')],
      ['ok', 'default LLM: “Llama”'],
    ]);
  });
});
