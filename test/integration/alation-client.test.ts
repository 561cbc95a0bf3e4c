// The Alation client against the fake tenant, over plain http and over TLS, with every auth method.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlationClient, type AlationClient, type AlationClientOptions } from '../../src-main/alation/client';
import type { TenantAuth } from '../../src-main/alation/auth';
import { AppError } from '../../src-shared/errors';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { failure } from '../support/app-error';

const PROVIDER_KEY = 'sk-proj-integration-provider-key-13579';
const BAD_PROVIDER_KEY = 'sk-proj-invalid-integration-key-24680';

function authFor(tenant: FakeTenant, method: TenantAuth['method']): TenantAuth {
  switch (method) {
    case 'oauth':
      return { method, clientId: tenant.clientId, clientSecret: tenant.clientSecret };
    case 'apiToken':
      return { method, token: tenant.apiAccessToken };
    case 'refreshToken':
      return { method, refreshToken: tenant.refreshToken, userId: String(tenant.userId) };
  }
}

/** Every secret the tenant knows of (client secret, refresh token, every token issued) plus the provider keys. */
function allSecrets(tenant: FakeTenant): string[] {
  return [tenant.clientSecret, tenant.refreshToken, tenant.apiAccessToken, ...tenant.tokens().map((t) => t.token), PROVIDER_KEY, BAD_PROVIDER_KEY];
}

function expectNoSecret(value: unknown, tenant: FakeTenant): void {
  const text = JSON.stringify(value instanceof AppError ? { ...value.toShape(), stack: value.stack } : value);
  for (const secret of allSecrets(tenant)) expect(text).not.toContain(secret);
}

