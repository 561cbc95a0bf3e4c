// The operation model through the real services, a fake tenant and the real keychain: an apply cut
// short by a quit is offered again on the next start; a resume that cannot read the tenant leaves
// it unfinished and forgets nothing (defect 2.1); one run of an operation at a time (defect 2.2); a
// create whose answer was lost is found by its fingerprint, never by its name alone; and a roll back
// after a crash runs the undo steps in reverse from the journal alone.
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { OperationJournals } from '../../src-main/tenant-ops/journal';
import type { Services } from '../../src-main/services';
import type { DraftContent } from '../../src-shared/drafts';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { addApiTokenProfile, startServices, type TestServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk operations test ${randomUUID()}`);
const apiKey = `sk-proj-${randomUUID().replaceAll('-', '')}`;
let fake: FakeTenant;
const running: Services[] = [];

beforeAll(async () => {
  fake = await startFakeTenant({ builtInConfigs: false });
});
afterAll(async () => {
  await fake.stop();
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  fake.reset();
});

const content: DraftContent = {
  title: 'Crash rollout',
  providerId: 'openai',
  values: { name: 'Team OpenAI' },
  models: [
    { modelId: 'gpt-4o', name: 'GPT-4o', isEmbedding: false, dimensions: null, extraConfig: null },
    { modelId: 'text-embedding-3-small', name: 'Embeddings', isEmbedding: true, dimensions: 1536, extraConfig: null },
  ],
  defaults: { llmModelId: 'gpt-4o', embeddingModelId: null },
  expiresAt: null,
  notes: '',
};

const path = {
  credentials: '/ai/api/v1/llm_credentials',
  configs: '/ai/api/v1/config/llm',
  preference: '/ai/api/v1/config/llm_preference',
};

async function finished(seen: TestServices['seen'], jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

function start(dataDir?: string): TestServices {
  const started = startServices(secrets, dataDir ? { dataDir } : {});
  running.push(started.services);
  return started;
}

/**
 * Applies the draft and quits while the tenant holds `hang` (it has done the work, or not, as the
 * fault's phase says): the next start of the same data folder finds the apply unfinished.
 */
async function applyCutShort(hang: { method: string; path: string; phase: 'before' | 'after' }) {
  const first = startServices(secrets);
  const profile = await addApiTokenProfile(first.handlers, 'Acme', fake);
  const draft = await first.handlers.saveDraft({ content, secrets: { api_key: apiKey }, clearSecrets: [] });
  const plan = await first.handlers.startPlan({ draftId: draft.id, tenantIds: [profile.id] });
  await finished(first.seen, plan.jobId);
  fake.setFaults([{ kind: 'hang', method: hang.method, path: hang.path, phase: hang.phase, times: 1 }]);
  await first.handlers.startApply({ planId: plan.planId, confirmations: {}, keepFailed: false });
  await vi.waitFor(() =>
    expect(fake.requests().some((r) => r.method === hang.method && r.path === hang.path && r.status === null)).toBe(true),
  );
  await first.services.dispose();
  fake.clearFaults();
  return { dataDir: first.dataDir, tenantId: profile.id };
}

describe('operations after a crash', () => {
  it('a resume that cannot read the tenant leaves what the crashed run made, and offers it again (defect 2.1)', async () => {
    // The crashed run made the credential and both configs, and its defaults PUT landed.
    const { dataDir, tenantId } = await applyCutShort({ method: 'PUT', path: path.preference, phase: 'after' });
    const made = fake.state();
    expect(made.credentials).toHaveLength(1);
    expect(made.configs).toHaveLength(2);
    expect(made.preference.default_llm_config_id).toBe(made.configs.find((c) => c.name === 'GPT-4o')!.id);

    const next = start(dataDir);
    const [offered] = await next.handlers.listUnfinishedOperations(undefined);
    expect(offered).toMatchObject({
      kind: 'apply',
      tenants: [{ tenantId, made: ['credential “Team OpenAI”', 'config “GPT-4o”', 'config “Embeddings”'] }],
    });
    // The tenant cannot be read now.
    fake.setFaults([{ kind: '500', path: '/ai/api/v1/*' }]);
    const resumed = await finished(next.seen, (await next.handlers.resumeOperation({ operationId: offered!.id })).jobId);
    expect(resumed.tenants[tenantId]).toMatchObject({ status: 'failed', result: { outcome: 'unfinished' } });
    fake.clearFaults();

    // Nothing was taken for rolled back: all of it is on the tenant, and still offered.
    expect(fake.state().credentials).toEqual(made.credentials);
    expect(fake.state().configs).toEqual(made.configs);
    expect(fake.state().preference).toEqual(made.preference);
    const [again] = await next.handlers.listUnfinishedOperations(undefined);
    expect(again).toMatchObject({ id: offered!.id, tenants: [{ made: offered!.tenants[0]!.made }] });
    // And a roll back, now that the tenant answers, takes all of it back: the default first.
    const rolledBack = await finished(next.seen, (await next.handlers.rollBackOperation({ operationId: offered!.id })).jobId);
    expect(rolledBack.tenants[tenantId]).toMatchObject({ status: 'ok', result: { outcome: 'rolled-back' } });
    expect(fake.state()).toMatchObject({ credentials: [], configs: [], preference: { default_llm_config_id: null } });
    expect(await next.handlers.listUnfinishedOperations(undefined)).toEqual([]);
  });

  it('runs one resume or roll back of an operation at a time: a second call meanwhile is refused (defect 2.2)', async () => {
    // Cut short before the credential's create reached the tenant: a resume makes it.
    const { dataDir, tenantId } = await applyCutShort({ method: 'POST', path: path.credentials, phase: 'before' });
    expect(fake.state().credentials).toEqual([]);
    const next = start(dataDir);
    const [offered] = await next.handlers.listUnfinishedOperations(undefined);
    const input = { operationId: offered!.id };
    // Both calls before either answers, as two clicks (or two windows) would.
    const [first, second, rollBack] = await Promise.allSettled([
      next.handlers.resumeOperation(input),
      next.handlers.resumeOperation(input),
      Promise.resolve().then(() => next.handlers.rollBackOperation(input)),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } });
    expect(rollBack).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } });
    const job = await finished(next.seen, (first as PromiseFulfilledResult<{ jobId: string }>).value.jobId);
    expect(job.tenants[tenantId]).toMatchObject({ status: 'ok', result: { outcome: 'done' } });
    expect(fake.state().credentials).toHaveLength(1);
    expect(fake.state().configs).toHaveLength(2);
    expect(fake.requests().filter((r) => r.method === 'POST' && r.path === path.credentials && r.status !== null)).toHaveLength(1);
    expect(await next.handlers.listUnfinishedOperations(undefined)).toEqual([]);
  });

  it('finds a lost create by its fingerprint, not by its name: another admin’s credential of that name stays', async () => {
    // The credential landed, its answer never came; meanwhile another admin makes one of the same name, with another key.
    const { dataDir } = await applyCutShort({ method: 'POST', path: path.credentials, phase: 'after' });
    const landed = fake.state().credentials[0]!.id;
    const theirs = await createCredential(fake, { name: 'Team OpenAI', creds_type: 'API_KEY', api_key: `sk-proj-${randomUUID()}` });
    const next = start(dataDir);
    const [offered] = await next.handlers.listUnfinishedOperations(undefined);
    expect(offered!.tenants[0]).toMatchObject({ made: [], unsure: true });
    await finished(next.seen, (await next.handlers.rollBackOperation({ operationId: offered!.id })).jobId);
    expect(fake.state().credentials.map((c) => c.id)).toEqual([theirs]);
    expect(
      fake
        .requests()
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.path),
    ).toEqual([`${path.credentials}/${landed}`]);
  });

  it('offers a setup the app quit in the middle of, to keep what it made or to roll it back', async () => {
    const first = startServices(secrets);
    const profile = await addApiTokenProfile(first.handlers, 'Acme', fake);
    const run = await first.handlers.startProviderSetup({
      tenantId: profile.id,
      providerId: 'openai',
      values: { name: 'Setup OpenAI', api_key: apiKey },
    });
    expect(run.status).toBe('valid');
    await first.handlers.createSetupConfig({ runId: run.runId, modelName: 'gpt-4o', name: 'GPT-4o', isEmbedding: false });
    // A second setup that made nothing (its key refused, and deleted) has nothing to offer.
    await first.handlers.startProviderSetup({
      tenantId: profile.id,
      providerId: 'anthropic',
      values: { name: 'Refused', api_key: 'sk-ant-invalid-1' },
    });
    await first.services.dispose();

    const next = start(first.dataDir);
    const offered = await next.handlers.listUnfinishedOperations(undefined);
    expect(offered).toEqual([
      expect.objectContaining({
        kind: 'setup',
        summary: 'Setting up OpenAI',
        resume: { label: 'Keep what it made', available: true },
        tenants: [expect.objectContaining({ tenantName: 'Acme', made: ['credential “Setup OpenAI”', 'config “GPT-4o”'], unsure: false })],
      }),
    ]);
    const job = await finished(next.seen, (await next.handlers.rollBackOperation({ operationId: offered[0]!.id })).jobId);
    expect(job.tenants[profile.id]).toMatchObject({ status: 'ok', result: { kind: 'setup', outcome: 'rolled-back' } });
    expect(fake.state()).toMatchObject({ credentials: [], configs: [] });
    expect(await next.handlers.listUnfinishedOperations(undefined)).toEqual([]);
  });

  it('rolls back a crashed operation from its journal alone, undo steps in reverse', async () => {
    // The tenant as the operation left it: a successor credential, a config on it that an agent, the
    // default LLM and an override were moved to, from the old config.
    const old = await createCredential(fake, { name: 'Old key', creds_type: 'API_KEY', api_key: `sk-proj-${randomUUID()}` });
    const oldConfig = await createConfig(fake, { name: 'GPT-4o', provider: 'openai', llm_credentials_id: old, model_name: 'gpt-4o' });
    const successor = await createCredential(fake, {
      name: 'Old key (rotated)',
      creds_type: 'API_KEY',
      api_key: `sk-proj-${randomUUID()}`,
    });
    const twin = await createConfig(fake, {
      name: 'GPT-4o (new)',
      provider: 'openai',
      llm_credentials_id: successor,
      model_name: 'gpt-4o',
    });
    const agent = fake.addAgent({ name: 'Data helper', llm_config_id: twin });
    fake.mutate((s) => {
      s.preference.default_llm_config_id = twin;
      s.featureOverrides.push({
        feature_type: 'DEFAULT_AGENT',
        feature_key: 'catalog_search_agent',
        llm_config_id: twin,
        updated_at: new Date(0).toISOString(),
      });
    });
    const first = start();
    const profile = await addApiTokenProfile(first.handlers, 'Acme', fake);
    // The journal the crashed run left: written by hand, then a new start of the services reads it.
    const operationId = randomUUID();
    const journal = new OperationJournals(`${first.dataDir}/operations`).open(operationId);
    const tenantId = profile.id;
    const step = (stepId: string, action: string, object: object, undo: object) => [
      { type: 'step', tenantId, stepId, phase: 'start', action, object: { ...object, id: null }, undo },
      { type: 'step', tenantId, stepId, phase: 'done', action, object },
    ];
    const records = [
      {
        type: 'begin',
        operationId,
        kind: 'rotation-fallback',
        title: 'Replace',
        summary: 'Replacing “Old key”',
        source: 'rotation',
        tenants: [{ tenantId, tenantName: 'Acme' }],
        context: {},
      },
      ...step(
        's1',
        'credential.create',
        { kind: 'credential', id: successor, name: 'Old key (rotated)' },
        { kind: 'delete-credential', name: 'Old key (rotated)' },
      ),
      ...step('s2', 'config.create', { kind: 'config', id: twin, name: 'GPT-4o (new)' }, { kind: 'delete-config', name: 'GPT-4o (new)' }),
      ...step(
        's3',
        'agent.repoint',
        { kind: 'agent', id: agent.id, name: 'Data helper' },
        {
          kind: 'move-agent',
          agentId: agent.id,
          agentName: 'Data helper',
          fromConfigId: twin,
          fromConfigName: 'GPT-4o (new)',
          toConfigId: oldConfig,
          toConfigName: 'GPT-4o',
        },
      ),
      ...step(
        's4',
        'preference.set',
        { kind: 'preference', id: null, name: 'defaults' },
        { kind: 'put-preference', previous: { llm: oldConfig }, set: { llm: twin } },
      ),
      // The override's intent was journaled before its PUT (defect 2.5): the crash came during it.
      {
        type: 'step',
        tenantId,
        stepId: 's5',
        phase: 'start',
        action: 'override.set',
        object: { kind: 'override', id: null, name: 'DEFAULT_AGENT/catalog_search_agent' },
        undo: { kind: 'put-override', featureType: 'DEFAULT_AGENT', featureKey: 'catalog_search_agent', configId: oldConfig, setTo: twin },
      },
    ];
    for (const r of records) journal.append(r as never);
    await first.services.dispose();
    running.splice(0);
    fake.clearRequests();

    const next = start(first.dataDir);
    const [offered] = await next.handlers.listUnfinishedOperations(undefined);
    expect(offered).toMatchObject({ id: operationId, summary: 'Replacing “Old key”' });
    const job = await finished(next.seen, (await next.handlers.rollBackOperation({ operationId })).jobId);
    expect(job.tenants[tenantId]).toMatchObject({ status: 'ok', result: { outcome: 'rolled-back' } });
    const state = fake.state();
    expect(state.featureOverrides).toEqual([expect.objectContaining({ feature_key: 'catalog_search_agent', llm_config_id: oldConfig })]);
    expect(state.preference.default_llm_config_id).toBe(oldConfig);
    expect(state.agents.find((a) => a.id === agent.id)!.llm_config_id).toBe(oldConfig);
    expect(state.configs.map((c) => c.id)).toEqual([oldConfig]);
    expect(state.credentials.map((c) => c.id)).toEqual([old]);
    // In reverse: the override, the defaults, the agent, then the config, then the credential.
    const writes = fake
      .requests()
      .filter((r) => r.method !== 'GET')
      .map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([
      'PUT /ai/api/v1/config/feature_llm_overrides',
      `PUT ${path.preference}`,
      `PATCH /ai/api/v1/config/agent/${agent.id}`,
      `DELETE ${path.configs}/${twin}`,
      `DELETE ${path.credentials}/${successor}`,
    ]);
    // Each step taken back is in the audit log, as a roll back's.
    const { entries } = await next.handlers.listAuditEntries({});
    expect(
      entries
        .filter((e) => e.message === 'Taken back by a roll back')
        .map((e) => e.action)
        .reverse(),
    ).toEqual(['override.set', 'preference.set', 'agent.repoint', 'config.delete', 'credential.delete']);
  });
});
