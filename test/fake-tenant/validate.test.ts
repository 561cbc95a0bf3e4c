// Validation endpoint: provider fit, key conventions, non-listing base URLs, catalogs.
import { describe, expect, it } from 'vitest';
import { isNonListing } from './catalog';
import { DEFAULT_NON_LISTING_BASE_URLS } from './server';
import { CREDS, GUIDE_CREDENTIALS, api, createCredential, fakeTenantPerTest } from './test-helpers';

const start = fakeTenantPerTest();
const validatePath = (id: string): string => `${CREDS}/${id}/validate`;

describe('the provider must fit the credential', () => {
  it.each([
    ['openai', 'bedrock', /use "openai" or "anthropic"/],
    ['openai', 'google', /use "openai" or "anthropic"/],
    ['bedrock', 'openai', /use "bedrock"/],
    ['azureKey', 'openai', /use "azure_openai"/],
    ['vertex', 'anthropic', /use "google"/],
    ['groq', 'anthropic', /use "openai"/],
  ] as const)('%s credentials with provider %s: valid false', async (label, provider, message) => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS[label]);
    const r = await api(t, 'POST', validatePath(id), { provider });
    expect(r.status).toBe(200);
    expect(r.body.valid).toBe(false);
    expect(r.body.models).toEqual([]);
    expect(r.body.error).toMatch(message);
  });

  it('explains that Bedrock validates with "bedrock", not the region-qualified provider', async () => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS.bedrock);
    const r = await api(t, 'POST', validatePath(id), { provider: 'bedrock_us-west-2' });
    expect(r.body.valid).toBe(false);
    expect(r.body.error).toMatch(/provider "bedrock"/);
  });

  it('answers 422 for an unknown provider or a malformed body', async () => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const unknown = await api(t, 'POST', validatePath(id), { provider: 'mistral' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail[0]).toMatchObject({ loc: ['body', 'provider'], type: 'literal_error' });
    const missing = await api(t, 'POST', validatePath(id), { model_name: 'gpt-4o' });
    expect(missing.status).toBe(422);
    expect(missing.body.detail[0]).toMatchObject({ loc: ['body', 'provider'], type: 'missing' });
    const badFlag = await api(t, 'POST', validatePath(id), { provider: 'openai', is_embedding: 'yes please' });
    expect(badFlag.status).toBe(422);
    expect(badFlag.body.detail[0]).toMatchObject({ loc: ['body', 'is_embedding'], type: 'bool_type' });
  });
});

describe('invalid / forbidden key convention', () => {
  it.each([
    ['api_key (OpenAI)', { ...GUIDE_CREDENTIALS.openai, api_key: 'sk-proj-INVALID' }, 'openai', 401],
    ['aws_secret_access_key', { ...GUIDE_CREDENTIALS.bedrock, aws_secret_access_key: 'x-invalid-x' }, 'bedrock', 401],
    ['azure_client_secret', { ...GUIDE_CREDENTIALS.azureSp, azure_client_secret: 'invalid' }, 'azure_openai', 401],
    [
      'service account private_key',
      { ...GUIDE_CREDENTIALS.vertex, gcp_service_account: { type: 'service_account', private_key: '---invalid---' } },
      'google',
      401,
    ],
    ['api_key (Gemini)', { ...GUIDE_CREDENTIALS.gemini, api_key: 'AIza-forbidden' }, 'google', 403],
    ['azure api_key', { ...GUIDE_CREDENTIALS.azureKey, api_key: 'forbidden-key' }, 'azure_openai', 403],
  ] as const)('%s', async (_label, body, provider, status) => {
    const t = await start();
    const id = await createCredential(t, body);
    const list = await api(t, 'POST', validatePath(id), { provider });
    expect(list.status).toBe(status);
    expect(list.body).toMatchObject({ valid: false, models: [] });
    expect(typeof list.body.detail).toBe('string');
    expect(list.body).not.toHaveProperty('reason'); // not a tenant auth failure
    const one = await api(t, 'POST', validatePath(id), { provider, model_name: 'whatever' });
    expect(one.status).toBe(status);
  });

  it('a normal key passes, and the provider fit is checked before the key', async () => {
    const t = await start();
    const id = await createCredential(t, { ...GUIDE_CREDENTIALS.openai, api_key: 'sk-proj-invalid' });
    const mismatch = await api(t, 'POST', validatePath(id), { provider: 'google' });
    expect(mismatch.status).toBe(200);
    expect(mismatch.body.valid).toBe(false);
    const ok = await createCredential(t, GUIDE_CREDENTIALS.openai);
    expect((await api(t, 'POST', validatePath(ok), { provider: 'openai' })).status).toBe(200);
  });
});

