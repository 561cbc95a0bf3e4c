// Browser sign-in, second half: the token endpoint (authorization_code, refresh_token) and the controls over user tokens.
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { FakeTenant } from './server';
import { CREDS, LOOPBACK, USER_TOKEN, api, authorizationCode, fakeTenantPerTest, postForm, userTokens } from './test-helpers';

const start = fakeTenantPerTest();

/** The tenant's clock, not a wait: only Date is faked, so sockets and timers run as usual. */
function fakeClock(): (ms: number) => void {
  vi.useFakeTimers({ toFake: ['Date'] });
  onTestFinished(() => void vi.useRealTimers());
  return (ms) => vi.setSystemTime(Date.now() + ms);
}

const jwtPayload = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

/** A correct authorization_code exchange of this code. */
const codeForm = (c: { code: string; verifier: string }, clientId: string): Record<string, string> => ({
  code: c.code,
  redirect_uri: LOOPBACK,
  client_id: clientId,
  code_verifier: c.verifier,
});
const exchange = (t: FakeTenant, form: Record<string, string>) => postForm(t, USER_TOKEN, { grant_type: 'authorization_code', ...form });
const refresh = (t: FakeTenant, clientId: string, refreshToken: string, extra: Record<string, string> = {}) =>
  postForm(t, USER_TOKEN, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId, ...extra });

describe('grant_type=authorization_code', () => {
  it('answers a JWT access token with exp, a refresh token and the scope; the token works as Bearer', async () => {
    const t = await start({ userTokenTtlSeconds: 7200 });
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const { code, verifier } = await authorizationCode(t, app.clientId);
    const r = await exchange(t, { code, redirect_uri: LOOPBACK, client_id: app.clientId, code_verifier: verifier });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      token_type: 'Bearer',
      expires_in: 7200,
      refresh_token: expect.stringMatching(/^\S{20,}$/),
      scope: 'openid profile email',
    });
    const claims = jwtPayload(r.body.access_token as string);
    expect(claims).toMatchObject({ sub: String(t.userId), client_id: app.clientId });
    expect(Number(claims.exp) - Date.now() / 1000).toBeGreaterThan(7100);
    expect((await api(t, 'GET', CREDS, undefined, { token: r.body.access_token as string })).status).toBe(200);
    expect(
      t
        .tokens()
        .filter((x) => x.kind === 'user' || x.kind === 'refresh')
        .map((x) => x.kind),
    ).toEqual(['user', 'refresh']);
  });

  it('checks the verifier (S256), the redirect_uri and the client; a code works once', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK, 'http://localhost:9000/cb'] });
    const other = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const cases: [string, Record<string, string | undefined>, string][] = [
      ['wrong verifier', { code_verifier: 'x'.repeat(43) }, 'invalid_grant'],
      ['other redirect_uri', { redirect_uri: 'http://localhost:9000/cb' }, 'invalid_grant'],
      ['other client', { client_id: other.clientId }, 'invalid_grant'],
      ['no verifier', { code_verifier: undefined }, 'invalid_request'],
    ];
    for (const [label, change, error] of cases) {
      const form = { ...codeForm(await authorizationCode(t, app.clientId), app.clientId), ...change };
      const r = await exchange(t, Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => e[1] !== undefined)));
      expect({ label, status: r.status, error: r.body.error }).toEqual({ label, status: 400, error });
      expect(r.body).toEqual({ error, error_description: expect.any(String), code: 400 });
    }
    const form = codeForm(await authorizationCode(t, app.clientId), app.clientId);
    expect((await exchange(t, form)).status).toBe(200);
    const again = await exchange(t, form);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
  });

  it('a code lasts 60 seconds', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const advance = fakeClock();
    const late = await authorizationCode(t, app.clientId);
    const onTime = await authorizationCode(t, app.clientId);
    advance(59_000);
    expect((await exchange(t, codeForm(onTime, app.clientId))).status).toBe(200);
    advance(1_001);
    const r = await exchange(t, codeForm(late, app.clientId));
    expect(r.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/expired/) });
  });

  it('a confidential app must authenticate with its secret (form or HTTP Basic)', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ confidential: true, redirectUris: [LOOPBACK] });
    const withCode = async (extra: Record<string, string>, headers: Record<string, string> = {}) => {
      const c = await authorizationCode(t, app.clientId);
      const form = { grant_type: 'authorization_code', code: c.code, redirect_uri: LOOPBACK, code_verifier: c.verifier, ...extra };
      return postForm(t, USER_TOKEN, form, headers);
    };
    const none = await withCode({ client_id: app.clientId });
    expect(none.status).toBe(401);
    expect(none.body.error).toBe('invalid_client');
    expect((await withCode({ client_id: app.clientId, client_secret: 'wrong' })).status).toBe(401);
    expect((await withCode({ client_id: app.clientId, client_secret: app.clientSecret! })).status).toBe(200);
    const basic = Buffer.from(`${app.clientId}:${app.clientSecret!}`).toString('base64');
    expect((await withCode({}, { authorization: `Basic ${basic}` })).status).toBe(200);
    expect((await exchange(t, { code: 'x', redirect_uri: LOOPBACK, client_id: 'nobody', code_verifier: 'y' })).status).toBe(401);
  });
});

