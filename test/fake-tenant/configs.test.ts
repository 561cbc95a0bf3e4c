// LLM configs, paging, tenant preference and feature overrides.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEATURE_KEYS, startFakeTenant, type FakeTenant } from './server';
import { CONFIGS, GUIDE_CREDENTIALS, OVERRIDES, PREF, api, createConfig, createCredential } from './test-helpers';

// Without the built-in configs: these tests count and compare the tenant's own configs.
let tenant: FakeTenant;
beforeEach(async () => {
  tenant = await startFakeTenant({ builtInConfigs: false });
});
afterEach(async () => {
  await tenant.stop();
});

describe('POST /config/llm rules', () => {
  it.each([
    ['openai', 'openai', true],
    ['openai', 'anthropic', true],
    ['anthropic', 'anthropic', true],
    ['groq', 'openai', true],
    ['groq', 'anthropic', false],
    ['openai', 'google', false],
    ['bedrock', 'bedrock_us-west-2', true],
    ['bedrock', 'bedrock_us-east-1', false],
    ['bedrock', 'bedrock', false],
    ['azureKey', 'azure_openai', true],
    ['azureSp', 'azure_openai', true],
    ['azureKey', 'openai', false],
    ['gemini', 'google', true],
    ['vertex', 'google', true],
    ['vertex', 'vertex', false],
  ] as const)('%s credentials with provider %s: accepted=%s', async (label, provider, accepted) => {
    const credId = await createCredential(tenant, GUIDE_CREDENTIALS[label]);
    const r = await api(tenant, 'POST', CONFIGS, { name: 'c', provider, llm_credentials_id: credId, model_name: 'm' });
    expect(r.status).toBe(accepted ? 201 : 400);
    if (!accepted) expect(r.body.detail).toMatch(/does not match/);
    expect(tenant.state().configs).toHaveLength(accepted ? 1 : 0);
  });

  it('needs an existing credential', async () => {
    const r = await api(tenant, 'POST', CONFIGS, {
      name: 'c',
      provider: 'openai',
      llm_credentials_id: '1c9b6a55-2b0e-4f7e-9a59-6f2b7e0c4d11',
      model_name: 'gpt-4o',
    });
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(/does not exist/);
  });

  it('allows embedding_dimensions only with is_embedding', async () => {
    const credId = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
    const r = await api(tenant, 'POST', CONFIGS, {
      name: 'c',
      provider: 'openai',
      llm_credentials_id: credId,
      model_name: 'text-embedding-3-small',
      embedding_dimensions: 1536,
    });
    expect(r.status).toBe(400);
    expect(r.body.detail).toBe('embedding_dimensions is only allowed when is_embedding is true');
  });

  it('answers 422 for malformed bodies', async () => {
    const r = await api(tenant, 'POST', CONFIGS, { name: 'c', provider: 'openai', llm_credentials_id: 'abc', embedding_dimensions: 'big' });
    expect(r.status).toBe(422);
    const locs = r.body.detail.map((d: { loc: string[] }) => d.loc.join('.'));
    expect(locs).toEqual(expect.arrayContaining(['body.llm_credentials_id', 'body.model_name', 'body.embedding_dimensions']));
    expect(r.body.detail.find((d: { loc: string[] }) => d.loc[1] === 'llm_credentials_id').type).toBe('uuid_parsing');
  });
});

describe('paging of GET /config/llm', () => {
  it('uses the default page size, limit and skip, and clamps to the max page size', async () => {
    await tenant.stop();
    tenant = await startFakeTenant({ builtInConfigs: false, seedCredentials: 8, seedConfigs: 25, pageSize: 10, maxPageSize: 20 });
    const first = await api(tenant, 'GET', CONFIGS);
    expect(first.body.total).toBe(25);
    expect(first.body.data).toHaveLength(10);

    const ids: string[] = [];
    for (let skip = 0; ;) {
      const p = await api(tenant, 'GET', `${CONFIGS}?skip=${skip}`);
      ids.push(...p.body.data.map((c: { id: string }) => c.id));
      skip += p.body.data.length;
      if (p.body.data.length === 0 || skip >= p.body.total) break;
    }
    expect(ids).toEqual(tenant.state().configs.map((c) => c.id));

    const big = await api(tenant, 'GET', `${CONFIGS}?limit=1000`);
    expect(big.body.data).toHaveLength(20);
    expect(big.body.total).toBe(25);
    const tail = await api(tenant, 'GET', `${CONFIGS}?limit=5&offset=22`);
    expect(tail.body.data).toHaveLength(3);

    const filtered = await api(tenant, 'GET', `${CONFIGS}?is_embedding=true&limit=2`);
    const embeddingCount = tenant.state().configs.filter((c) => c.is_embedding).length;
    expect(embeddingCount).toBeGreaterThan(2);
    expect(filtered.body.total).toBe(embeddingCount);
    expect(filtered.body.data).toHaveLength(2);
  });

  it('answers 422 for bad paging and filter values', async () => {
    for (const q of ['limit=0', 'limit=ten', 'skip=-1', 'is_embedding=maybe', 'llm_credentials_id=42']) {
      const r = await api(tenant, 'GET', `${CONFIGS}?${q}`);
      expect(r.status, q).toBe(422);
      expect(r.body.detail[0].loc[0]).toBe('query');
    }
  });
});

