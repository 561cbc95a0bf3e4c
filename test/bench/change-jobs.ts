// Changing many tenants at once, through the real services and fake tenants on loopback (latency:
// see latencyFor in read-jobs.ts):
//
// - apply to many: one draft (an OpenAI credential, 5 models, both defaults) applied to 10 empty
//   tenants. Its time ÷ applying it to one tenant (the slowest of a few), in the same run. The plan
//   is made first for each and not timed: applying is what the admin waits for.
// - rotation: one key held by 10 tenants, patched in place and validated again on each. Its time ÷
//   the same rotation on one tenant (the slowest of a few).
//
// Each change is followed, as in the app, by a read of the tenants it touched; the next measure
// starts once that read has ended.
import { randomUUID } from 'node:crypto';
import type { DraftContent } from '../../src-shared/drafts';
import { findRotationMatches } from '../../src-shared/rotation';
import type { FakeTenant } from '../fake-tenant/server';
import { createConfig, createCredential } from '../fake-tenant/test-helpers';
import type { BenchSize, Figure } from './figures';
import { median, seconds } from './figures';
import { latencyFor, latencyText, rounds } from './read-jobs';
import type { BenchTenant, ServicesEnv } from './services-env';

const draft: DraftContent = {
  title: 'Bench rollout',
  providerId: 'openai',
  values: { name: 'Bench OpenAI' },
  models: [
    { modelId: 'gpt-4o', name: 'GPT-4o (bench)', isEmbedding: false, dimensions: null, extraConfig: null },
    { modelId: 'gpt-4o-mini', name: '', isEmbedding: false, dimensions: null, extraConfig: null },
    { modelId: 'gpt-4.1', name: '', isEmbedding: false, dimensions: null, extraConfig: null },
    {
      modelId: 'o3-mini',
      name: '',
      isEmbedding: false,
      dimensions: null,
      extraConfig: { extra_config_type: 'openai_config', reasoning_effort: 'low' },
    },
    { modelId: 'text-embedding-3-small', name: 'Bench embeddings', isEmbedding: true, dimensions: 1536, extraConfig: null },
  ],
  defaults: { llmModelId: 'gpt-4o', embeddingModelId: 'text-embedding-3-small' },
  expiresAt: null,
  notes: '',
};

/** The tenant holds what the draft makes: its credential and its 5 configs. */
async function applied(t: BenchTenant): Promise<boolean> {
  const state = await t.fake.state();
  const credential = state.credentials.find((c) => c.name === 'Bench OpenAI');
  return credential !== undefined && state.configs.filter((c) => c.llm_credentials_id === credential.id).length === draft.models.length;
}

export async function applyToMany(env: ServicesEnv, size: BenchSize): Promise<Figure> {
  const l = latencyFor(size, 'change');
  const options = { latencyMs: l.latencyMs, jitterMs: l.jitterMs, builtInConfigs: false };
  const many = await env.tenants(10, options, 'Apply');
  const single = await env.tenants(l.alone, options, 'Apply alone');
  const apiKey = `sk-proj-bench-${randomUUID().replaceAll('-', '')}`;
  const saved = await env.handlers.saveDraft({ content: draft, secrets: { api_key: apiKey }, clearSecrets: [] });
  /** Plans (untimed), then applies and times it; every tenant must end holding the draft's setup. */
  const apply = async (tenants: BenchTenant[]) => {
    let planId = '';
    await env.succeeded('plan', async () => {
      const plan = await env.handlers.startPlan({ draftId: saved.id, tenantIds: tenants.map((t) => t.profileId) });
      planId = plan.planId;
      return plan;
    });
    const run = await env.succeeded('apply', () => env.handlers.startApply({ planId, confirmations: {}, keepFailed: false }));
    const holding = await Promise.all(tenants.map(applied));
    if (!holding.every(Boolean)) throw new Error('apply: a tenant does not hold the draft’s credential and configs');
    await env.idle();
    await Promise.all(tenants.map((t) => t.fake.reset()));
    return run.ms;
  };
  // Untimed: the code run once, each tenant's client made.
  await apply(single.slice(0, 1));
  const ratios: number[] = [];
  let last = { all: 0, alone: 0 };
  for (let round = 0; round < l.rounds; round++) {
    const alone: number[] = [];
    for (const t of single) alone.push(await apply([t]));
    last = { all: await apply(many), alone: Math.max(...alone) };
    ratios.push(last.all / last.alone);
  }
  return {
    name: 'apply to many',
    value: median(ratios),
    unit: '×',
    goal: 1.5,
    detail: `5 models to 10 tenants ${seconds(last.all)} vs one tenant ${seconds(last.alone)} (${latencyText(l)})${rounds(ratios)}`,
  };
}