const clients: AlationClient[] = [];
function open(tenant: FakeTenant, extra: Partial<AlationClientOptions> = {}): AlationClient {
  const c = createAlationClient({
    baseUrl: tenant.baseUrl,
    auth: authFor(tenant, 'apiToken'),
    ...(tenant.caPem ? { caPem: tenant.caPem } : {}),
    ...extra,
  });
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

describe.each([
  { tls: false, label: 'plain http' },
  { tls: true, label: 'TLS with the tenant CA' },
])('over $label', ({ tls }) => {
  let tenant: FakeTenant;
  beforeAll(async () => {
    tenant = await startFakeTenant({ tls, seedCredentials: 3, seedConfigs: 2, builtInConfigs: false });
  });
  afterAll(async () => {
    await tenant.stop();
  });

  it.each(['oauth', 'apiToken', 'refreshToken'] as const)('authenticates with %s and lists the data', async (method) => {
    const c = open(tenant, { auth: authFor(tenant, method) });
    expect(await c.listCredentials()).toHaveLength(3);
    expect(await c.listLlmConfigs()).toHaveLength(2);
    expect((await c.authenticate()).method).toBe(method);
  });

  it('refreshes an expired OAuth token transparently', async () => {
    const c = open(tenant, { auth: authFor(tenant, 'oauth') });
    await c.getLlmPreference();
    for (const t of tenant.tokens()) if (t.kind === 'oauth' && t.status === 'active') tenant.expireToken(t.token);
    await expect(c.listCredentials()).resolves.toHaveLength(3);
  });

  if (tls) {
    it('fails with code tls, and says to add the CA, when the profile lacks the CA', async () => {
      const c = createAlationClient({ baseUrl: tenant.baseUrl, auth: authFor(tenant, 'oauth') });
      clients.push(c);
      const e = await failure(c.listCredentials());
      expect(e.code).toBe('tls');
      expect(e.message).toMatch(/CA certificate \(PEM\)/);
      expectNoSecret(e, tenant);
    });

    it('connects by host name as well (localhost is on the certificate)', async () => {
      const c = open(tenant, { baseUrl: tenant.baseUrl.replace('127.0.0.1', 'localhost') });
      await expect(c.getLlmPreference()).resolves.toBeDefined();
    });
  }
});

describe('the whole endpoint set', () => {
  let tenant: FakeTenant;
  beforeAll(async () => {
    tenant = await startFakeTenant({ builtInConfigs: false });
  });
  afterAll(async () => {
    await tenant.stop();
  });

  it('creates, validates, configures, overrides and deletes, as in the setup guide', async () => {
    const c = open(tenant, { auth: authFor(tenant, 'oauth') });

    const openai = await c.createCredential({ name: 'My OpenAI Account', creds_type: 'API_KEY', api_key: PROVIDER_KEY });
    expect(openai).toMatchObject({ name: 'My OpenAI Account', creds_type: 'API_KEY' });
    expect(JSON.stringify(openai)).not.toContain(PROVIDER_KEY);
    const bedrock = await c.createCredential({
      name: 'AWS Bedrock US West',
      creds_type: 'AWS',
      aws_access_key_id: 'AKIAINTEGRATIONTEST1',
      aws_secret_access_key: 'integration-aws-secret-key-value',
      aws_region: 'us-west-2',
    });
    expect((await c.listCredentials()).map((x) => x.id).sort()).toEqual([openai.id, bedrock.id].sort());

    const listing = await c.validateCredential(openai.id, { provider: 'openai' });
    expect(listing.valid).toBe(true);
    expect(listing.models).toContain('gpt-4o');
    expect(await c.validateCredential(openai.id, { provider: 'openai', model_name: 'gpt-4o' })).toMatchObject({ valid: true, models: ['gpt-4o'], error: null });
    expect(await c.validateCredential(openai.id, { provider: 'openai', model_name: 'text-embedding-3-small', is_embedding: true })).toMatchObject({ valid: true });
    expect((await c.validateCredential(bedrock.id, { provider: 'bedrock' })).valid).toBe(true);

    const chat = await c.createLlmConfig({ name: 'My GPT-4o', provider: 'openai', llm_credentials_id: openai.id, model_name: 'gpt-4o' });
    const embed = await c.createLlmConfig({
      name: 'My Embeddings',
      provider: 'openai',
      llm_credentials_id: openai.id,
      model_name: 'text-embedding-3-large',
      is_embedding: true,
      embedding_dimensions: 3072,
    });
    const claude = await c.createLlmConfig({
      name: 'Claude on Bedrock',
      provider: 'bedrock_us-west-2',
      llm_credentials_id: bedrock.id,
      model_name: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
    });
    expect(embed).toMatchObject({ is_embedding: true, embedding_dimensions: 3072 });
    expect((await c.listLlmConfigs()).map((x) => x.id).sort()).toEqual([chat.id, embed.id, claude.id].sort());
    expect((await c.listLlmConfigs({ isEmbedding: true })).map((x) => x.id)).toEqual([embed.id]);
    expect((await c.listLlmConfigs({ llmCredentialsId: bedrock.id })).map((x) => x.id)).toEqual([claude.id]);

    expect(await c.getLlmPreference()).toEqual({ default_llm_config_id: null, default_embedding_config_id: null, hide_default_models: false });
    expect(await c.putLlmPreference({ default_llm_config_id: chat.id, default_embedding_config_id: embed.id })).toMatchObject({
      default_llm_config_id: chat.id,
      default_embedding_config_id: embed.id,
    });
    expect((await c.putLlmPreference({ default_llm_config_id: null })).default_llm_config_id).toBeNull();

    const override = await c.putFeatureOverride({ feature_type: 'PRODUCT_AREA', feature_key: 'catalog_chat', llm_config_id: claude.id });
    expect(override).toMatchObject({ feature_type: 'PRODUCT_AREA', feature_key: 'catalog_chat', llm_config_id: claude.id });
    expect(await c.listFeatureOverrides()).toEqual([expect.objectContaining({ feature_key: 'catalog_chat' })]);
    const badKey = await failure(c.putFeatureOverride({ feature_type: 'PRODUCT_AREA', feature_key: 'no_such_feature', llm_config_id: claude.id }));
    expect(badKey.code).toBe('validation');
    expect(badKey.details?.fields?.[0]?.path).toBe('feature_key');
    await c.deleteFeatureOverride('PRODUCT_AREA', 'catalog_chat');
    expect(await c.listFeatureOverrides()).toEqual([]);
    expect((await failure(c.deleteFeatureOverride('PRODUCT_AREA', 'catalog_chat'))).code).toBe('not_found');

    const blocked = await failure(c.deleteCredential(bedrock.id));
    expect(blocked.code).toBe('conflict');
    expect(blocked.details?.referencedBy).toEqual([claude.id]);
    expect(blocked.message).toMatch(/Delete the associated LLM configs first/);

    await c.deleteLlmConfig(claude.id);
    await c.deleteCredential(bedrock.id);
    expect((await failure(c.deleteLlmConfig(claude.id))).code).toBe('not_found');
    expect((await c.listCredentials()).map((x) => x.id)).toEqual([openai.id]);
    expectNoSecret(tenant.requests().filter((r) => r.status !== null && r.status >= 400).map((r) => r.path), tenant);
  });

  it("reports the provider's refusal on validate as valid: false, without touching the token", async () => {
    const c = open(tenant, { auth: authFor(tenant, 'oauth') });
    const cred = await c.createCredential({ name: 'Bad key', creds_type: 'API_KEY', api_key: BAD_PROVIDER_KEY });
    tenant.clearRequests();
    const result = await c.validateCredential(cred.id, { provider: 'openai' });
    expect(result.valid).toBe(false);
    expect(result.providerStatus).toBe(401);
    expect(result.error).toMatch(/401/);
    expect(tenant.requests().filter((r) => r.path === '/oauth/v2/token/')).toHaveLength(0);
    expectNoSecret(result, tenant);
  });

  it('reads a long list page by page', async () => {
    const big = await startFakeTenant({ seedCredentials: 250 });
    try {
      const c = open(big);
      const list = await c.listCredentials();
      expect(list).toHaveLength(250);
      expect(new Set(list.map((x) => x.id)).size).toBe(250);
      expect(big.requests().map((r) => r.query)).toEqual([
        '?limit=100&skip=0&offset=0',
        '?limit=100&skip=100&offset=100',
        '?limit=100&skip=200&offset=200',
      ]);
    } finally {
      await big.stop();
    }
  });
});

describe('fault injection', () => {
  let tenant: FakeTenant;
  beforeAll(async () => {
    tenant = await startFakeTenant({ seedCredentials: 2 });
  });
  afterEach(() => {
    tenant.reset();
  });
  afterAll(async () => {
    await tenant.stop();
  });

  const CREDS = '/ai/api/v1/llm_credentials';
  const instant = () => {
    const delays: number[] = [];
    return { delays, sleep: async (ms: number) => void delays.push(ms) };
  };

  it('rides out 503s and a 429 on a GET', async () => {
    tenant.setFaults([
      { kind: '503', path: CREDS, method: 'GET', times: 2 },
      { kind: '429', path: CREDS, method: 'GET', times: 1, retryAfter: 2 },
    ]);
    const t = instant();
    const c = open(tenant, { sleep: t.sleep, random: () => 0 });
    expect(await c.listCredentials()).toHaveLength(2);
    expect(t.delays).toEqual([250, 500, 2000]);
  });

  it('retries a reset GET', async () => {
    tenant.setFaults([{ kind: 'reset', path: CREDS, method: 'GET', times: 1 }]);
    const c = open(tenant, { sleep: instant().sleep });
    expect(await c.listCredentials()).toHaveLength(2);
  });

  it('does not retry a reset POST, and the error carries no secret', async () => {
    tenant.setFaults([{ kind: 'reset', path: CREDS, method: 'POST', times: 1 }]);
    const c = open(tenant, { auth: authFor(tenant, 'oauth'), sleep: instant().sleep });
    const e = await failure(c.createCredential({ name: 'Lost', creds_type: 'API_KEY', api_key: PROVIDER_KEY }));
    expect(e.code).toBe('network');
    expect(tenant.requests().filter((r) => r.method === 'POST' && r.path === CREDS)).toHaveLength(1);
    expectNoSecret(e, tenant);
  });

  it('maps an HTML gateway page to bad_response once retries are spent', async () => {
    tenant.setFaults([{ kind: 'html', path: CREDS }]);
    const c = open(tenant, { sleep: instant().sleep });
    const e = await failure(c.listCredentials());
    expect(e.code).toBe('bad_response');
    expect(tenant.requests().filter((r) => r.path === CREDS)).toHaveLength(4);
    expectNoSecret(e, tenant);
  });

  it('maps a truncated answer to bad_response', async () => {
    tenant.setFaults([{ kind: 'truncated', path: CREDS, phase: 'after' }]);
    const c = open(tenant);
    const e = await failure(c.listCredentials());
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('times out a hanging request', async () => {
    tenant.setFaults([{ kind: 'hang', path: '/ai/api/v1/config/llm_preference' }]);
    const c = open(tenant, { requestTimeoutMs: 300 });
    const e = await failure(c.getLlmPreference());
    expect(e.code).toBe('timeout');
    expectNoSecret(e, tenant);
  });
});