describe('model-specific validation', () => {
  it('checks embedding versus completion models', async () => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const chatAsEmb = await api(t, 'POST', validatePath(id), { provider: 'openai', model_name: 'gpt-4o', is_embedding: true });
    expect(chatAsEmb.body).toEqual({ valid: false, models: [], error: 'Model is not an embedding model' });
    const embAsChat = await api(t, 'POST', validatePath(id), { provider: 'openai', model_name: 'text-embedding-3-large' });
    expect(embAsChat.body.valid).toBe(false);
    expect(embAsChat.body.error).toMatch(/embedding model/);
    const listEmb = await api(t, 'POST', validatePath(id), { provider: 'openai', is_embedding: true });
    expect(listEmb.body.models).toEqual(['text-embedding-3-small', 'text-embedding-3-large', 'text-embedding-ada-002']);
  });

  it('Anthropic models for API_KEY credentials without a base URL', async () => {
    const t = await start();
    const id = await createCredential(t, GUIDE_CREDENTIALS.anthropic);
    const r = await api(t, 'POST', validatePath(id), { provider: 'anthropic', model_name: 'claude-sonnet-4-5-20250929' });
    expect(r.body.valid).toBe(true);
    const gpt = await api(t, 'POST', validatePath(id), { provider: 'anthropic', model_name: 'gpt-4o' });
    expect(gpt.body.error).toBe('Model not found');
  });

  it('Bedrock inference profiles follow the region', async () => {
    const t = await start();
    const eu = await createCredential(t, { ...GUIDE_CREDENTIALS.bedrock, aws_region: 'eu-central-1' });
    const r = await api(t, 'POST', validatePath(eu), { provider: 'bedrock' });
    expect(r.body.models).toContain('eu.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(r.body.models).toContain('global.anthropic.claude-sonnet-4-5-20250929-v1:0');
    expect(r.body.models).not.toContain('us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    const us = await api(t, 'POST', validatePath(eu), { provider: 'bedrock', model_name: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' });
    expect(us.body.error).toBe('Model not found');
  });
});

describe('OpenAI-compatible base URLs without model listing', () => {
  it('default set: self-hosted URLs answer valid null, known models validate, unknown ones do not', async () => {
    const t = await start();
    for (const baseUrl of ['http://llm-service:8000/v1', 'http://localhost:11434/v1', 'http://127.0.0.1:8000/v1']) {
      const id = await createCredential(t, { name: baseUrl, creds_type: 'API_KEY', api_key: 'x', base_url: baseUrl });
      const list = await api(t, 'POST', validatePath(id), { provider: 'openai' });
      expect(list.body.valid).toBeNull();
      expect(list.body.models).toEqual([]);
      expect(list.body.error).toMatch(/model_name/);
      const good = await api(t, 'POST', validatePath(id), { provider: 'openai', model_name: 'meta-llama/Llama-3.1-8B-Instruct' });
      expect(good.body).toEqual({ valid: true, models: ['meta-llama/Llama-3.1-8B-Instruct'], error: null });
      const emb = await api(t, 'POST', validatePath(id), { provider: 'openai', model_name: 'nomic-embed-text', is_embedding: true });
      expect(emb.body.valid).toBe(true);
      const bad = await api(t, 'POST', validatePath(id), { provider: 'openai', model_name: 'gpt-4o' });
      expect(bad.body).toEqual({ valid: false, models: [], error: 'Model not found' });
    }
  });

  it('listing providers list their own catalog', async () => {
    const t = await start();
    const deepseek = await createCredential(t, { name: 'd', creds_type: 'API_KEY', api_key: 'x', base_url: 'https://api.deepseek.com/v1' });
    expect((await api(t, 'POST', validatePath(deepseek), { provider: 'openai' })).body.models).toEqual([
      'deepseek-chat',
      'deepseek-reasoner',
    ]);
    const openaiCompat = await createCredential(t, {
      name: 'o',
      creds_type: 'API_KEY',
      api_key: 'x',
      base_url: 'https://api.openai.com/v1',
    });
    expect((await api(t, 'POST', validatePath(openaiCompat), { provider: 'openai' })).body.models).toContain('gpt-4o');
    const other = await createCredential(t, { name: 'z', creds_type: 'API_KEY', api_key: 'x', base_url: 'https://llm.example.com/v1' });
    const r = await api(t, 'POST', validatePath(other), { provider: 'openai' });
    expect(r.body.valid).toBe(true);
    expect(r.body.models.length).toBeGreaterThan(0);
  });

  it('the set and the known models are options', async () => {
    const t = await start({
      nonListingBaseUrls: ['https://api.groq.com/openai', 'inference.internal:9000'],
      selfHostedModels: ['my-org/model-a'],
      selfHostedEmbeddingModels: [],
    });
    const groq = await createCredential(t, GUIDE_CREDENTIALS.groq);
    expect((await api(t, 'POST', validatePath(groq), { provider: 'openai' })).body.valid).toBeNull();
    expect((await api(t, 'POST', validatePath(groq), { provider: 'openai', model_name: 'my-org/model-a' })).body.valid).toBe(true);
    expect((await api(t, 'POST', validatePath(groq), { provider: 'openai', model_name: 'llama-3.3-70b-versatile' })).body.valid).toBe(
      false,
    );
    const internal = await createCredential(t, {
      name: 'i',
      creds_type: 'API_KEY',
      api_key: 'x',
      base_url: 'http://inference.internal:9000/v1',
    });
    expect((await api(t, 'POST', validatePath(internal), { provider: 'openai' })).body.valid).toBeNull();
    // the default set no longer applies
    const local = await createCredential(t, { name: 'l', creds_type: 'API_KEY', api_key: 'x', base_url: 'http://localhost:11434/v1' });
    expect((await api(t, 'POST', validatePath(local), { provider: 'openai' })).body.valid).toBe(true);
  });

  it('matches prefixes on path boundaries and hosts with or without port', () => {
    expect(isNonListing('http://llm-service:8000/v1', DEFAULT_NON_LISTING_BASE_URLS)).toBe(true);
    expect(isNonListing('http://llm-service:80001/v1', DEFAULT_NON_LISTING_BASE_URLS)).toBe(false);
    expect(isNonListing('http://LOCALHOST:1234/v1/', DEFAULT_NON_LISTING_BASE_URLS)).toBe(true);
    expect(isNonListing('https://api.groq.com/openai/v1', DEFAULT_NON_LISTING_BASE_URLS)).toBe(false);
    expect(isNonListing('http://host:9000/v1', ['host:9000'])).toBe(true);
    expect(isNonListing('http://host:9001/v1', ['host:9000'])).toBe(false);
  });
});

