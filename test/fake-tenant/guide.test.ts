// Every API example of the BYOM setup guide, run against the fake tenant.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_FIELDS, startFakeTenant, type FakeTenant } from './server';
import { CONFIGS, CREDS, GUIDE_CREDENTIALS, GUIDE_SECRETS, UUID_RE, api, createConfig, createCredential } from './test-helpers';

// Without the built-in configs: the guide's examples count and compare the tenant's own configs.
let tenant: FakeTenant;
beforeEach(async () => {
  tenant = await startFakeTenant({ builtInConfigs: false });
});
afterEach(async () => {
  await tenant.stop();
});

describe('POST /llm_credentials with the guide examples', () => {
  it.each(Object.entries(GUIDE_CREDENTIALS))('creates %s and answers it with a UUID id and no secret', async (_label, body) => {
    const r = await api(tenant, 'POST', CREDS, body);
    expect(r.status).toBe(201);
    expect(r.body.id).toMatch(UUID_RE);
    expect(r.body.name).toBe(body.name);
    expect(r.body.creds_type).toBe(body.creds_type);
    for (const secret of GUIDE_SECRETS) expect(r.text).not.toContain(secret);
    // secret fields are masked to their last 4 characters, or null when not set
    for (const field of SECRET_FIELDS) expect(r.body[field] === null || /^\*{4}.{0,4}$/.test(r.body[field]), field).toBe(true);
    if ('api_key' in body) expect(r.body.api_key).toBe(`****${body.api_key.slice(-4)}`);
    expect(r.body).not.toHaveProperty('secrets');
    // stored, with the secrets, for tests only
    const stored = tenant.state().credentials.find((c) => c.id === r.body.id);
    expect(stored).toBeDefined();
  });

  it('stores the secrets of each variant (visible through state() only)', async () => {
    const ids: Record<string, string> = {};
    for (const [label, body] of Object.entries(GUIDE_CREDENTIALS)) ids[label] = await createCredential(tenant, body);
    const byId = new Map(tenant.state().credentials.map((c) => [c.id, c]));
    expect(byId.get(ids.openai!)?.secrets.api_key).toBe('sk-proj-abc123secret');
    expect(byId.get(ids.groq!)?.base_url).toBe('https://api.groq.com/openai/v1');
    expect(byId.get(ids.bedrock!)?.secrets).toMatchObject({
      aws_access_key_id: 'AKIAABC123EXAMPLE',
      aws_secret_access_key: 'awsSecret123abc',
    });
    expect(byId.get(ids.bedrock!)?.aws_region).toBe('us-west-2');
    expect(byId.get(ids.azureKey!)?.secrets.api_key).toBe('azureKey123abc');
    expect(byId.get(ids.azureSp!)?.secrets.azure_client_secret).toBe('azureClientSecret123');
    expect(byId.get(ids.azureSp!)?.azure_client_id).toBe('client-id-123');
    expect(byId.get(ids.gemini!)?.secrets.api_key).toBe('AIzaSecret123abc');
    expect(byId.get(ids.vertex!)?.secrets.gcp_service_account).toEqual(GUIDE_CREDENTIALS.vertex.gcp_service_account);
  });
});

