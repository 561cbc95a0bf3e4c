// Who refused: our token (401/403: one renewal, one retry), the provider on validate (the key's
// verdict: never a renewal), a quota (never retried); redirects; the words of `{error, message}`.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { TenantAuth } from '../../src-main/alation/auth';
import { createAlationClient, type AlationClient, type AlationClientOptions } from '../../src-main/alation/client';
import { failure } from '../support/app-error';
import { instantSleep, sendJson, sendText, startScriptedServer, type ScriptedServer, type SeenRequest } from './alation-test-server';

let server: ScriptedServer | undefined;
let client: AlationClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = undefined;
  server = undefined;
});

const OAUTH = '/oauth/v2/token/';
const CRED = '11111111-2222-4333-8444-555555555555';
const VALIDATE = `/ai/api/v1/llm_credentials/${CRED}/validate`;
const OAUTH_AUTH: TenantAuth = { method: 'oauth', clientId: 'desk', clientSecret: 'oauth-secret-0123456789' };
const PREFERENCE = { default_llm_config_id: null, default_embedding_config_id: null, hide_default_models: false };

const pathOf = (r: SeenRequest) => r.url.split('?')[0]!;
const tokenRequests = () => server!.requests.filter((r) => pathOf(r) === OAUTH).length;
type Answer = (res: ServerResponse, seen: SeenRequest, n: number) => void;

/** An OAuth tenant: the token endpoint hands out `token-N`; every other request goes to `answer`. */
async function oauthTenant(answer: Answer, extra: Partial<AlationClientOptions> = {}) {
  let issued = 0;
  let aiCalls = 0;
  server = await startScriptedServer((_req, res, seen) => {
    if (pathOf(seen) === OAUTH) return sendJson(res, 200, { access_token: `token-${++issued}`, expires_in: 3600 });
    answer(res, seen, ++aiCalls);
  });
  client = createAlationClient({
    baseUrl: server.baseUrl,
    auth: OAUTH_AUTH,
    sleep: instantSleep().sleep,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  });
  return client;
}

describe('403 on a tenant call', () => {
  it('gets one token renewal and one retry, and succeeds when the token was superseded', async () => {
    const c = await oauthTenant((res, seen) =>
      seen.headers.authorization === 'Bearer token-1' ? sendJson(res, 403, { detail: 'Token superseded' }) : sendJson(res, 200, PREFERENCE),
    );
    await expect(c.getLlmPreference()).resolves.toEqual(PREFERENCE);
    expect(tokenRequests()).toBe(2);
  });

  it("is reported as the permission problem after the retry, with the tenant's words", async () => {
    const c = await oauthTenant((res) => sendJson(res, 403, { error: 'forbidden', message: 'Server Admin role required' }));
    const e = await failure(c.getLlmPreference());
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/lacks the permission/);
    expect(e.message).toContain('forbidden: Server Admin role required');
    expect(server!.requests.map((r) => pathOf(r))).toEqual([
      OAUTH,
      '/ai/api/v1/config/llm_preference',
      OAUTH,
      '/ai/api/v1/config/llm_preference',
    ]);
  });

  it('shares one renewal among concurrent 403s', async () => {
    const c = await oauthTenant((res, seen) =>
      seen.headers.authorization === 'Bearer token-1'
        ? sendJson(res, 403, { detail: 'Forbidden' })
        : sendJson(res, 200, { data: [], total: 0 }),
    );
    await c.authenticate();
    await Promise.all([c.listCredentials(), c.listLlmConfigs(), c.listFeatureOverrides(), c.listAgents()]);
    expect(tokenRequests()).toBe(2);
    expect(server!.requests.filter((r) => r.headers.authorization === 'Bearer token-1')).toHaveLength(4);
  });

  it('a pasted token (Bearer, or a legacy API access token) cannot be renewed: the 403 is reported at once', async () => {
    server = await startScriptedServer((_req, res) => sendJson(res, 403, { detail: 'Forbidden' }));
    for (const auth of [
      { method: 'bearer', token: 'pasted-bearer-0123456789' },
      { method: 'apiToken', token: 'pasted-api-0123456789' },
    ] as TenantAuth[]) {
      server.requests.length = 0;
      client = createAlationClient({ baseUrl: server.baseUrl, auth });
      expect((await failure(client.getLlmPreference())).code).toBe('forbidden');
      expect(server.requests).toHaveLength(1);
      await client.close();
    }
    client = undefined;
  });
});