describe('grant_type=refresh_token', () => {
  it('rotates: each refresh answers a new refresh token, and a used one answers invalid_grant', async () => {
    const t = await start({ userTokenTtlSeconds: 600 });
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const first = await userTokens(t, app.clientId);
    const second = await refresh(t, app.clientId, first.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 600,
      refresh_token: expect.any(String),
      scope: 'openid profile email',
    });
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const reused = await refresh(t, app.clientId, first.refresh_token);
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({ error: 'invalid_grant', error_description: expect.stringMatching(/already used/), code: 400 });
    expect((await refresh(t, app.clientId, second.body.refresh_token as string)).status).toBe(200);
    // the access token of the used refresh token was replaced (fake's choice)
    expect((await api(t, 'GET', CREDS, undefined, { token: first.access_token })).body.reason).toBe('superseded');
  });

  it('is bound to the client; a confidential app sends its secret', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ confidential: true, redirectUris: [LOOPBACK] });
    const other = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const tokens = await userTokens(t, app.clientId, { client_secret: app.clientSecret! });
    expect((await refresh(t, app.clientId, tokens.refresh_token)).status).toBe(401);
    expect((await refresh(t, other.clientId, tokens.refresh_token)).body.error).toBe('invalid_grant');
    expect((await refresh(t, app.clientId, tokens.refresh_token, { client_secret: app.clientSecret! })).status).toBe(200);
  });

  it('refresh tokens last userRefreshTokenTtlSeconds', async () => {
    const t = await start({ userRefreshTokenTtlSeconds: 3 * 86_400 });
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const advance = fakeClock();
    const tokens = await userTokens(t, app.clientId);
    advance(3 * 86_400_000 + 1);
    const r = await refresh(t, app.clientId, tokens.refresh_token);
    expect(r.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/expired/) });
  });

  it('refuses other grants and non-form bodies', async () => {
    const t = await start();
    expect((await postForm(t, USER_TOKEN, { grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
    const asJson = await fetch(`${t.baseUrl}${USER_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'refresh_token' }),
    });
    expect(((await asJson.json()) as { error: string }).error).toBe('invalid_request');
  });
});

describe('controls', () => {
  it('expireUserAccessTokens(): the access tokens get 401 expired, and a refresh still works', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const tokens = await userTokens(t, app.clientId);
    expect(t.expireUserAccessTokens()).toBe(1);
    const r = await api(t, 'GET', CREDS, undefined, { token: tokens.access_token });
    expect(r.status).toBe(401);
    expect(r.body.reason).toBe('expired');
    expect((await api(t, 'GET', CREDS)).status).toBe(200); // other tokens are untouched
    const renewed = await refresh(t, app.clientId, tokens.refresh_token);
    expect((await api(t, 'GET', CREDS, undefined, { token: renewed.body.access_token as string })).status).toBe(200);
  });

  it('revokeRefreshTokens(): every refresh token answers invalid_grant, and a new sign-in works', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const a = await userTokens(t, app.clientId);
    const b = await userTokens(t, app.clientId);
    expect(t.revokeRefreshTokens()).toBe(2);
    for (const tokens of [a, b]) {
      const r = await refresh(t, app.clientId, tokens.refresh_token);
      expect(r.body).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/revoked/) });
    }
    const fresh = await userTokens(t, app.clientId);
    expect((await refresh(t, app.clientId, fresh.refresh_token)).status).toBe(200);
  });

  it('expireRefreshTokens(): every refresh token answers invalid_grant (expired)', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const tokens = await userTokens(t, app.clientId);
    expect(t.expireRefreshTokens()).toBe(1);
    expect((await refresh(t, app.clientId, tokens.refresh_token)).body.error_description).toMatch(/expired/);
  });

  it('the request log counts authorize and token requests', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const tokens = await userTokens(t, app.clientId);
    await refresh(t, app.clientId, tokens.refresh_token);
    const count = (method: string, path: string): number => t.requests().filter((e) => e.method === method && e.path === path).length;
    expect(count('GET', '/oauth/v1/authorize/')).toBe(1);
    expect(count('POST', '/oauth/v1/authorize/')).toBe(1);
    expect(count('POST', USER_TOKEN)).toBe(2);
    expect(
      t
        .requests()
        .filter((e) => e.path === USER_TOKEN)
        .map((e) => (e.body as Record<string, string>).grant_type),
    ).toEqual(['authorization_code', 'refresh_token']);
  });
});
