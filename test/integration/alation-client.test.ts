// The Alation client against the fake tenant, over plain http and over TLS, with every auth method.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAlationClient, type AlationClient, type AlationClientOptions } from '../../src-main/alation/client';
import type { TenantAuth } from '../../src-main/alation/auth';
import { AppError } from '../../src-shared/errors';
import { startFakeTenant, type FakeTenant, type FakeTenantOptions } from '../fake-tenant/server';
import { LOOPBACK, userTokens } from '../fake-tenant/test-helpers';
import { failure } from '../support/app-error';

const PROVIDER_KEY = 'sk-proj-integration-provider-key-13579';
const BAD_PROVIDER_KEY = 'sk-proj-invalid-integration-key-24680';

type SyncMethod = Exclude<TenantAuth['method'], 'browser'>;

function authFor(tenant: FakeTenant, method: SyncMethod): TenantAuth {
  switch (method) {
    case 'oauth':
      return { method, clientId: tenant.clientId, clientSecret: tenant.clientSecret };
    case 'bearer':
      return { method, token: tenant.issueAccessToken() };
    case 'apiToken':
      return { method, token: tenant.apiAccessToken };
    case 'refreshToken':
      return { method, refreshToken: tenant.refreshToken, userId: String(tenant.userId) };
  }
}

/** A browser sign-in on the fake (consent page: Allow), as the sign-in flow hands it to the client. */
async function browserAuth(tenant: FakeTenant, stored: string[] = []): Promise<TenantAuth> {
  const { clientId } = tenant.registerOAuthApp({ redirectUris: [LOOPBACK] });
  const tokens = await userTokens(tenant, clientId);
  return {
    method: 'browser',
    clientId,
    refreshToken: tokens.refresh_token,
    initialAccessToken: { value: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 },
    onRefreshTokenRotated: async (token) => void stored.push(token),
  };
}