describe('GET /llm_credentials', () => {
  it('lists all eight with their non-secret fields and never a secret', async () => {
    for (const body of Object.values(GUIDE_CREDENTIALS)) await createCredential(tenant, body);
    const r = await api(tenant, 'GET', CREDS);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(8);
    expect(r.body.data).toHaveLength(8);
    for (const secret of GUIDE_SECRETS) expect(r.text).not.toContain(secret);
    expect(r.text).not.toContain('"type":"service_account"');
    const byName = new Map<string, Record<string, unknown>>(r.body.data.map((c: Record<string, unknown>) => [c.name, c]));
    expect(byName.get('Groq')).toMatchObject({ creds_type: 'API_KEY', base_url: 'https://api.groq.com/openai/v1' });
    expect(byName.get('AWS Bedrock US West')).toMatchObject({ creds_type: 'AWS', aws_region: 'us-west-2' });
    expect(byName.get('Azure OpenAI')).toMatchObject({
      creds_type: 'AZURE',
      azure_endpoint: 'https://myresource.openai.azure.com/',
      api_version: '2024-10-21',
    });
    expect(byName.get('Azure OpenAI SP')).toMatchObject({
      azure_client_id: 'client-id-123',
      azure_token_url: 'https://login.microsoftonline.com/tenant-123/oauth2/v2.0/token',
    });
    expect(byName.get('Vertex AI')).toMatchObject({ creds_type: 'GCP', gcp_project: 'my-project-id', gcp_location: 'us-central1' });
    // the guide's service account has no private_key_id, so nothing of it shows
    expect(byName.get('Vertex AI')?.gcp_service_account).toBe('****');
    expect(byName.get('AWS Bedrock US West')).toMatchObject({
      aws_access_key_id: '****MPLE',
      aws_secret_access_key: '****3abc',
      api_key: null,
    });
    expect(byName.get('Gemini')).toMatchObject({ creds_type: 'GCP', gcp_project: null });
  });
});

