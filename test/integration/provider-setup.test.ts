// The setup service against a fake tenant: the rules that keep the tenant clean and secrets in main.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAlationClient, type AlationClient } from '../../src-main/alation/client';
import { SecretRedactor } from '../../src-main/log/logger';
import { ProviderSetup } from '../../src-main/setup/provider-setup';
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

function freshSetup() {
  tenant.reset();
  now = 0;
  setup = new ProviderSetup({ withClient: (_id, work) => work(client), log: memoryLogger(), redactor: new SecretRedactor(), runTtlMs: 1000, now: () => now });
  return setup;
}

describe('provider setup runs', () => {
  it('refuses values that do not fit the provider before anything reaches the tenant', async () => {
    freshSetup();
    tenant.clearRequests();
    await expect(setup.start({ tenantId, providerId: 'bedrock', values: { name: 'B', aws_access_key_id: 'AKIA1' } })).rejects.toMatchObject({
      code: 'validation',
      details: { fields: expect.arrayContaining([{ path: 'aws_secret_access_key', message: 'Secret Access Key is required' }, { path: 'aws_region', message: 'Region is required' }]) },
    });
    expect(tenant.requests()).toEqual([]);
  });

  it('reuses a secret only within its own run, and only when the field is left blank', async () => {
    freshSetup();
    const failed = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: 'sk-proj-invalid-1' } });
    expect(failed).toMatchObject({ status: 'invalid', credentialId: null });
    const retried = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: '' }, runId: failed.runId });
    expect(retried.status).toBe('invalid');
    expect(tenant.state().credentials).toEqual([]);
    await expect(setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: '' } })).rejects.toMatchObject({ code: 'validation' });
    await expect(setup.start({ tenantId: randomUUID(), providerId: 'openai', values: { name: 'O', api_key: 'sk-x' }, runId: failed.runId })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/another tenant/),
    });
  });

  it('keeps a failed credential when asked, and cancel removes it', async () => {
    freshSetup();
    const kept = await setup.start({ tenantId, providerId: 'anthropic', values: { name: 'A', api_key: 'sk-ant-forbidden' }, keepFailedCredential: true });
    expect(kept).toMatchObject({ status: 'invalid', keptFailedCredential: true, failure: { advice: { cause: 'Insufficient permissions' } } });
    expect(tenant.state().credentials.map((c) => c.id)).toEqual([kept.credentialId]);
    expect(await setup.cancel({ runId: kept.runId, deleteCreated: true })).toEqual({ deletedConfigs: 0, deletedCredentials: 1, leftOnTenant: [] });
    expect(tenant.state().credentials).toEqual([]);
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
    expect(cancelled).toEqual({ deletedConfigs: 1, deletedCredentials: 1, leftOnTenant: [] });
    expect(tenant.state().configs).toEqual([]);
    expect(tenant.state().credentials).toEqual([]);
    await expect(setup.createConfig({ runId: run.runId, modelName: 'gpt-4o', name: '', isEmbedding: false })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('forgets a run, and its secrets, once it has gone unused for its time to live', async () => {
    freshSetup();
    const run = await setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: 'sk-proj-invalid-2' } });
    now = 5_000;
    await setup.start({ tenantId, providerId: 'gemini', values: { name: 'G', api_key: 'AIza' } });
    await expect(setup.start({ tenantId, providerId: 'openai', values: { name: 'O', api_key: '' }, runId: run.runId })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('sends an extra config as llm_extra_config, and the tenant’s refusal of one that does not fit comes back as a validation error', async () => {
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
    await expect(setup.createConfig({ runId: run.runId, modelName: 'o4-mini', name: '', isEmbedding: false, extraConfig: wrongType })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringMatching(/bedrock_config does not fit provider "openai": use openai_config/),
    });
    expect(tenant.state().configs).toHaveLength(2);
  });
});
