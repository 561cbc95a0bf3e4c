// The setup service against a fake tenant: the rules that keep the tenant clean and secrets in main.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAlationClient, type AlationClient } from '../../src-main/alation/client';
import { SecretRedactor } from '../../src-main/log/logger';
import { ProviderSetup } from '../../src-main/setup/provider-setup';
import { reportLabel, type TenantOperationReport } from '../../src-shared/tenant-operation';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { memoryLogger } from '../support/memory-logger';

let tenant: FakeTenant;
let client: AlationClient;
const tenantId = randomUUID();
let now = 0;
let setup: ProviderSetup;

beforeAll(async () => {
  tenant = await startFakeTenant({ builtInConfigs: false });
  client = createAlationClient({ baseUrl: tenant.baseUrl, auth: { method: 'apiToken', token: tenant.apiAccessToken } });
});
afterAll(async () => {
  await client.close();
  await tenant.stop();
});

/** What a cancel's report says it took back, in order. */
const takenBack = (report: TenantOperationReport) =>
  report.steps.filter((s) => s.step === 'rollback' && s.status === 'done').map((s) => s.label);

function freshSetup() {
  tenant.reset();
  now = 0;
  setup = new ProviderSetup({
    withClient: (_id, work) => work(client),
    log: memoryLogger(),
    redactor: new SecretRedactor(),
    runTtlMs: 1000,
    now: () => now,
  });
  return setup;
}