describe("validate: the provider's refusal is the key's verdict, never a token renewal", () => {
  const validate = (c: AlationClient) => c.validateCredential(CRED, { provider: 'openai' });

  it.each([
    [401, { detail: 'Error code: 401 - Incorrect API key provided' }, 'Error code: 401 - Incorrect API key provided'],
    [403, { detail: 'The security token included in the request is invalid.' }, 'The security token included in the request is invalid.'],
    [401, {}, 'The provider refused the credential (401).'],
  ])('a bare %i without `valid` is the provider refusing the key', async (status, body, error) => {
    const c = await oauthTenant((res) => sendJson(res, status, body));
    expect(await validate(c)).toEqual({ valid: false, models: [], error, providerStatus: status });
    expect(tokenRequests()).toBe(1);
    expect(server!.requests.filter((r) => pathOf(r) === VALIDATE)).toHaveLength(1);
  });

  it('a 200 `valid: false` whose text carries "Error code: 401" or "403" says which', async () => {
    const texts = [
      "Error code: 401 - {'error': {'message': 'Incorrect API key'}}",
      'Error code: 403 - model access denied',
      'Connection timed out',
    ];
    const c = await oauthTenant((res, _seen, n) => sendJson(res, 200, { valid: false, models: [], error: texts[n - 1] }));
    expect(await validate(c)).toMatchObject({ valid: false, providerStatus: 401 });
    expect(await validate(c)).toMatchObject({ valid: false, providerStatus: 403 });
    const plain = await validate(c);
    expect(plain).toEqual({ valid: false, models: [], error: 'Connection timed out' });
  });

  it("tells a refusal of our token (renewed once, retried) from the provider's (never renewed)", async () => {
    const answers: [number, object, Record<string, string>][] = [
      [401, { detail: 'Incorrect API key provided' }, {}],
      [401, { detail: 'Unauthorized' }, { 'www-authenticate': 'Bearer error="invalid_token"' }],
      [200, { valid: true, models: ['gpt-4o'], error: null }, {}],
      [401, { detail: 'Token expired: get a new token' }, {}],
      [200, { valid: true, models: ['gpt-4o'], error: null }, {}],
    ];
    const c = await oauthTenant((res, _seen, n) => sendJson(res, answers[n - 1]![0], answers[n - 1]![1], answers[n - 1]![2]));
    expect(await validate(c)).toMatchObject({ valid: false, providerStatus: 401, error: 'Incorrect API key provided' });
    expect(tokenRequests()).toBe(1);
    expect(await validate(c)).toEqual({ valid: true, models: ['gpt-4o'], error: null });
    expect(tokenRequests()).toBe(2);
    expect(await validate(c)).toEqual({ valid: true, models: ['gpt-4o'], error: null });
    expect(tokenRequests()).toBe(3);
  });
});

describe('429: a rate is retried, a quota is not', () => {
  it('a 429 that speaks of a quota or an entitlement is not retried, and says retrying will not help', async () => {
    const quotas = [
      { error: 'entitlement_exceeded', message: 'Monthly AI entitlement used up' },
      { detail: 'Quota exhausted for this tenant' },
      { message: 'LLM quota reached' },
    ];
    const c = await oauthTenant((res, _seen, n) =>
      // First a plain rate limit (retried, then fine); then each quota, once.
      n === 1
        ? sendJson(res, 429, { error: 'Too many requests' })
        : n === 2
          ? sendJson(res, 200, { data: [], total: 0 })
          : sendJson(res, 429, quotas[n - 3], { 'retry-after': '1' }),
    );
    await expect(c.listCredentials()).resolves.toEqual([]);
    for (const body of quotas) {
      const before = server!.requests.length;
      const e = await failure(c.listCredentials());
      expect(e.code, JSON.stringify(body)).toBe('server');
      expect(e.message).toMatch(/quota or entitlement.*Retrying will not help.*account manager/s);
      expect(e.details).toMatchObject({ status: 429, quota: true });
      expect(server!.requests.length - before).toBe(1);
    }
  });
});