const baseUrl = 'https://api.groq.com/openai/v1';
const lastFour = () => randomUUID().replaceAll('-', '').slice(0, 4);

/** A credential holding `key` with two configs on it, on every tenant given. */
async function holdKey(tenants: BenchTenant[], key: string): Promise<void> {
  await Promise.all(
    tenants.map(async (t) => {
      // The helpers need only the fake's address and token.
      const fake = t.fake as unknown as FakeTenant;
      const id = await createCredential(fake, { name: 'Groq team', creds_type: 'API_KEY', api_key: key, base_url: baseUrl });
      await createConfig(fake, { name: 'Llama', provider: 'openai', llm_credentials_id: id, model_name: 'llama-3.3-70b-versatile' });
      await createConfig(fake, { name: 'Qwen', provider: 'openai', llm_credentials_id: id, model_name: 'qwen/qwen3-32b' });
    }),
  );
}

export async function rotation(env: ServicesEnv, size: BenchSize): Promise<Figure> {
  const l = latencyFor(size, 'change');
  const options = { latencyMs: l.latencyMs, jitterMs: l.jitterMs, builtInConfigs: false };
  const many = await env.tenants(10, options, 'Rotate');
  const single = await env.tenants(l.alone + 1, options, 'Rotate alone');
  const all = [...many, ...single];
  await holdKey(all, `sk-bench-old-${lastFour()}`);
  const { profiles: views } = await env.handlers.listTenantProfiles(undefined);
  const profiles = views.map((p) => ({ id: p.id, name: p.name, environment: p.environment }));

  /** The key on `tenants` (found from the inventory, as the page finds it) replaced by a new one; timed. */
  const rotate = async (tenants: BenchTenant[]) => {
    await env.succeeded('inventory', () => env.handlers.startInventoryRefresh({ tenantIds: tenants.map((t) => t.profileId) }));
    const states = await env.handlers.getInventory({ tenantIds: tenants.map((t) => t.profileId) });
    const source = states[0]!.inventory!.credentials.find((c) => c.name === 'Groq team')!;
    const matches = findRotationMatches({ tenantId: tenants[0]!.profileId, credentialId: source.id }, states, profiles);
    if (matches.length !== tenants.length) throw new Error(`rotation: the key was found on ${matches.length} of ${tenants.length} tenants`);
    const newKey = `sk-bench-new-${randomUUID().slice(0, 8)}${lastFour()}`;
    const targets = matches.map(({ tenantId, credentialId, key }) => ({ tenantId, credentialId, key }));
    const input = { providerId: 'openai_compatible' as const, values: { api_key: newKey }, targets, confirmations: {}, fallback: false };
    const run = await env.succeeded('rotation', () => env.handlers.startRotation(input));
    const held = await Promise.all(tenants.map((t) => t.fake.state()));
    const rotated = held.filter((state) => state.credentials.some((c) => c.secrets.api_key === newKey)).length;
    if (rotated !== tenants.length) throw new Error(`rotation: ${rotated} of ${tenants.length} tenants hold the new key`);
    await env.idle();
    return run.ms;
  };
  // Untimed: the code run once, on a tenant of its own.
  await rotate(single.slice(l.alone));
  const ratios: number[] = [];
  let last = { all: 0, alone: 0 };
  for (let round = 0; round < l.rounds; round++) {
    const alone: number[] = [];
    for (const t of single.slice(0, l.alone)) alone.push(await rotate([t]));
    last = { all: await rotate(many), alone: Math.max(...alone) };
    ratios.push(last.all / last.alone);
  }
  return {
    name: 'rotation',
    value: median(ratios),
    unit: '×',
    goal: 1.5,
    detail: `one key on 10 tenants ${seconds(last.all)} vs one tenant ${seconds(last.alone)} (${latencyText(l)})${rounds(ratios)}`,
  };
}