async function twoConfigs(): Promise<{ chat: string; emb: string; cred: string }> {
  const cred = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
  const chat = await createConfig(tenant, { name: 'chat', provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o' });
  const emb = await createConfig(tenant, {
    name: 'emb',
    provider: 'openai',
    llm_credentials_id: cred,
    model_name: 'text-embedding-3-small',
    is_embedding: true,
    embedding_dimensions: 1536,
  });
  return { chat, emb, cred };
}

describe('GET/PUT /config/llm_preference', () => {
  it('starts empty, sets ids that exist, and resets with null', async () => {
    expect((await api(tenant, 'GET', PREF)).body).toEqual({
      default_llm_config_id: null,
      default_embedding_config_id: null,
      hide_default_models: false,
    });
    const { chat, emb } = await twoConfigs();
    const put = await api(tenant, 'PUT', PREF, {
      default_llm_config_id: chat,
      default_embedding_config_id: emb,
      hide_default_models: true,
    });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ default_llm_config_id: chat, default_embedding_config_id: emb, hide_default_models: true });
    expect(tenant.state().embeddingIndexResets).toBe(1);

    // absent fields stay; null resets
    const partial = await api(tenant, 'PUT', PREF, { default_llm_config_id: null });
    expect(partial.body).toEqual({ default_llm_config_id: null, default_embedding_config_id: emb, hide_default_models: true });
    expect((await api(tenant, 'GET', PREF)).body).toEqual(partial.body);
    expect(tenant.state().embeddingIndexResets).toBe(1);
  });

  it('refuses unknown ids and configs of the wrong kind', async () => {
    const { chat, emb } = await twoConfigs();
    const unknown = await api(tenant, 'PUT', PREF, { default_llm_config_id: '0f6d1a9c-1111-4222-8333-944455556666' });
    expect(unknown.status).toBe(400);
    const swapped = await api(tenant, 'PUT', PREF, { default_llm_config_id: emb });
    expect(swapped.status).toBe(400);
    const swapped2 = await api(tenant, 'PUT', PREF, { default_embedding_config_id: chat });
    expect(swapped2.status).toBe(400);
    const malformed = await api(tenant, 'PUT', PREF, { hide_default_models: 'sure' });
    expect(malformed.status).toBe(422);
    expect(tenant.state().preference.default_llm_config_id).toBeNull();
  });

  it('deleting a default config clears the default', async () => {
    const { chat, emb } = await twoConfigs();
    await api(tenant, 'PUT', PREF, { default_llm_config_id: chat, default_embedding_config_id: emb });
    expect((await api(tenant, 'DELETE', `${CONFIGS}/${emb}`)).status).toBe(204);
    expect((await api(tenant, 'GET', PREF)).body).toMatchObject({ default_llm_config_id: chat, default_embedding_config_id: null });
  });
});

