// The AI API takes `Authorization: Bearer` for every token the tenant issues, and refuses the TOKEN header.
import { describe, expect, it } from 'vitest';
import { CREDS, api, fakeTenantPerTest, postForm, userTokens, type ApiAnswer } from './test-helpers';
import type { FakeTenant } from './server';

const start = fakeTenantPerTest();

async function clientCredentialsToken(t: FakeTenant): Promise<string> {
  const form = { grant_type: 'client_credentials', client_id: t.clientId, client_secret: t.clientSecret };
  const r = await postForm(t, '/oauth/v2/token/', form);
  return r.body.access_token as string;
}

async function createdApiToken(t: FakeTenant): Promise<string> {
  const res = await fetch(`${t.baseUrl}/integration/v1/createAPIAccessToken/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: t.refreshToken, user_id: t.userId }),
  });
  return ((await res.json()) as { api_access_token: string }).api_access_token;
}

/** Every kind of token the tenant issues, by name. */
async function everyToken(t: FakeTenant): Promise<[string, string][]> {
  const app = t.registerOAuthApp({ redirectUris: ['http://127.0.0.1:18722/callback'] });
  return [
    ['client credentials JWT', await clientCredentialsToken(t)],
    ['user sign-in access token', (await userTokens(t, app.clientId)).access_token],
    ['ready API access token', t.apiAccessToken],
    ['createAPIAccessToken token', await createdApiToken(t)],
  ];
}

const expectOwnTokenFailure = (r: ApiAnswer): void => {
  expect(r.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  expect(typeof r.body.reason).toBe('string');
};

describe('Bearer on /ai/ (default)', () => {
  it('accepts every token the tenant issues as Bearer', async () => {
    const t = await start();
    for (const [kind, token] of await everyToken(t)) {
      const r = await api(t, 'GET', CREDS, undefined, { token, scheme: 'bearer' });
      expect({ kind, status: r.status }).toEqual({ kind, status: 200 });
    }
  });

  it('refuses the TOKEN header with 401 saying the AI API expects a Bearer token', async () => {
    const t = await start();
    for (const [kind, token] of await everyToken(t)) {
      const r = await api(t, 'GET', CREDS, undefined, { token, scheme: 'token' });
      expect({ kind, status: r.status, reason: r.body.reason }).toEqual({ kind, status: 401, reason: 'token_header' });
      expect(r.body.detail).toMatch(/expects a Bearer token/);
      expectOwnTokenFailure(r);
    }
    // Bearer wins when a client sends both headers (Alation's SDK does)
    const headers = { token: 'whatever', authorization: `Bearer ${t.apiAccessToken}` };
    const both = await api(t, 'GET', CREDS, undefined, { headers, token: null });
    expect(both.status).toBe(200);
  });

  it('aiAcceptsTokenHeader: true accepts the TOKEN header again (legacy tests)', async () => {
    const t = await start({ aiAcceptsTokenHeader: true });
    for (const [kind, token] of await everyToken(t)) {
      const r = await api(t, 'GET', CREDS, undefined, { token, scheme: 'token' });
      expect({ kind, status: r.status }).toEqual({ kind, status: 200 });
    }
  });
});

describe('aiAcceptsLegacyTokens: false', () => {
  it('refuses API access tokens even as Bearer, and still takes OAuth tokens', async () => {
    const t = await start({ aiAcceptsLegacyTokens: false });
    const verdicts = [];
    for (const [kind, token] of await everyToken(t)) {
      const r = await api(t, 'GET', CREDS, undefined, { token, scheme: 'bearer' });
      verdicts.push([kind, r.status, r.body?.reason]);
      if (r.status === 401) {
        expect(r.body.detail).toMatch(/only OAuth access tokens/);
        expectOwnTokenFailure(r);
      }
    }
    expect(verdicts).toEqual([
      ['client credentials JWT', 200, undefined],
      ['user sign-in access token', 200, undefined],
      ['ready API access token', 401, 'legacy_token'],
      ['createAPIAccessToken token', 401, 'legacy_token'],
    ]);
  });
});

describe('forbiddenForSupersededTokens', () => {
  it('answers 403 for a superseded token instead of 401 (off by default); other failures stay 401', async () => {
    const supersededStatus = async (t: FakeTenant): Promise<ApiAnswer> => {
      const first = await clientCredentialsToken(t);
      await clientCredentialsToken(t);
      return api(t, 'GET', CREDS, undefined, { token: first });
    };
    const t = await start({ forbiddenForSupersededTokens: true });
    const r = await supersededStatus(t);
    expect(r.status).toBe(403);
    expect(r.body.reason).toBe('superseded');
    expectOwnTokenFailure(r);
    expect((await api(t, 'GET', CREDS, undefined, { token: 'made-up' })).status).toBe(401);
    expect((await supersededStatus(await start())).status).toBe(401);
  });
});

describe('errorBodyShape', () => {
  it("'error-message' answers every AI API error as {error, message}", async () => {
    const t = await start({ errorBodyShape: 'error-message' });
    const notFound = await api(t, 'GET', `${CREDS}/00000000-0000-4000-8000-000000000000`);
    expect(notFound.status).toBe(404);
    expect(notFound.body).toEqual({ error: 'not_found', message: 'LLM credentials not found' });
    const invalid = await api(t, 'POST', CREDS, { creds_type: 'API_KEY' });
    expect(invalid.status).toBe(422);
    expect(invalid.body).toEqual({ error: 'validation_error', message: expect.stringMatching(/body\.name: Field required/) });
    const rule = await api(t, 'POST', CREDS, { name: 'x', creds_type: 'API_KEY' });
    expect(rule.body).toEqual({ error: 'bad_request', message: 'api_key is required for API_KEY creds type' });
    const token = await api(t, 'GET', CREDS, undefined, { token: 'made-up' });
    expect(token.body).toMatchObject({ error: 'invalid_token', message: expect.stringMatching(/not known/), reason: 'unknown' });
    expect(token.body).not.toHaveProperty('detail');
    expect(token.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it("keeps {detail} by default and leaves the token endpoints' OAuth errors alone", async () => {
    const t = await start({ errorBodyShape: 'error-message' });
    const r = await postForm(t, '/oauth/v2/token/', { grant_type: 'password' });
    expect(r.body).toMatchObject({ error: 'unsupported_grant_type', error_description: expect.any(String) });
    const plain = await start();
    const missing = await api(plain, 'GET', `${CREDS}/00000000-0000-4000-8000-000000000000`);
    expect(missing.body).toEqual({ detail: 'LLM credentials not found' });
  });
});