/** Every secret the tenant knows of (client secret, refresh token, every token issued) plus the provider keys. */
function allSecrets(tenant: FakeTenant): string[] {
  return [
    tenant.clientSecret,
    tenant.refreshToken,
    tenant.apiAccessToken,
    ...tenant.tokens().map((t) => t.token),
    PROVIDER_KEY,
    BAD_PROVIDER_KEY,
  ];
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

  it('refreshes an expired OAuth token transparently: the tenant refuses it once, issues a new one, and the call is answered', async () => {
    const c = open(tenant, { auth: authFor(tenant, 'oauth') });
    await c.getLlmPreference();
    const held = tenant.tokens().filter((t) => t.kind === 'oauth' && t.status === 'active');
    expect(held).toHaveLength(1);
    expect(tenant.expireToken(held[0]!.token)).toBe(true);
    tenant.clearRequests();
    const known = new Set(tenant.tokens().map((t) => t.token));
    await expect(c.listCredentials()).resolves.toHaveLength(3);
    // The held token was refused as expired, one new token was issued, and the retry was answered with it.
    expect(tenant.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /ai/api/v1/llm_credentials 401',
      'POST /oauth/v2/token/ 200',
      'GET /ai/api/v1/llm_credentials 200',
    ]);
    const issued = tenant.tokens().filter((t) => !known.has(t.token));
    expect(issued.map((t) => t.kind)).toEqual(['oauth']);
    expect(issued.map((t) => t.status)).toEqual(['active']);
    expect(tenant.tokens().find((t) => t.token === held[0]!.token)!.status).toBe('superseded');
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
  // Each test starts from the empty tenant, whatever ran before it (the order is shuffled).
  afterEach(() => {
    tenant.reset();
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
    expect(await c.validateCredential(openai.id, { provider: 'openai', model_name: 'gpt-4o' })).toMatchObject({
      valid: true,
      models: ['gpt-4o'],
      error: null,
    });
    expect(
      await c.validateCredential(openai.id, { provider: 'openai', model_name: 'text-embedding-3-small', is_embedding: true }),
    ).toMatchObject({ valid: true });
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

    expect(await c.getLlmPreference()).toEqual({
      default_llm_config_id: null,
      default_embedding_config_id: null,
      hide_default_models: false,
    });
    expect(await c.putLlmPreference({ default_llm_config_id: chat.id, default_embedding_config_id: embed.id })).toMatchObject({
      default_llm_config_id: chat.id,
      default_embedding_config_id: embed.id,
    });
    expect((await c.putLlmPreference({ default_llm_config_id: null })).default_llm_config_id).toBeNull();

    const override = await c.putFeatureOverride({ feature_type: 'PRODUCT_AREA', feature_key: 'catalog_chat', llm_config_id: claude.id });
    expect(override).toMatchObject({ feature_type: 'PRODUCT_AREA', feature_key: 'catalog_chat', llm_config_id: claude.id });
    expect(await c.listFeatureOverrides()).toEqual([expect.objectContaining({ feature_key: 'catalog_chat' })]);
    const badKey = await failure(
      c.putFeatureOverride({ feature_type: 'PRODUCT_AREA', feature_key: 'no_such_feature', llm_config_id: claude.id }),
    );
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
    expectNoSecret(
      tenant
        .requests()
        .filter((r) => r.status !== null && r.status >= 400)
        .map((r) => r.path),
      tenant,
    );
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

describe("a tenant as Alation's sources describe it", () => {
  const running: FakeTenant[] = [];
  const start = async (options: FakeTenantOptions = {}) => {
    const t = await startFakeTenant({ builtInConfigs: false, seedCredentials: 1, ...options });
    running.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((t) => t.stop()));
  });
  const ai = (t: FakeTenant) => t.requests().filter((r) => r.path.startsWith('/ai/'));
  const tokenRequests = (t: FakeTenant) =>
    t.requests().filter((r) => r.path.startsWith('/oauth/') || r.path.startsWith('/integration/')).length;

  it('a Bearer-only AI API serves every sign-in method: each sends Bearer there', async () => {
    const t = await start();
    for (const method of ['oauth', 'bearer', 'apiToken', 'refreshToken', 'browser'] as const) {
      // Made just before use: a pasted token is an OAuth client's token, which the next one supersedes.
      const auth = method === 'browser' ? await browserAuth(t) : authFor(t, method);
      t.clearRequests();
      expect(await open(t, { auth }).listCredentials(), auth.method).toHaveLength(1);
      expect(
        ai(t).map((r) => `${r.status} ${r.auth}`),
        auth.method,
      ).toEqual(['200 bearer']);
    }
  });

  it('a legacy token the AI API refuses gets the OAuth advice, never "make a new token"', async () => {
    const t = await start({ aiAcceptsLegacyTokens: false });
    for (const method of ['apiToken', 'refreshToken'] as const) {
      const e = await failure(open(t, { auth: authFor(t, method) }).listCredentials());
      expect(e.code, method).toBe('unauthorized');
      expect(e.message).toMatch(/may accept only OAuth tokens.*Sign in with the browser.*OAuth client/s);
      expect(e.message).not.toMatch(/(create|make|paste) a new/i);
      expectNoSecret(e, t);
    }
  });

  it('createAPIAccessToken answering 200 with status "failed" is a refused sign-in, in the tenant\'s words', async () => {
    const t = await start({ createTokenAnswersFailed: true });
    const e = await failure(open(t, { auth: authFor(t, 'refreshToken') }).listCredentials());
    expect(e.code).toBe('unauthorized');
    expect(e.details?.serverMessage).toEqual(expect.any(String));
    expect(e.message).toContain(String(e.details?.serverMessage));
    expect(ai(t)).toEqual([]);
  });

  it.each(['bare-401', 'bare-403', 'valid-false-200'] as const)(
    'a provider refusal (%s) is the key rejected, and no token is asked for',
    async (shape) => {
      const refused = 'sk-proj-refused-by-the-provider-here';
      const t = await start({ providerRefusal: shape, rejectedSecrets: [refused] });
      const c = open(t, { auth: authFor(t, 'oauth') });
      const cred = await c.createCredential({ name: 'Refused', creds_type: 'API_KEY', api_key: refused });
      const before = tokenRequests(t);
      const result = await c.validateCredential(cred.id, { provider: 'openai' });
      expect(result).toMatchObject({
        valid: false,
        providerStatus: shape === 'bare-403' ? 403 : 401,
        error: expect.stringMatching(/Error code: 40[13]/),
      });
      expect(tokenRequests(t)).toBe(before);
      expectNoSecret(result, t);
    },
  );

  it('a 403 for a superseded token gets one renewal and goes on', async () => {
    const t = await start({ forbiddenForSupersededTokens: true });
    const c = open(t, { auth: authFor(t, 'oauth') });
    await c.listCredentials();
    t.issueAccessToken();
    await expect(c.listCredentials()).resolves.toHaveLength(1);
    expect(ai(t).map((r) => r.status)).toEqual([200, 403, 200]);
  });

  it('reads `{error, message}` bodies', async () => {
    const t = await start({ errorBodyShape: 'error-message' });
    const e = await failure(open(t, { auth: authFor(t, 'oauth') }).getCredential('00000000-0000-4000-8000-000000000000'));
    expect(e.code).toBe('not_found');
    expect(e.details?.serverMessage).toMatch(/^not_found: /);
  });

  it('a quota 429 is not retried; a 307 or 308 is followed once, POST included; another origin is refused', async () => {
    const t = await start();
    const c = open(t, { auth: authFor(t, 'oauth'), sleep: async () => undefined });
    t.setFaults([{ kind: 'quota429', path: '/ai/api/v1/llm_credentials', method: 'GET', times: 1 }]);
    const quota = await failure(c.listCredentials());
    expect(quota.message).toMatch(/Retrying will not help/);
    expect(ai(t).filter((r) => r.method === 'GET')).toHaveLength(1);
    for (const kind of ['redirect307', 'redirect308'] as const) {
      t.setFaults([{ kind, path: '/ai/api/v1/llm_credentials', method: 'POST', times: 1 }]);
      await expect(c.createCredential({ name: kind, creds_type: 'API_KEY', api_key: PROVIDER_KEY })).resolves.toMatchObject({ name: kind });
    }
    // Each followed POST landed once: the redirect was not taken for a failure and sent again.
    expect(
      t
        .state()
        .credentials.filter((x) => x.name.startsWith('redirect'))
        .map((x) => x.name),
    ).toEqual(['redirect307', 'redirect308']);
    t.setFaults([{ kind: 'redirectForeign', path: '/ai/api/v1/llm_credentials', method: 'POST', times: 1 }]);
    expect((await failure(c.createCredential({ name: 'Away', creds_type: 'API_KEY', api_key: PROVIDER_KEY }))).code).toBe('bad_response');
    expect(t.state().credentials.some((x) => x.name === 'Away')).toBe(false);
  });

  it(
    'browser sign-in: an expired access token is renewed (the rotated ' + 'refresh token stored first); a revoked one says "Sign in again"',
    async () => {
      const t = await start();
      const stored: string[] = [];
      const c = open(t, { auth: await browserAuth(t, stored) });
      await c.listCredentials();
      expect(t.expireUserAccessTokens()).toBeGreaterThan(0);
      await expect(c.listCredentials()).resolves.toHaveLength(1);
      expect(stored).toHaveLength(1);
      t.revokeRefreshTokens();
      t.expireUserAccessTokens();
      const e = await failure(c.listCredentials());
      expect(e.code).toBe('sign_in_required');
      expect(e.message).toMatch(/Sign in again/);
      expectNoSecret(e, t);
    },
  );
});
