// Tokens: cached, refreshed single-flight before expiry, and refreshed once after a 401.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlationClient, type AlationClient, type AlationClientOptions } from '../../src-main/alation/client';
import { SecretRedactor } from '../../src-main/log/logger';
import { AppError } from '../../src-shared/errors';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { sendJson, startScriptedServer, type ScriptedServer } from './alation-test-server';

let tenant: FakeTenant;
let client: AlationClient | undefined;
let clock = Date.now();
beforeEach(async () => {
  tenant = await startFakeTenant();
  clock = Date.now();
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await tenant.stop();
});

const OAUTH = '/oauth/v2/token/';
const CREATE = '/integration/v1/createAPIAccessToken/';
const tokenRequests = (path = OAUTH) => tenant.requests().filter((r) => r.path === path).length;

function oauthClient(extra: Partial<AlationClientOptions> = {}): AlationClient {
  client = createAlationClient({
    baseUrl: tenant.baseUrl,
    auth: { method: 'oauth', clientId: tenant.clientId, clientSecret: tenant.clientSecret },
    now: () => clock,
    ...extra,
  });
  return client;
}

function refreshClient(): AlationClient {
  client = createAlationClient({
    baseUrl: tenant.baseUrl,
    auth: { method: 'refreshToken', refreshToken: tenant.refreshToken, userId: String(tenant.userId) },
    now: () => clock,
  });
  return client;
}

const activeOauthTokens = () => tenant.tokens().filter((t) => t.kind === 'oauth' && t.status === 'active');

describe('OAuth client credentials', () => {
  it('sends the form the tenant expects and the token as a bearer', async () => {
    const c = oauthClient();
    await c.listCredentials();
    const [token, list] = tenant.requests();
    expect(token).toMatchObject({ method: 'POST', path: OAUTH });
    expect(token!.body).toEqual({ grant_type: 'client_credentials', client_id: tenant.clientId, client_secret: tenant.clientSecret });
    expect(list).toMatchObject({ method: 'GET', path: '/ai/api/v1/llm_credentials', auth: 'bearer', status: 200 });
  });

  it('reuses the token until shortly before it expires', async () => {
    const c = oauthClient();
    for (let i = 0; i < 4; i++) await c.getLlmPreference();
    expect(tokenRequests()).toBe(1);
    clock += 3600_000 - 61_000; // outside the one-minute margin of a one-hour token
    await c.getLlmPreference();
    expect(tokenRequests()).toBe(1);
    clock += 2_000; // inside it
    await c.getLlmPreference();
    expect(tokenRequests()).toBe(2);
  });

  it('asks for one token when many calls start together', async () => {
    const c = oauthClient();
    await Promise.all([c.listCredentials(), c.listLlmConfigs(), c.getLlmPreference(), c.listFeatureOverrides()]);
    expect(tokenRequests()).toBe(1);
  });

  it('refreshes single-flight: two concurrent calls after expiry make exactly one token request', async () => {
    const c = oauthClient();
    await c.getLlmPreference();
    clock += 3600_000;
    await Promise.all([c.listCredentials(), c.listLlmConfigs()]);
    expect(tokenRequests()).toBe(2);
    // the new token is the only one the tenant considers current, and both calls used it
    expect(tenant.requests().filter((r) => r.status === 401)).toHaveLength(0);
  });

  it('refreshes once and retries once after a 401 (token expired on the tenant)', async () => {
    const c = oauthClient();
    await c.getLlmPreference();
    for (const t of activeOauthTokens()) tenant.expireToken(t.token);
    tenant.clearRequests();
    await expect(c.getLlmPreference()).resolves.toMatchObject({ hide_default_models: false });
    expect(tenant.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /ai/api/v1/config/llm_preference 401',
      `POST ${OAUTH} 200`,
      'GET /ai/api/v1/config/llm_preference 200',
    ]);
  });

  it('recovers when another client superseded the token', async () => {
    const c = oauthClient();
    await c.getLlmPreference();
    tenant.issueAccessToken();
    await expect(c.listCredentials()).resolves.toEqual([]);
    expect(tokenRequests()).toBe(2);
  });

  it('makes one refresh for two concurrent 401s with the same token', async () => {
    const c = oauthClient();
    await c.getLlmPreference();
    for (const t of activeOauthTokens()) tenant.expireToken(t.token);
    tenant.clearRequests();
    await Promise.all([c.listCredentials(), c.listLlmConfigs(), c.getLlmPreference()]);
    expect(tokenRequests()).toBe(1);
    expect(tenant.requests().filter((r) => r.status === 401)).toHaveLength(3);
  });

  it('authenticate() gets a fresh token and tells when it expires', async () => {
    const c = oauthClient();
    const first = await c.authenticate();
    expect(first.method).toBe('oauth');
    expect(first.expiresAt).toBe(clock + 3600_000);
    await c.authenticate();
    expect(tokenRequests()).toBe(2);
    // the API works with the newest token
    await expect(c.listCredentials()).resolves.toEqual([]);
    expect(tokenRequests()).toBe(2);
  });

  it('remembers every token it obtains with the redactor', async () => {
    const redactor = new SecretRedactor();
    const c = oauthClient({ redactor });
    await c.authenticate();
    const [token] = activeOauthTokens();
    expect(redactor.redact(`x ${token!.token} y ${tenant.clientSecret}`)).toBe('x [redacted] y [redacted]');
  });
});