describe('redirects', () => {
  const created = { id: 'cred-9', name: 'OpenAI', creds_type: 'API_KEY' };

  it.each([307, 308])('a %i to the same origin is followed once, POST with the same body', async (status) => {
    const c = await oauthTenant((res, seen, n) =>
      n === 1 ? sendText(res, status, '', 'text/plain', { location: '/ai/api/v1/llm_credentials/' }) : sendJson(res, 201, created),
    );
    await expect(
      c.createCredential({ name: 'OpenAI', creds_type: 'API_KEY', api_key: 'sk-proj-redirect-test-key' }),
    ).resolves.toMatchObject({ id: 'cred-9' });
    const posts = server!.requests.filter((r) => pathOf(r) !== OAUTH);
    expect(posts.map((r) => `${r.method} ${pathOf(r)}`)).toEqual(['POST /ai/api/v1/llm_credentials', 'POST /ai/api/v1/llm_credentials/']);
    expect(posts[1]!.body).toBe(posts[0]!.body);
    expect(posts[1]!.headers.authorization).toBe('Bearer token-1');
  });

  it('only that one is followed: a 301, 302 or 303, and a second redirect, are refused', async () => {
    const statuses = [301, 302, 303];
    const c = await oauthTenant((res, _seen, n) =>
      sendText(res, statuses[n - 1] ?? 307, '', 'text/plain', { location: `/ai/api/v1/hop-${n}` }),
    );
    for (const status of statuses) {
      const e = await failure(c.listCredentials());
      expect(e.code).toBe('bad_response');
      expect(e.message).toContain(`redirect (${status}`);
    }
    const e = await failure(c.listCredentials());
    expect(e.message).toMatch(/redirect \(307/);
    expect(server!.requests.filter((r) => pathOf(r) !== OAUTH).map((r) => pathOf(r))).toEqual([
      '/ai/api/v1/llm_credentials',
      '/ai/api/v1/llm_credentials',
      '/ai/api/v1/llm_credentials',
      '/ai/api/v1/llm_credentials',
      '/ai/api/v1/hop-4',
    ]);
  });

  it('a redirect to another origin is refused, and the token never leaves', async () => {
    const c = await oauthTenant((res) =>
      sendText(res, 307, '', 'text/plain', { location: 'https://elsewhere.example.com/ai/api/v1/llm_credentials' }),
    );
    const e = await failure(c.listCredentials());
    expect(e.code).toBe('bad_response');
    expect(e.message).toContain('elsewhere.example.com');
    expect(server!.requests.filter((r) => pathOf(r) !== OAUTH)).toHaveLength(1);
  });
});

describe('error bodies', () => {
  it("reads `{error, message}` nested in FastAPI's `detail`", async () => {
    const c = await oauthTenant((res) =>
      sendJson(res, 400, { detail: { error: 'invalid_request', message: 'limit must be at most 500' } }),
    );
    const e = await failure(c.listCredentials());
    expect(e.message).toContain('invalid_request: limit must be at most 500');
  });

  it('keeps every valid feature key of a refused override, however many and long', async () => {
    const keys = Array.from({ length: 150 }, (_, i) => `feature_key_${i}_${'x'.repeat(i === 149 ? 400 : 10)}`);
    const c = await oauthTenant((res) =>
      sendJson(res, 422, {
        detail: [
          {
            loc: ['body', 'feature_key'],
            msg: `unknown feature_key; valid keys: ${keys.join(', ')}`,
            type: 'value_error',
            ctx: { valid_keys: keys },
          },
        ],
      }),
    );
    const e = await failure(c.putFeatureOverride({ feature_type: 'DEFAULT_AGENT', feature_key: 'nope', llm_config_id: 'cfg-1' }));
    expect(e.details?.fields?.[0]?.allowed).toEqual(keys);
  });

  it('reads the valid keys from the message when the tenant gives no ctx', async () => {
    const keys = Array.from({ length: 60 }, (_, i) => `agent_number_${i}`);
    const c = await oauthTenant((res) =>
      sendJson(res, 422, {
        detail: [
          {
            loc: ['body', 'feature_key'],
            msg: `Value error, unknown feature_key 'x'; valid keys: ${keys.join(', ')}`,
            type: 'value_error',
          },
        ],
      }),
    );
    const e = await failure(c.putFeatureOverride({ feature_type: 'DEFAULT_AGENT', feature_key: 'x', llm_config_id: 'cfg-1' }));
    expect(e.details?.fields?.[0]?.allowed).toEqual(keys);
  });
});