describe('provider setup runs', () => {
  it('refuses values that do not fit the provider before anything reaches the tenant', async () => {
    freshSetup();
    tenant.clearRequests();
    await expect(setup.start({ tenantId, providerId: 'bedrock', values: { name: 'B', aws_access_key_id: 'AKIA1' } })).rejects.toMatchObject(
      {
        code: 'validation',
        details: {
          fields: expect.arrayContaining([
            { path: 'aws_secret_access_key', message: 'Secret Access Key is required' },
            { path: 'aws_region', message: 'Region is required' },
          ]),
        },
      },
    );
    expect(tenant.requests()).toEqual([]);
  });

  it('reuses a secret only within its own run, and only when the field is left blank', async () => {
    freshSetup();
    const failed = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: 'sk-proj-invalid-1' } });
    expect(failed).toMatchObject({ status: 'invalid', credentialId: null });
    const retried = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: '' }, runId: failed.runId });
    expect(retried.status).toBe('invalid');
    expect(tenant.state().credentials).toEqual([]);
    await expect(setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: '' } })).rejects.toMatchObject({
      code: 'validation',
    });
    await expect(
      setup.start({ tenantId: randomUUID(), providerId: 'openai', values: { name: 'O', api_key: 'sk-x' }, runId: failed.runId }),
    ).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/another tenant/),
    });
  });

  it('drops the secrets it holds when the provider changes: a blank key is never another provider’s (2.12)', async () => {
    freshSetup();
    const failed = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: 'sk-proj-invalid-held-1' } });
    expect(failed.status).toBe('invalid');
    tenant.clearRequests();
    const keyRequired = { code: 'validation', details: { fields: [{ path: 'api_key', message: expect.any(String) }] } };
    // Anthropic with the key left blank: the OpenAI key is not sent as Anthropic's.
    const blank = { name: 'O', api_key: '' };
    await expect(setup.start({ tenantId, providerId: 'anthropic', values: blank, runId: failed.runId })).rejects.toMatchObject(keyRequired);
    // And it is gone, not only skipped: back on OpenAI, the blank key is not the one given before.
    await expect(setup.start({ tenantId, providerId: 'openai', values: blank, runId: failed.runId })).rejects.toMatchObject(keyRequired);
    expect(tenant.requests().filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('carries the OpenAI key to OpenAI-compatible only when the guide’s tip asks, and only to https://api.openai.com/v1', async () => {
    freshSetup();
    const openAi = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: 'sk-proj-invalid-tip-2' } });
    tenant.clearRequests();
    const elsewhere = { name: 'O', api_key: '', base_url: 'https://api.groq.com/openai/v1' };
    await expect(
      setup.start({ tenantId, providerId: 'openai_compatible', values: elsewhere, runId: openAi.runId, carryOpenAiKey: true }),
    ).rejects.toMatchObject({ code: 'validation', message: expect.stringMatching(/only to https:\/\/api\.openai\.com\/v1/) });
    expect(tenant.requests().filter((r) => r.method === 'POST')).toEqual([]);

    const tip = { name: 'O', api_key: '', base_url: 'https://api.openai.com/v1' };
    await setup.start({ tenantId, providerId: 'openai_compatible', values: tip, runId: openAi.runId, carryOpenAiKey: true });
    const created = tenant.requests().filter((r) => r.method === 'POST' && r.path === '/ai/api/v1/llm_credentials');
    const sent = expect.objectContaining({ base_url: 'https://api.openai.com/v1', api_key: 'sk-proj-invalid-tip-2' });
    expect(created.map((r) => r.body)).toEqual([sent]);

    // Without the tip's request, the same change drops the key.
    const other = await setup.start({ tenantId, providerId: 'openai', values: { name: 'P', api_key: 'sk-proj-invalid-tip-3' } });
    const plainChange = setup.start({ tenantId, providerId: 'openai_compatible', values: tip, runId: other.runId });
    await expect(plainChange).rejects.toMatchObject({ code: 'validation' });
  });

  it('keeps a failed credential when asked, and cancel removes it', async () => {
    freshSetup();
    const kept = await setup.start({
      tenantId,
      providerId: 'anthropic',
      values: { name: 'A', api_key: 'sk-ant-forbidden' },
      keepFailedCredential: true,
    });
    expect(kept).toMatchObject({
      status: 'invalid',
      keptFailedCredential: true,
      failure: { advice: { cause: 'Insufficient permissions' } },
    });
    expect(tenant.state().credentials.map((c) => c.id)).toEqual([kept.credentialId]);
    const cancelled = await setup.cancel({ runId: kept.runId, deleteCreated: true });
    expect(cancelled).toMatchObject({ kind: 'setup', outcome: 'cancelled', leftOnTenant: [] });
    expect(takenBack(cancelled)).toEqual(['Deleted the credential this run created, “A”']);
    expect(tenant.state().credentials).toEqual([]);
  });

  it('a cancel that keeps what the run made reports it as left on the tenant, and calls it cancelled, not rolled back', async () => {
    freshSetup();
    const run = await setup.start({ tenantId, providerId: 'openai', values: { name: 'Kept', api_key: 'sk-proj-ok' } });
    await setup.createConfig({ runId: run.runId, modelName: 'gpt-4o', name: '', isEmbedding: false });
    const report = await setup.cancel({ runId: run.runId, deleteCreated: false });
    const left = ['credential “Kept” (kept)', 'config “gpt-4o” (kept)'];
    expect(report).toMatchObject({ kind: 'setup', outcome: 'cancelled', leftOnTenant: left });
    expect(takenBack(report)).toEqual([]);
    expect(reportLabel(report)).toBe('Cancelled');
    expect(tenant.state().configs.map((c) => c.model_name)).toEqual(['gpt-4o']);
  });

  it('a cancel waits for configs still being created, and deletes them too', async () => {
    freshSetup();
    const run = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: 'sk-proj-ok' } });
    tenant.setLatency({ latencyMs: 300 });
    const creating = setup.createConfig({ runId: run.runId, modelName: 'gpt-4o', name: '', isEmbedding: false });
    // Cancel while the create is on its way to the tenant.
    await vi.waitFor(() => expect(tenant.requests().some((r) => r.method === 'POST' && r.path === '/ai/api/v1/config/llm')).toBe(true));
    const cancelled = await setup.cancel({ runId: run.runId, deleteCreated: true });
    tenant.setLatency({ latencyMs: 0 });
    await expect(creating).resolves.toMatchObject({ name: 'gpt-4o' });
    expect(cancelled).toMatchObject({ kind: 'setup', outcome: 'cancelled', leftOnTenant: [] });
    expect(takenBack(cancelled)).toEqual(['Deleted config “gpt-4o”', 'Deleted the credential this run created, “O”']);
    expect(reportLabel(cancelled)).toBe('Cancelled, rolled back');
    expect(tenant.state().configs).toEqual([]);
    expect(tenant.state().credentials).toEqual([]);
    await expect(setup.createConfig({ runId: run.runId, modelName: 'gpt-4o', name: '', isEmbedding: false })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('forgets a run, and its secrets, once it has gone unused for its time to live', async () => {
    freshSetup();
    const run = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: 'sk-proj-invalid-2' } });
    now = 5_000;
    await setup.start({ tenantId, providerId: 'gemini', values: { name: 'G', api_key: 'AIza' } });
    await expect(
      setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: '' }, runId: run.runId }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });

  it(
    'sends an extra config as llm_extra_config, and the tenant’s ' + 'refusal of one that does not fit comes back as a validation error',
    async () => {
      freshSetup();
      const run = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: 'sk-proj-ok' } });
      const extraConfig = { extra_config_type: 'openai_config' as const, reasoning_effort: 'high' as const };
      await setup.createConfig({ runId: run.runId, modelName: 'o3', name: '', isEmbedding: false, extraConfig });
      await setup.createConfig({ runId: run.runId, modelName: 'gpt-4o', name: '', isEmbedding: false, extraConfig: null });
      expect(tenant.state().configs.map((c) => [c.model_name, c.llm_extra_config])).toEqual([
        ['o3', extraConfig],
        ['gpt-4o', null],
      ]);
      const wrongType = { extra_config_type: 'bedrock_config' as const, cache_messages: true };
      await expect(
        setup.createConfig({ runId: run.runId, modelName: 'o4-mini', name: '', isEmbedding: false, extraConfig: wrongType }),
      ).rejects.toMatchObject({
        code: 'validation',
        message: expect.stringMatching(/bedrock_config does not fit provider "openai": use openai_config/),
      });
      expect(tenant.state().configs).toHaveLength(2);
    },
  );
});