describe('feature overrides', () => {
  it('sets, replaces, lists and deletes an override', async () => {
    const { chat, cred } = await twoConfigs();
    const other = await createConfig(tenant, { name: 'mini', provider: 'openai', llm_credentials_id: cred, model_name: 'gpt-4o-mini' });
    const put = await api(tenant, 'PUT', OVERRIDES, {
      feature_type: 'DEFAULT_AGENT',
      feature_key: 'catalog_search_agent',
      llm_config_id: chat,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ feature_type: 'DEFAULT_AGENT', feature_key: 'catalog_search_agent', llm_config_id: chat });
    await api(tenant, 'PUT', OVERRIDES, { feature_type: 'PRODUCT_AREA', feature_key: 'catalog_chat', llm_config_id: chat });
    await api(tenant, 'PUT', OVERRIDES, { feature_type: 'DEFAULT_AGENT', feature_key: 'catalog_search_agent', llm_config_id: other });

    const list = await api(tenant, 'GET', OVERRIDES);
    expect(list.body.total).toBe(2);
    expect(list.body.data).toEqual([
      expect.objectContaining({ feature_type: 'DEFAULT_AGENT', feature_key: 'catalog_search_agent', llm_config_id: other }),
      expect.objectContaining({ feature_type: 'PRODUCT_AREA', feature_key: 'catalog_chat', llm_config_id: chat }),
    ]);

    const del = await api(tenant, 'DELETE', `${OVERRIDES}/PRODUCT_AREA/catalog_chat`);
    expect(del.status).toBe(204);
    expect((await api(tenant, 'DELETE', `${OVERRIDES}/PRODUCT_AREA/catalog_chat`)).status).toBe(404);
    expect((await api(tenant, 'GET', OVERRIDES)).body.total).toBe(1);
  });

  it('an unknown feature key fails with the list of valid keys', async () => {
    const { chat } = await twoConfigs();
    const r = await api(tenant, 'PUT', OVERRIDES, { feature_type: 'DEFAULT_AGENT', feature_key: 'sql_agent', llm_config_id: chat });
    expect(r.status).toBe(422);
    expect(r.body.detail[0].loc).toEqual(['body', 'feature_key']);
    expect(r.body.detail[0].ctx.valid_keys).toEqual([...FEATURE_KEYS.DEFAULT_AGENT]);
    for (const key of FEATURE_KEYS.DEFAULT_AGENT) expect(r.body.detail[0].msg).toContain(key);
    // a PRODUCT_AREA key is not a DEFAULT_AGENT key
    const crossed = await api(tenant, 'PUT', OVERRIDES, {
      feature_type: 'DEFAULT_AGENT',
      feature_key: 'catalog_chat',
      llm_config_id: chat,
    });
    expect(crossed.status).toBe(422);
    const del = await api(tenant, 'DELETE', `${OVERRIDES}/PRODUCT_AREA/nope`);
    expect(del.status).toBe(422);
    expect(del.body.detail[0].ctx.valid_keys).toEqual([...FEATURE_KEYS.PRODUCT_AREA]);
    const badType = await api(tenant, 'DELETE', `${OVERRIDES}/AGENT/catalog_chat`);
    expect(badType.status).toBe(422);
  });

  it('refuses unknown and embedding configs, and drops overrides of a deleted config', async () => {
    const { chat, emb } = await twoConfigs();
    const unknown = await api(tenant, 'PUT', OVERRIDES, {
      feature_type: 'PRODUCT_AREA',
      feature_key: 'search_summaries',
      llm_config_id: '0f6d1a9c-1111-4222-8333-944455556666',
    });
    expect(unknown.status).toBe(400);
    const embedding = await api(tenant, 'PUT', OVERRIDES, {
      feature_type: 'PRODUCT_AREA',
      feature_key: 'search_summaries',
      llm_config_id: emb,
    });
    expect(embedding.status).toBe(400);
    await api(tenant, 'PUT', OVERRIDES, { feature_type: 'PRODUCT_AREA', feature_key: 'search_summaries', llm_config_id: chat });
    await api(tenant, 'DELETE', `${CONFIGS}/${chat}`);
    expect((await api(tenant, 'GET', OVERRIDES)).body).toEqual({ data: [], total: 0 });
  });
});

describe('programmatic state', () => {
  it('state() is a deep copy and reset() goes back to the seed', async () => {
    await tenant.stop();
    tenant = await startFakeTenant({ builtInConfigs: false, seedCredentials: 2, seedConfigs: 2 });
    const s = tenant.state();
    s.credentials.length = 0;
    expect(tenant.state().credentials).toHaveLength(2);
    await createCredential(tenant, GUIDE_CREDENTIALS.gemini);
    expect(tenant.state().credentials).toHaveLength(3);
    expect(tenant.requests()).toHaveLength(1);
    tenant.reset();
    expect(tenant.state().credentials).toHaveLength(2);
    expect(tenant.state().configs).toHaveLength(2);
    expect(tenant.requests()).toHaveLength(0);
    // tokens survive a reset
    expect((await api(tenant, 'GET', CONFIGS)).status).toBe(200);
  });
});