describe('POST /llm_credentials/{id}/validate: the three forms', () => {
  it('lists available models', async () => {
    const id = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
    const r = await api(tenant, 'POST', `${CREDS}/${id}/validate`, { provider: 'openai' });
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(true);
    expect(r.body.error).toBeNull();
    expect(r.body.models).toEqual(expect.arrayContaining(['gpt-4o', 'gpt-4o-mini', 'gpt-5.4']));
  });

  it('validates a specific model', async () => {
    const id = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
    const r = await api(tenant, 'POST', `${CREDS}/${id}/validate`, { provider: 'openai', model_name: 'gpt-4o' });
    expect(r.body).toEqual({ valid: true, models: ['gpt-4o'], error: null });
  });

  it('validates an embedding model', async () => {
    const id = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
    const r = await api(tenant, 'POST', `${CREDS}/${id}/validate`, {
      provider: 'openai',
      model_name: 'text-embedding-3-small',
      is_embedding: true,
    });
    expect(r.body).toEqual({ valid: true, models: ['text-embedding-3-small'], error: null });
  });

  it('validates Bedrock with provider "bedrock" (region from the credentials)', async () => {
    const id = await createCredential(tenant, GUIDE_CREDENTIALS.bedrock);
    const r = await api(tenant, 'POST', `${CREDS}/${id}/validate`, { provider: 'bedrock' });
    expect(r.body.valid).toBe(true);
    expect(r.body.models).toContain('anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(r.body.models).toContain('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const one = await api(tenant, 'POST', `${CREDS}/${id}/validate`, {
      provider: 'bedrock',
      model_name: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    expect(one.body.valid).toBe(true);
  });

  it('answers "Model not found" for a model the provider does not have', async () => {
    const id = await createCredential(tenant, GUIDE_CREDENTIALS.bedrock);
    const r = await api(tenant, 'POST', `${CREDS}/${id}/validate`, { provider: 'bedrock', model_name: 'claude-sonnet-4-5' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ valid: false, models: [], error: 'Model not found' });
  });

  it('answers valid: null when the provider does not support listing', async () => {
    const id = await createCredential(tenant, {
      name: 'vLLM',
      creds_type: 'API_KEY',
      api_key: 'none',
      base_url: 'http://llm-service:8000/v1',
    });
    const r = await api(tenant, 'POST', `${CREDS}/${id}/validate`, { provider: 'openai' });
    expect(r.status).toBe(200);
    expect(r.body.valid).toBeNull();
    expect(r.body.models).toEqual([]);
  });

  it.each([
    ['anthropic', 'anthropic', 'claude-sonnet-4-5-20250929'],
    ['groq', 'openai', 'llama-3.3-70b-versatile'],
    ['azureKey', 'azure_openai', 'gpt-4o'],
    ['azureSp', 'azure_openai', 'text-embedding-3-large'],
    ['gemini', 'google', 'gemini-2.5-pro'],
    ['vertex', 'google', 'gemini-2.5-flash'],
  ] as const)('lists models for %s with provider %s', async (label, provider, expected) => {
    const id = await createCredential(tenant, GUIDE_CREDENTIALS[label]);
    const r = await api(tenant, 'POST', `${CREDS}/${id}/validate`, { provider });
    expect(r.body.valid).toBe(true);
    expect(r.body.models).toContain(expected);
  });
});

describe('POST /config/llm: both kinds of config', () => {
  it('creates a completion config and an embedding config', async () => {
    const credId = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
    const completion = await api(tenant, 'POST', CONFIGS, {
      name: 'My GPT-4o',
      provider: 'openai',
      llm_credentials_id: credId,
      model_name: 'gpt-4o',
    });
    expect(completion.status).toBe(201);
    expect(completion.body).toMatchObject({
      name: 'My GPT-4o',
      provider: 'openai',
      llm_credentials_id: credId,
      model_name: 'gpt-4o',
      is_embedding: false,
      is_default: false,
    });
    expect(completion.body.id).toMatch(UUID_RE);
    expect(Number.isNaN(Date.parse(completion.body.created_at))).toBe(false);

    const embedding = await api(tenant, 'POST', CONFIGS, {
      name: 'My Embeddings',
      provider: 'openai',
      llm_credentials_id: credId,
      model_name: 'text-embedding-3-large',
      is_embedding: true,
      embedding_dimensions: 3072,
    });
    expect(embedding.status).toBe(201);
    expect(embedding.body).toMatchObject({ is_embedding: true, embedding_dimensions: 3072, is_default: false });
  });

  it('creates a Bedrock config with the region-qualified provider, and lists it that way', async () => {
    const credId = await createCredential(tenant, GUIDE_CREDENTIALS.bedrock);
    const wrong = await api(tenant, 'POST', CONFIGS, {
      name: 'Sonnet',
      provider: 'bedrock',
      llm_credentials_id: credId,
      model_name: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toContain('bedrock_us-west-2');
    await createConfig(tenant, {
      name: 'Sonnet',
      provider: 'bedrock_us-west-2',
      llm_credentials_id: credId,
      model_name: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    const list = await api(tenant, 'GET', CONFIGS);
    expect(list.body.data[0].provider).toBe('bedrock_us-west-2');
  });
});

describe('GET /config/llm with the filters of the guide', () => {
  it('filters by llm_credentials_id and by is_embedding', async () => {
    const a = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
    const b = await createCredential(tenant, GUIDE_CREDENTIALS.azureKey);
    const a1 = await createConfig(tenant, { name: 'A chat', provider: 'openai', llm_credentials_id: a, model_name: 'gpt-4o' });
    const a2 = await createConfig(tenant, {
      name: 'A emb',
      provider: 'openai',
      llm_credentials_id: a,
      model_name: 'text-embedding-3-small',
      is_embedding: true,
    });
    const b1 = await createConfig(tenant, { name: 'B chat', provider: 'azure_openai', llm_credentials_id: b, model_name: 'gpt-4o' });

    const all = await api(tenant, 'GET', CONFIGS);
    expect(all.body.total).toBe(3);
    expect(all.body.data.map((c: { id: string }) => c.id)).toEqual([a1, a2, b1]);

    const byCred = await api(tenant, 'GET', `${CONFIGS}?llm_credentials_id=${a}`);
    expect(byCred.body.total).toBe(2);
    expect(byCred.body.data.map((c: { id: string }) => c.id)).toEqual([a1, a2]);

    const emb = await api(tenant, 'GET', `${CONFIGS}?is_embedding=true`);
    expect(emb.body).toMatchObject({ total: 1 });
    expect(emb.body.data[0].id).toBe(a2);

    const notEmb = await api(tenant, 'GET', `${CONFIGS}?is_embedding=false&llm_credentials_id=${a}`);
    expect(notEmb.body.data.map((c: { id: string }) => c.id)).toEqual([a1]);
  });
});

describe('deletes in the right and in the wrong order', () => {
  it('refuses to delete credentials while a config references them, then deletes in order', async () => {
    const credId = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
    const cfgId = await createConfig(tenant, { name: 'My GPT-4o', provider: 'openai', llm_credentials_id: credId, model_name: 'gpt-4o' });

    const wrong = await api(tenant, 'DELETE', `${CREDS}/${credId}`);
    expect(wrong.status).toBe(409);
    expect(wrong.body.detail).toMatch(/Delete the associated LLM configs first/);
    expect(wrong.body.llm_config_ids).toEqual([cfgId]);
    expect(tenant.state().credentials).toHaveLength(1);

    const delCfg = await api(tenant, 'DELETE', `${CONFIGS}/${cfgId}`);
    expect(delCfg.status).toBe(204);
    const delCred = await api(tenant, 'DELETE', `${CREDS}/${credId}`);
    expect(delCred.status).toBe(204);
    expect(tenant.state()).toMatchObject({ credentials: [], configs: [] });

    const again = await api(tenant, 'DELETE', `${CREDS}/${credId}`);
    expect(again.status).toBe(404);
    const againCfg = await api(tenant, 'DELETE', `${CONFIGS}/${cfgId}`);
    expect(againCfg.status).toBe(404);
  });

  it('records the order of calls that reached the tenant', async () => {
    const credId = await createCredential(tenant, GUIDE_CREDENTIALS.openai);
    const cfgId = await createConfig(tenant, { name: 'x', provider: 'openai', llm_credentials_id: credId, model_name: 'gpt-4o' });
    await api(tenant, 'DELETE', `${CONFIGS}/${cfgId}`);
    await api(tenant, 'DELETE', `${CREDS}/${credId}`);
    const log = tenant.requests();
    expect(log.map((e) => `${e.method} ${e.path} ${String(e.status)}`)).toEqual([
      `POST ${CREDS} 201`,
      `POST ${CONFIGS} 201`,
      `DELETE ${CONFIGS}/${cfgId} 204`,
      `DELETE ${CREDS}/${credId} 204`,
    ]);
    expect(log.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < log.length; i++) expect(log[i]!.time).toBeGreaterThanOrEqual(log[i - 1]!.time);
    expect(log[0]!.auth).toBe('bearer');
  });
});

describe('troubleshooting table messages', () => {
  it('"aws_region is required"', async () => {
    const { aws_region: _r, ...body } = GUIDE_CREDENTIALS.bedrock;
    const r = await api(tenant, 'POST', CREDS, body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'aws_region is required' });
  });

  it('"api_key is required for API_KEY creds type"', async () => {
    const r = await api(tenant, 'POST', CREDS, { name: 'No key', creds_type: 'API_KEY' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'api_key is required for API_KEY creds type' });
  });

  it.each([['azure_endpoint'], ['api_version']])('"azure_endpoint and api_version are required" without %s', async (field) => {
    const body: Record<string, unknown> = { ...GUIDE_CREDENTIALS.azureKey };
    delete body[field];
    const r = await api(tenant, 'POST', CREDS, body);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ detail: 'azure_endpoint and api_version are required' });
  });

  it('validation fails with 401 for an invalid key and 403 for missing permissions', async () => {
    const bad = await createCredential(tenant, { ...GUIDE_CREDENTIALS.openai, api_key: 'sk-proj-invalid-123' });
    const r401 = await api(tenant, 'POST', `${CREDS}/${bad}/validate`, { provider: 'openai' });
    expect(r401.status).toBe(401);
    expect(r401.body.valid).toBe(false);
    expect(r401.text).not.toContain('sk-proj-invalid-123');

    const denied = await createCredential(tenant, { ...GUIDE_CREDENTIALS.bedrock, aws_secret_access_key: 'forbidden-secret' });
    const r403 = await api(tenant, 'POST', `${CREDS}/${denied}/validate`, { provider: 'bedrock' });
    expect(r403.status).toBe(403);
    expect(r403.text).not.toContain('forbidden-secret');
  });
});