describe('large catalog option', () => {
  it('adds N synthetic model ids to every provider list', async () => {
    const t = await start({ catalogSize: 12_000 });
    const ids = {
      openai: await createCredential(t, GUIDE_CREDENTIALS.openai),
      bedrock: await createCredential(t, GUIDE_CREDENTIALS.bedrock),
      gemini: await createCredential(t, GUIDE_CREDENTIALS.gemini),
    };
    const openai = await api(t, 'POST', validatePath(ids.openai), { provider: 'openai' });
    expect(openai.body.models.length).toBeGreaterThanOrEqual(12_000);
    expect(new Set(openai.body.models).size).toBe(openai.body.models.length);
    expect(openai.body.models).toContain('gpt-4o');
    const bedrock = await api(t, 'POST', validatePath(ids.bedrock), { provider: 'bedrock' });
    expect(bedrock.body.models.length).toBeGreaterThanOrEqual(12_000);
    const gemini = await api(t, 'POST', validatePath(ids.gemini), { provider: 'google' });
    const synthetic = gemini.body.models.at(-1) as string;
    const one = await api(t, 'POST', validatePath(ids.gemini), { provider: 'google', model_name: synthetic });
    expect(one.body.valid).toBe(true);
  });
});

describe('providerRefusal: how the tenant reports the provider refusing a key', () => {
  const refused = async (providerRefusal?: 'validation-401' | 'bare-401' | 'bare-403' | 'valid-false-200') => {
    const t = await start({ rejectedSecrets: ['sk-proj-refused-here'], ...(providerRefusal ? { providerRefusal } : {}) });
    const id = await createCredential(t, { ...GUIDE_CREDENTIALS.openai, api_key: 'sk-proj-refused-here' });
    return api(t, 'POST', validatePath(id), { provider: 'openai' });
  };

  it("'bare-401': 401 {detail: 'Error code: 401 - ...'}, no valid field, no WWW-Authenticate", async () => {
    const byDefault = await refused(); // 'validation-401'
    expect(byDefault.status).toBe(401);
    expect(byDefault.body).toMatchObject({ valid: false, models: [], detail: expect.any(String) });
    const r = await refused('bare-401');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ detail: 'Error code: 401 - Incorrect API key provided' });
    expect(r.headers.get('www-authenticate')).toBeNull();
  });

  it("'bare-403': 403 with only a detail", async () => {
    const r = await refused('bare-403');
    expect(r.status).toBe(403);
    expect(Object.keys(r.body as object)).toEqual(['detail']);
    expect(r.body.detail).toMatch(/^Error code: 403 - /);
    expect(r.headers.get('www-authenticate')).toBeNull();
  });

  it("'valid-false-200': 200 {valid: false} whose error quotes the provider's 401", async () => {
    const r = await refused('valid-false-200');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ valid: false, models: [], error: "Error code: 401 - {'error': {'code': 'invalid_api_key'}}" });
  });

  it('a refusal of our own token stays distinguishable: WWW-Authenticate invalid_token and a reason', async () => {
    const t = await start({ providerRefusal: 'bare-401' });
    const id = await createCredential(t, GUIDE_CREDENTIALS.openai);
    const r = await api(t, 'POST', validatePath(id), { provider: 'openai' }, { token: 'not-a-token' });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(r.body.reason).toBe('unknown');
  });
});
