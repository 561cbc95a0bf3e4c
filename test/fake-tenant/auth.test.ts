// Authentication: OAuth client credentials, API access tokens, refresh token, 401 reasons.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { type FakeTenant } from './server';
import { CREDS, api, fakeTenantPerTest } from './test-helpers';

const start = fakeTenantPerTest();

function tokenRequest(t: FakeTenant, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${t.baseUrl}/oauth/v2/token/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
}

function form(t: FakeTenant, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: t.clientId,
    client_secret: t.clientSecret,
    ...extra,
  }).toString();
}

describe('POST /oauth/v2/token/', () => {
  it('issues a JWT bearer token for a form body', async () => {
    const t = await start({ tokenTtlSeconds: 300 });
    const res = await tokenRequest(t, form(t));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(300);
    const parts = body.access_token.split('.');
    expect(parts).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { sub: string; exp: number };
    expect(payload.sub).toBe(t.clientId);
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
    const r = await api(t, 'GET', CREDS, undefined, { token: body.access_token, scheme: 'bearer' });
    expect(r.status).toBe(200);
    expect(t.requests().at(-1)?.auth).toBe('bearer');
  });

  it('accepts HTTP Basic client authentication', async () => {
    const t = await start({ clientId: 'my client', clientSecret: 's3cr:et' });
    const basic = Buffer.from(`${encodeURIComponent('my client')}:${encodeURIComponent('s3cr:et')}`).toString('base64');
    const res = await tokenRequest(t, 'grant_type=client_credentials', { authorization: `Basic ${basic}` });
    expect(res.status).toBe(200);
    expect(t.requests().at(-1)?.auth).toBe('basic');
  });

  it('answers {error, error_description, code} on failure', async () => {
    const t = await start();
    const wrong = await tokenRequest(t, form(t, { client_secret: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String), code: 401 });
    const grant = await tokenRequest(t, form(t, { grant_type: 'password' }));
    expect(grant.status).toBe(400);
    expect(((await grant.json()) as { error: string }).error).toBe('unsupported_grant_type');
    const noGrant = await tokenRequest(t, `client_id=${t.clientId}&client_secret=${t.clientSecret}`);
    expect(((await noGrant.json()) as { error: string }).error).toBe('invalid_request');
    const asJson = await fetch(`${t.baseUrl}/oauth/v2/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: t.clientId, client_secret: t.clientSecret }),
    });
    expect(asJson.status).toBe(400);
    expect(((await asJson.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('a new token invalidates the previous one (superseded)', async () => {
    const t = await start();
    const first = ((await (await tokenRequest(t, form(t))).json()) as { access_token: string }).access_token;
    const second = ((await (await tokenRequest(t, form(t))).json()) as { access_token: string }).access_token;
    expect(second).not.toBe(first);
    const old = await api(t, 'GET', CREDS, undefined, { token: first, scheme: 'bearer' });
    expect(old.status).toBe(401);
    expect(old.body.reason).toBe('superseded');
    expect(old.body.detail).toMatch(/superseded/i);
    expect((await api(t, 'GET', CREDS, undefined, { token: second, scheme: 'bearer' })).status).toBe(200);
    // the programmatic helper supersedes too
    const third = t.issueAccessToken();
    expect((await api(t, 'GET', CREDS, undefined, { token: second, scheme: 'bearer' })).body.reason).toBe('superseded');
    expect((await api(t, 'GET', CREDS, undefined, { token: third, scheme: 'bearer' })).status).toBe(200);
  });

  it('tokens expire after the configured lifetime', async () => {
    const t = await start({ tokenTtlSeconds: 1 });
    // The tenant's clock, not a wait: only Date is faked, so sockets and timers run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    onTestFinished(() => void vi.useRealTimers());
    const token = ((await (await tokenRequest(t, form(t))).json()) as { access_token: string }).access_token;
    vi.setSystemTime(Date.now() + 999);
    expect((await api(t, 'GET', CREDS, undefined, { token, scheme: 'bearer' })).status).toBe(200);
    vi.setSystemTime(Date.now() + 2);
    const r = await api(t, 'GET', CREDS, undefined, { token, scheme: 'bearer' });
    expect(r.status).toBe(401);
    expect(r.body.reason).toBe('expired');
    expect(r.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });
});

describe('401 answers of /ai/api/v1', () => {
  it('say which: missing, unknown, expired, revoked', async () => {
    const t = await start();
    const missing = await api(t, 'GET', CREDS, undefined, { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body.reason).toBe('missing');
    const unknown = await api(t, 'GET', CREDS, undefined, { token: 'made-up' });
    expect(unknown.body.reason).toBe('unknown');
    const extra = t.issueApiAccessToken();
    expect((await api(t, 'GET', CREDS, undefined, { token: extra })).status).toBe(200);
    expect(t.expireToken(extra)).toBe(true);
    expect((await api(t, 'GET', CREDS, undefined, { token: extra })).body.reason).toBe('expired');
    const another = t.issueApiAccessToken();
    t.revokeToken(another);
    expect((await api(t, 'GET', CREDS, undefined, { token: another })).body.reason).toBe('revoked');
    // every /ai/api/v1 route is protected, not only the list
    for (const [method, path] of [
      ['POST', CREDS],
      ['POST', '/ai/api/v1/config/llm'],
      ['GET', '/ai/api/v1/config/llm_preference'],
      ['DELETE', '/ai/api/v1/config/feature_llm_overrides/DEFAULT_AGENT/curation_agent'],
    ] as const) {
      expect((await api(t, method, path, method === 'POST' ? {} : undefined, { token: null })).status).toBe(401);
    }
    expect(t.state().credentials).toHaveLength(0);
  });

  it('accepts the fixed API access token as Bearer, and in the TOKEN header only with aiAcceptsTokenHeader', async () => {
    const t = await start({ apiAccessToken: 'fixed-api-token' });
    expect(t.apiAccessToken).toBe('fixed-api-token');
    expect((await api(t, 'GET', CREDS, undefined, { token: 'fixed-api-token', scheme: 'bearer' })).status).toBe(200);
    expect((await api(t, 'GET', CREDS, undefined, { token: 'fixed-api-token', scheme: 'token' })).status).toBe(401);
    const legacy = await start({ apiAccessToken: 'fixed-api-token', aiAcceptsTokenHeader: true });
    expect((await api(legacy, 'GET', CREDS, undefined, { token: 'fixed-api-token', scheme: 'token' })).status).toBe(200);
  });
});

describe('POST /integration/v1/createAPIAccessToken/', () => {
  it('exchanges the refresh token for an API access token, sent as Bearer', async () => {
    const t = await start({ refreshToken: 'refresh-1', userId: 42, apiTokenTtlSeconds: 120 });
    const res = await fetch(`${t.baseUrl}/integration/v1/createAPIAccessToken/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: 'refresh-1', user_id: 42 }),
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ user_id: 42, token_status: 'ACTIVE' });
    const created = Date.parse(body.created_at as string);
    const expires = Date.parse(body.token_expires_at as string);
    expect(expires - created).toBe(120_000);
    const r = await api(t, 'GET', CREDS, undefined, { token: body.api_access_token as string });
    expect(r.status).toBe(200);
  });

  it('createTokenAnswersFailed: 200 {status: "failed", message} and no token', async () => {
    const t = await start({ refreshToken: 'refresh-1', userId: 42, createTokenAnswersFailed: true });
    const res = await fetch(`${t.baseUrl}/integration/v1/createAPIAccessToken/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refresh_token: 'refresh-1', user_id: 42 }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'failed', message: expect.any(String) });
    expect(t.tokens().filter((x) => x.kind === 'api')).toHaveLength(1); // only the ready one
  });

  it('refuses a wrong refresh token, a wrong user id, and an expired refresh token', async () => {
    const t = await start({ refreshToken: 'refresh-1', userId: 42 });
    const post = (body: unknown): Promise<Response> =>
      fetch(`${t.baseUrl}/integration/v1/createAPIAccessToken/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ refresh_token: 'other', user_id: 42 })).status).toBe(401);
    expect((await post({ refresh_token: 'refresh-1', user_id: 43 })).status).toBe(401);
    expect((await post({ refresh_token: 'refresh-1' })).status).toBe(400);
    t.expireRefreshToken();
    const expired = await post({ refresh_token: 'refresh-1', user_id: 42 });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { detail: string }).detail).toMatch(/expired/);
  });
});
