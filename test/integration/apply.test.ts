// Drafts, plan and apply through the real services against three fake tenants: one empty, one
// that already holds part of the setup, one that fails half-way. Then applying again, and a plan
// made stale behind the app's back. Every change is checked on the fakes and in the audit log.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DraftStore } from '../../src-main/drafts/draft-store';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { memoryLogger } from '../support/memory-logger';
import type { Services } from '../../src-main/services';
import type { TenantApplyReport, TenantPlan } from '../../src-shared/apply';
import type { DraftContent, DraftView } from '../../src-shared/drafts';
import type { JobView } from '../../src-shared/jobs';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import { lockedHome, startLockedServices } from '../support/locked-keychain';
import { addApiTokenProfile, startServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk apply test ${randomUUID()}`);
const apiKey = `sk-proj-${randomUUID().replaceAll('-', '')}`;
let fakes: FakeTenant[] = [];

beforeAll(async () => {
  fakes = await Promise.all([0, 1, 2].map(() => startFakeTenant({ builtInConfigs: false })));
});
afterAll(async () => {
  await Promise.all(fakes.map((f) => f.stop()));
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});
const running: Services[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  for (const f of fakes) f.reset();
});

const content: DraftContent = {
  title: 'OpenAI rollout',
  providerId: 'openai',
  values: { name: 'Team OpenAI' },
  models: [
    { modelId: 'gpt-4o', name: 'GPT-4o (team)', isEmbedding: false, dimensions: null, extraConfig: null },
    {
      modelId: 'o3-mini',
      name: '',
      isEmbedding: false,
      dimensions: null,
      extraConfig: { extra_config_type: 'openai_config', reasoning_effort: 'high' },
    },
    { modelId: 'text-embedding-3-small', name: 'Team embeddings', isEmbedding: true, dimensions: 1536, extraConfig: null },
  ],
  defaults: { llmModelId: 'gpt-4o', embeddingModelId: 'text-embedding-3-small' },
  expiresAt: null,
  notes: '',
};

async function finished(seen: { jobs: JobView[] }, jobId: string): Promise<JobView> {
  await vi.waitFor(() => expect(seen.jobs.filter((j) => j.id === jobId).at(-1)?.status).not.toBe('running'), { timeout: 20_000 });
  return seen.jobs.filter((j) => j.id === jobId).at(-1)!;
}

/** Writes that changed a fake tenant, as its request log has them. */
const changesOn = (f: FakeTenant) =>
  f
    .requests()
    .filter(
      (r) => r.status !== null && r.status < 300 && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !r.path.endsWith('/validate'),
    );

async function setUp() {
  const started = startServices(secrets);
  running.push(started.services);
  const { handlers } = started;
  const [a, b, c] = [
    await addApiTokenProfile(handlers, 'Alpha', fakes[0]!),
    await addApiTokenProfile(handlers, 'Beta', fakes[1]!, 'production'),
    await addApiTokenProfile(handlers, 'Gamma', fakes[2]!),
  ];
  return { ...started, ids: [a.id, b.id, c.id] as const };
}

describe('drafts and a locked keychain', () => {
  it('lists and opens every draft with the keychain locked; a save with a secret is refused whole, with a clear error', async () => {
    // The draft and its secret were saved on an earlier day; today the login keyring is locked.
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-drafts-'));
    const service = `BYOM Desk locked drafts ${randomUUID()}`;
    const earlierKeychain = createKeyringSecretStore(service);
    const saved = await new DraftStore({ files: confDocumentFiles(dataDir), secrets: earlierKeychain, log: memoryLogger() }).save({
      content,
      secrets: { api_key: apiKey },
      clearSecrets: [],
    });
    // The secret lives in the login keyring that will be found locked, not in this test's.
    const home = await lockedHome(service, { [`draft/${saved.id}/api_key`]: apiKey });
    await earlierKeychain.delete(`draft/${saved.id}/api_key`);
    const locked = await startLockedServices(home, dataDir, service);
    try {
      const list = async () => (await locked.call<DraftView[]>('listDrafts')) as { ok: true; value: DraftView[] };
      expect((await list()).value.map((d) => [d.title, d.revision, d.secrets.api_key])).toEqual([['OpenAI rollout', 1, 'stored']]);
      const another = `sk-proj-another-${randomUUID()}`;
      const refused = await locked.call('saveDraft', {
        id: saved.id,
        revision: 1,
        content: { ...content, title: 'Renamed' },
        secrets: { api_key: another },
        clearSecrets: [],
      });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'keychain_locked', message: expect.stringMatching(/is locked\. Unlock it .*then try again/) },
      });
      // Refused whole: not even the title changed.
      expect((await list()).value.map((d) => [d.title, d.revision])).toEqual([['OpenAI rollout', 1]]);
      // A save with no secret needs no keychain.
      expect(
        await locked.call('saveDraft', {
          id: saved.id,
          revision: 1,
          content: { ...content, title: 'Renamed' },
          secrets: {},
          clearSecrets: [],
        }),
      ).toMatchObject({
        ok: true,
        value: { title: 'Renamed', revision: 2, secrets: { api_key: 'stored' } },
      });
      // A copy cannot copy the secret it cannot read: it says so, and asks for it.
      expect(await locked.call('duplicateDraft', { id: saved.id })).toMatchObject({
        ok: true,
        value: { secretsCopied: false, draft: { secrets: { api_key: 'missing' } } },
      });
      for (const file of readdirSync(dataDir, { recursive: true, withFileTypes: true }).filter((f) => f.isFile())) {
        const text = readFileSync(join(file.parentPath, file.name), 'utf8');
        expect(text, file.name).not.toContain(apiKey);
        expect(text, file.name).not.toContain(another);
      }
      // Unlocked, with no restart: the same save goes through.
      await locked.unlock();
      expect(
        await locked.call('saveDraft', {
          id: saved.id,
          revision: 2,
          content: { ...content, title: 'Renamed' },
          secrets: { api_key: another },
          clearSecrets: [],
        }),
      ).toMatchObject({
        ok: true,
        value: { revision: 3 },
      });
    } finally {
      await locked.stop();
    }
  });
});

describe('plan and apply', () => {
  it('plans, applies with one tenant failing half-way, applies again, and refuses a stale plan', async () => {
    // Beta already holds the credential and one of the configs.
    const betaCredential = await createCredential(fakes[1]!, { name: 'Team OpenAI', creds_type: 'API_KEY', api_key: apiKey });
    await createConfig(fakes[1]!, { name: 'GPT-4o (team)', provider: 'openai', llm_credentials_id: betaCredential, model_name: 'gpt-4o' });
    // From here on, every write a fake sees is the app's.
    fakes[1]!.clearRequests();
    const { handlers, seen, ids } = await setUp();
    const [alpha, beta, gamma] = ids;
    const draft = await handlers.saveDraft({ content, secrets: { api_key: apiKey }, clearSecrets: [] });
    expect(draft.problems).toEqual([]);
    expect(draft.secrets).toEqual({ api_key: 'stored' });

    // The plan says, per tenant, what would happen.
    const plan = await handlers.startPlan({ draftId: draft.id, tenantIds: [...ids] });
    const planned = await finished(seen, plan.jobId);
    const planOf = (id: string) => planned.tenants[id]!.result as TenantPlan;
    expect(planOf(alpha)).toMatchObject({ status: 'changes', credential: { action: 'create' } });
    expect(planOf(alpha).configs.map((c) => c.action)).toEqual(['create', 'create', 'create']);
    expect(planOf(beta)).toMatchObject({ status: 'changes', credential: { action: 'exists', existingId: betaCredential } });
    expect(planOf(beta).configs.map((c) => c.action)).toEqual(['exists', 'create', 'create']);
    expect(planOf(beta).defaults).toEqual([
      { kind: 'llm', modelId: 'gpt-4o', action: 'set', from: null },
      { kind: 'embedding', modelId: 'text-embedding-3-small', action: 'set', from: null },
    ]);

    // A production tenant needs its name typed.
    await expect(handlers.startApply({ planId: plan.planId, confirmations: {}, keepFailed: false })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('Beta'),
    });

    // Gamma refuses its second config: it is rolled back, configs first, and the others are applied.
    fakes[2]!.addFault({ kind: '500', method: 'POST', path: '/ai/api/v1/config/llm', times: 1 });
    const applied = await handlers.startApply({ planId: plan.planId, confirmations: { [beta]: 'Beta' }, keepFailed: false });
    // A plan is applied once: a second click makes no second credential.
    await expect(handlers.startApply({ planId: plan.planId, confirmations: { [beta]: 'Beta' }, keepFailed: false })).rejects.toMatchObject({
      code: 'not_found',
    });
    const first = await finished(seen, applied.jobId);
    expect(first.tenants[alpha]).toMatchObject({ status: 'ok' });
    expect(first.tenants[beta]).toMatchObject({ status: 'ok' });
    expect(first.tenants[gamma]).toMatchObject({ status: 'failed', result: { outcome: 'rolled-back' } });
    expect(fakes[2]!.state().credentials).toHaveLength(0);
    expect(fakes[2]!.state().configs).toHaveLength(0);
    const betaReport = first.tenants[beta]!.result as TenantApplyReport;
    expect(betaReport.steps.filter((s) => s.status === 'adopted').map((s) => s.step)).toEqual(['credential', 'config']);

    // Applying again: planned afresh, Alpha and Beta have it all, Gamma is finished.
    const again = await handlers.startPlan({ draftId: draft.id, tenantIds: [...ids] });
    const replanned = await finished(seen, again.jobId);
    expect((replanned.tenants[alpha]!.result as TenantPlan).status).toBe('in-sync');
    expect((replanned.tenants[beta]!.result as TenantPlan).status).toBe('in-sync');
    expect((replanned.tenants[gamma]!.result as TenantPlan).status).toBe('changes');
    const second = await finished(
      seen,
      (await handlers.startApply({ planId: again.planId, confirmations: { [beta]: 'Beta' }, keepFailed: false })).jobId,
    );
    for (const id of ids) expect(second.tenants[id]!.status).toBe('ok');

    // Each tenant holds exactly one credential and the three configs, with extra config and defaults.
    for (const f of fakes) {
      const state = f.state();
      expect(state.credentials.map((c) => c.name)).toEqual(['Team OpenAI']);
      const configs = state.configs.map((c) => ({
        name: c.name,
        model: c.model_name,
        extra: c.llm_extra_config,
        credential: c.llm_credentials_id,
      }));
      expect(configs.sort((x, y) => x.name.localeCompare(y.name))).toEqual([
        { name: 'GPT-4o (team)', model: 'gpt-4o', extra: null, credential: state.credentials[0]!.id },
        {
          name: 'o3-mini',
          model: 'o3-mini',
          extra: { extra_config_type: 'openai_config', reasoning_effort: 'high' },
          credential: state.credentials[0]!.id,
        },
        { name: 'Team embeddings', model: 'text-embedding-3-small', extra: null, credential: state.credentials[0]!.id },
      ]);
      const byName = (n: string) => state.configs.find((c) => c.name === n)!.id;
      expect(state.preference).toMatchObject({
        default_llm_config_id: byName('GPT-4o (team)'),
        default_embedding_config_id: byName('Team embeddings'),
      });
    }

    // Someone changes Alpha behind the app's back: its plan is stale and refused; Gamma's is not.
    const stale = await handlers.startPlan({ draftId: draft.id, tenantIds: [alpha, gamma] });
    await finished(seen, stale.jobId);
    fakes[0]!.mutate((s) => {
      s.configs[0]!.name = 'Renamed by someone';
    });
    const refused = await finished(seen, (await handlers.startApply({ planId: stale.planId, confirmations: {}, keepFailed: false })).jobId);
    expect(refused.tenants[alpha]).toMatchObject({
      status: 'failed',
      error: { code: 'conflict', message: expect.stringContaining('changed since the plan') },
      result: { outcome: 'refused' },
    });
    expect(refused.tenants[gamma]!.status).toBe('ok');

    // The audit log has an entry for every change on every tenant (and each failure).
    const { entries } = await handlers.listAuditEntries({});
    const writes = entries.filter((e) => e.action !== 'credential.validate' && e.outcome !== 'failed');
    for (const [i, id] of ids.entries()) {
      expect(
        writes.filter((e) => e.tenantId === id && e.outcome === 'ok'),
        `changes on ${fakes[i]!.baseUrl}`,
      ).toHaveLength(changesOn(fakes[i]!).length);
    }
    expect(
      entries.some((e) => e.tenantId === gamma && e.action === 'config.create' && e.outcome === 'failed' && e.errorCode === 'server'),
    ).toBe(true);
    expect(JSON.stringify(entries)).not.toContain(apiKey);
  });

  it('leaves an apply under way as it is when the app quits, for the next start to resume; nothing is rolled back', async () => {
    const started = startServices(secrets);
    const { handlers, seen, dataDir } = started;
    const alpha = await addApiTokenProfile(handlers, 'Alpha', fakes[0]!);
    const draft = await handlers.saveDraft({ content, secrets: { api_key: apiKey }, clearSecrets: [] });
    const plan = await handlers.startPlan({ draftId: draft.id, tenantIds: [alpha.id] });
    await finished(seen, plan.jobId);
    fakes[0]!.setFaults([{ kind: 'hang', method: 'POST', path: '/ai/api/v1/config/llm', times: 1 }]);
    await handlers.startApply({ planId: plan.planId, confirmations: {}, keepFailed: false });
    await vi.waitFor(() =>
      expect(fakes[0]!.requests().some((r) => r.method === 'POST' && r.path === '/ai/api/v1/config/llm' && r.status === null)).toBe(true),
    );
    // While it runs, it is not "cut short": nothing offers to resume or roll it back.
    expect(await handlers.listUnfinishedOperations(undefined)).toEqual([]);
    await started.services.dispose();
    expect(fakes[0]!.state().credentials).toHaveLength(1);

    const next = startServices(secrets, { dataDir });
    running.push(next.services);
    const [unfinished] = await next.handlers.listUnfinishedOperations(undefined);
    expect(unfinished).toMatchObject({
      kind: 'apply',
      summary: 'Applying “OpenAI rollout”',
      tenants: [{ tenantName: 'Alpha', made: ['credential “Team OpenAI”'], unsure: true }],
    });
    const resumed = await finished(next.seen, (await next.handlers.resumeOperation({ operationId: unfinished!.id })).jobId);
    expect(resumed.tenants[alpha.id]!.status).toBe('ok');
    expect(fakes[0]!.state().credentials).toHaveLength(1);
    expect(fakes[0]!.state().configs).toHaveLength(3);
    expect(await next.handlers.listUnfinishedOperations(undefined)).toEqual([]);
  });

  it('drafts need no network, export without secrets, import asking for them, and duplicate and delete with their secrets', async () => {
    const { handlers } = await setUp();
    const draft = await handlers.saveDraft({
      content: {
        ...content,
        providerId: 'bedrock',
        values: { name: 'Bedrock EU', aws_access_key_id: 'AKIAEXAMPLE1234', aws_region: 'eu-west-1' },
        models: [],
        defaults: { llmModelId: null, embeddingModelId: null },
      },
      secrets: { aws_secret_access_key: 'awsSecretValue123' },
      clearSecrets: [],
    });
    expect(draft.secrets).toEqual({ aws_secret_access_key: 'stored', aws_session_token: 'missing' });
    expect(draft.problems.map((p) => p.path)).toEqual(['models']);
    const file = await handlers.exportDraft({ id: draft.id });
    expect(JSON.stringify(file)).not.toContain('awsSecretValue123');
    expect(file).toMatchObject({ format: 'byom-desk-draft', version: 1, draft: { values: { aws_access_key_id: 'AKIAEXAMPLE1234' } } });

    // A secret field smuggled into a file is dropped; the imported draft asks for its secret.
    const tampered = JSON.stringify({
      ...file,
      draft: { ...file.draft, values: { ...file.draft.values, aws_secret_access_key: 'from-the-file' } },
    });
    const imported = await handlers.importDraft({ text: tampered, secrets: {} });
    expect(imported.secrets.aws_secret_access_key).toBe('missing');
    expect(imported.problems).toContainEqual(expect.objectContaining({ path: 'values.aws_secret_access_key', missingSecret: true }));
    expect(await secrets.listAccounts(`draft/${imported.id}/`)).toEqual([]);
    await expect(handlers.importDraft({ text: '{"format":"something-else"}', secrets: {} })).rejects.toMatchObject({
      code: 'validation',
      message: expect.stringContaining('not a BYOM Desk draft file'),
    });
    await expect(handlers.importDraft({ text: JSON.stringify({ ...file, version: 99 }), secrets: {} })).rejects.toMatchObject({
      message: expect.stringContaining('newer BYOM Desk'),
    });

    // One config per model ID; and a secret never follows a change of provider, even under the same field name.
    const twice = await handlers.saveDraft({
      content: { ...content, models: [content.models[0]!, { ...content.models[0]!, name: 'Again' }] },
      secrets: { api_key: apiKey },
      clearSecrets: [],
    });
    expect(twice.problems).toContainEqual(
      expect.objectContaining({ path: 'models.1.modelId', message: expect.stringContaining('one config per model ID') }),
    );
    const switched = await handlers.saveDraft({
      id: twice.id,
      revision: twice.revision,
      content: { ...content, providerId: 'anthropic' },
      secrets: {},
      clearSecrets: [],
    });
    expect(switched.secrets).toEqual({ api_key: 'missing' });
    expect(await secrets.listAccounts(`draft/${twice.id}/`)).toEqual([]);
    await handlers.deleteDraft({ id: twice.id });

    const { draft: copy, secretsCopied } = await handlers.duplicateDraft({ id: draft.id });
    expect(secretsCopied).toBe(true);
    expect(copy.title).toBe('OpenAI rollout (copy)');
    expect(await secrets.get(`draft/${copy.id}/aws_secret_access_key`)).toBe('awsSecretValue123');
    expect(await handlers.deleteDraft({ id: draft.id })).toEqual({ removedSecrets: 1 });
    expect(await secrets.listAccounts(`draft/${draft.id}/`)).toEqual([]);
    expect((await handlers.listDrafts(undefined)).map((d) => d.id).sort()).toEqual([copy.id, imported.id].sort());
  });

  it('makes a draft from a credential on a tenant, with its configs, extra config and defaults, and its secrets missing', async () => {
    const credential = await createCredential(fakes[0]!, {
      name: 'Claude EU',
      creds_type: 'AWS',
      aws_access_key_id: 'AKIAEXAMPLE1234',
      aws_secret_access_key: 'awsSecret123abc',
      aws_region: 'eu-central-1',
    });
    const sonnet = await createConfig(fakes[0]!, {
      name: 'Sonnet thinking',
      provider: 'bedrock_eu-central-1',
      llm_credentials_id: credential,
      model_name: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
      llm_extra_config: { extra_config_type: 'bedrock_config', thinking: { type: 'enabled', budget_tokens: 4096 }, cache_messages: true },
    });
    fakes[0]!.mutate((s) => {
      s.preference.default_llm_config_id = sonnet;
    });
    const { handlers } = await setUp();
    const [alpha] = (await handlers.listTenantProfiles(undefined)).profiles.map((p) => p.id);
    const { draft, source } = await handlers.makeDraftFromCredential({ tenantId: alpha!, credentialId: credential });
    expect(source).toBe('tenant');
    expect(draft).toMatchObject({
      providerId: 'bedrock',
      // The listing masks the access key ID too: the draft asks for it, with the secret.
      values: { name: 'Claude EU', aws_region: 'eu-central-1' },
      models: [
        {
          modelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0',
          name: 'Sonnet thinking',
          extraConfig: { extra_config_type: 'bedrock_config', thinking: { budget_tokens: 4096 }, cache_messages: true },
        },
      ],
      defaults: { llmModelId: 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0', embeddingModelId: null },
      secrets: { aws_secret_access_key: 'missing' },
    });
    expect(draft.problems.map((p) => p.path)).toEqual(['values.aws_secret_access_key', 'values.aws_access_key_id']);
    expect(JSON.stringify(draft)).not.toContain('awsSecret123abc');
    expect(JSON.stringify(draft)).not.toContain('****');
  });
});