describe('refresh token + user id', () => {
  it('creates an API access token, sends it as Bearer to the AI API, and caches it', async () => {
    const c = refreshClient();
    await c.listCredentials();
    await c.listLlmConfigs();
    const [create, list] = tenant.requests();
    expect(create).toMatchObject({ method: 'POST', path: CREATE, status: 201 });
    expect(create!.body).toEqual({ refresh_token: tenant.refreshToken, user_id: tenant.userId });
    expect(list).toMatchObject({ auth: 'bearer', status: 200 });
    expect(tokenRequests(CREATE)).toBe(1);
  });

  it('refreshes single-flight after token_expires_at', async () => {
    const c = refreshClient();
    await c.getLlmPreference();
    clock += 86_400_000;
    await Promise.all([c.listCredentials(), c.listLlmConfigs(), c.getLlmPreference()]);
    expect(tokenRequests(CREATE)).toBe(2);
  });

  it('refreshes once after a 401', async () => {
    const c = refreshClient();
    await c.getLlmPreference();
    for (const t of tenant.tokens().filter((x) => x.kind === 'api' && x.token !== tenant.apiAccessToken)) tenant.revokeToken(t.token);
    await expect(c.listCredentials()).resolves.toEqual([]);
    expect(tokenRequests(CREATE)).toBe(2);
  });

  it('reports an expired refresh token as unauthorized without retrying', async () => {
    tenant.expireRefreshToken();
    const c = refreshClient();
    const e = await c.listCredentials().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('unauthorized');
    expect(tokenRequests(CREATE)).toBe(1);
  });
});

describe('API access token', () => {
  it('is sent as given, as Bearer, and never refreshed: a 401 is final', async () => {
    client = createAlationClient({ baseUrl: tenant.baseUrl, auth: { method: 'apiToken', token: tenant.apiAccessToken } });
    await client.listCredentials();
    tenant.expireToken(tenant.apiAccessToken);
    const e = await client.listCredentials().catch((x: unknown) => x);
    expect((e as AppError).code).toBe('unauthorized');
    // The tenant said the token expired: a new one would help, and the message says so.
    expect((e as AppError).message).toMatch(/has expired.*Create a new one/s);
    expect(tenant.requests().map((r) => r.status)).toEqual([200, 401]);
    expect(tenant.requests().every((r) => r.auth === 'bearer')).toBe(true);
  });
});

describe('a tenant that keeps answering 401', () => {
  let server: ScriptedServer;
  afterEach(async () => {
    await server.stop();
  });

  it('gets one new token and one retry, then reports unauthorized', async () => {
    let issued = 0;
    server = await startScriptedServer((req, res) => {
      if (req.url === OAUTH) sendJson(res, 200, { access_token: `scripted-token-${++issued}`, token_type: 'Bearer', expires_in: 3600 });
      else sendJson(res, 401, { detail: 'Invalid token' });
    });
    client = createAlationClient({ baseUrl: server.baseUrl, auth: { method: 'oauth', clientId: 'id', clientSecret: 'scripted-secret-1' } });
    const e = await client.listCredentials().catch((x: unknown) => x);
    expect((e as AppError).code).toBe('unauthorized');
    expect((e as AppError).message).toMatch(/OAuth access token/);
    expect(server.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      `POST ${OAUTH}`,
      'GET /ai/api/v1/llm_credentials',
      `POST ${OAUTH}`,
      'GET /ai/api/v1/llm_credentials',
    ]);
    expect(server.requests[3]!.headers.authorization).toBe('Bearer scripted-token-2');
  });
});
