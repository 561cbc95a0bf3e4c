// Browser sign-in (user-initiated OAuth): discovery, registered apps, the authorization endpoint and its consent page.
import { describe, expect, it } from 'vitest';
import { startFakeTenant, type FakeTenant } from './server';
import { AUTHORIZE, LOOPBACK, authorizeUrl, fakeTenantPerTest, manual, pkcePair } from './test-helpers';

const start = fakeTenantPerTest();
const DISCOVERY = '/.well-known/oauth-authorization-server';

/** A correct authorization request for the app, with one parameter changed or left out. */
function request(t: FakeTenant, clientId: string, change: Record<string, string | undefined> = {}): string {
  return authorizeUrl(t, {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: LOOPBACK,
    scope: 'openid profile email',
    state: 'st-123',
    code_challenge: pkcePair().challenge,
    code_challenge_method: 'S256',
    ...change,
  });
}

/** The query of a redirect back to the app. */
const redirectQuery = (location: string | null): Record<string, string> => {
  expect(location).not.toBeNull();
  const url = new URL(location!);
  expect(`${url.origin}${url.pathname}`).toBe(LOOPBACK);
  return Object.fromEntries(url.searchParams);
};

describe('discovery', () => {
  it('publishes the endpoints, PKCE S256 and the grants', async () => {
    const t = await start();
    const r = await fetch(`${t.baseUrl}${DISCOVERY}`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({
      issuer: t.baseUrl,
      authorization_endpoint: `${t.baseUrl}/oauth/v1/authorize/`,
      token_endpoint: `${t.baseUrl}/oauth/v1/token/`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
      scopes_supported: ['openid', 'profile', 'email'],
    });
  });

  it('discovery: false answers 404, and the documented URLs still work', async () => {
    const t = await start({ discovery: false });
    expect((await fetch(`${t.baseUrl}${DISCOVERY}`)).status).toBe(404);
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    expect((await manual(request(t, app.clientId))).status).toBe(200);
  });
});

describe('OAuth client applications', () => {
  it('registers public apps (no secret) and confidential ones (a secret)', async () => {
    const t = await start();
    const pub = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    expect(pub.clientSecret).toBeUndefined();
    const conf = t.registerOAuthApp({ clientId: 'my-confidential', confidential: true, redirectUris: ['https://example.com/cb'] });
    expect(conf).toEqual({ clientId: 'my-confidential', clientSecret: expect.stringMatching(/^\S{20,}$/) });
    expect(t.oauthApps().map((a) => a.clientId)).toEqual([pub.clientId, 'my-confidential']);
  });

  it('allows http redirect URIs only for localhost and 127.0.0.1', async () => {
    const t = await start();
    expect(() => t.registerOAuthApp({ redirectUris: ['http://example.com/callback'] })).toThrow(/http.*localhost or 127\.0\.0\.1/);
    expect(() => t.registerOAuthApp({ redirectUris: ['http://[::1]:8000/callback'] })).toThrow();
    const allowed = ['http://localhost:9000/cb', 'https://claude.ai/api/mcp/auth_callback', 'cursor://anysphere.cursor-mcp/oauth/callback'];
    for (const uri of allowed) {
      expect(t.registerOAuthApp({ redirectUris: [uri] }).clientId).toEqual(expect.any(String));
    }
    await expect(startFakeTenant({ oauthApps: [{ clientId: 'x', redirectUris: ['http://10.0.0.1/cb'] }] })).rejects.toThrow(/localhost/);
  });

  it('takes apps from the options, listed in the ready line', async () => {
    const t = await start({
      oauthApps: [
        { clientId: 'desk', redirectUris: [LOOPBACK] },
        { clientId: 'srv', clientSecret: 's3', redirectUris: [LOOPBACK] },
      ],
    });
    expect(t.readyInfo().oauthApps).toEqual([
      { clientId: 'desk', redirectUris: [LOOPBACK] },
      { clientId: 'srv', clientSecret: 's3', redirectUris: [LOOPBACK] },
    ]);
    expect((await manual(request(t, 'desk'))).status).toBe(200);
  });
});

describe('GET /oauth/v1/authorize/', () => {
  it('an unknown client or an unregistered redirect_uri gets an HTML error page, never a redirect', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    for (const url of [
      request(t, 'nobody'),
      request(t, app.clientId, { redirect_uri: 'http://127.0.0.1:18723/callback' }),
      request(t, app.clientId, { redirect_uri: `${LOOPBACK}/` }), // exact match only
      request(t, app.clientId, { redirect_uri: undefined }),
    ]) {
      const r = await manual(url);
      expect(r.status).toBe(400);
      expect(r.location).toBeNull();
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.text).toMatch(/<title>[^<]+<\/title>/);
    }
    expect((await manual(request(t, 'nobody'))).text).toMatch(/nobody/);
  });

  it('a public client without PKCE is sent back with invalid_request and its state', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    for (const change of [{ code_challenge: undefined }, { code_challenge_method: 'plain' }, { code_challenge_method: undefined }]) {
      const r = await manual(request(t, app.clientId, change));
      expect(r.status).toBe(302);
      expect(redirectQuery(r.location)).toMatchObject({ error: 'invalid_request', state: 'st-123' });
    }
    const wrongType = await manual(request(t, app.clientId, { response_type: 'token' }));
    expect(redirectQuery(wrongType.location)).toMatchObject({ error: 'unsupported_response_type', state: 'st-123' });
  });

  it('a confidential client may leave PKCE out when its app does not require it', async () => {
    const t = await start();
    const loose = t.registerOAuthApp({ confidential: true, pkceRequired: false, redirectUris: [LOOPBACK] });
    expect((await manual(request(t, loose.clientId, { code_challenge: undefined, code_challenge_method: undefined }))).status).toBe(200);
    const strict = t.registerOAuthApp({ confidential: true, redirectUris: [LOOPBACK] });
    expect((await manual(request(t, strict.clientId, { code_challenge: undefined }))).status).toBe(302);
  });

  it('shows a small consent page: title, client id, user, Allow and Deny, nothing external', async () => {
    const t = await start({ userName: 'Grace Hopper' });
    const app = t.registerOAuthApp({ clientId: 'byom-desk-laptop', redirectUris: [LOOPBACK] });
    const r = await manual(request(t, app.clientId));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.text).toMatch(/<html lang="en">/);
    expect(r.text).toMatch(/<title>[^<]*byom-desk-laptop[^<]*<\/title>/);
    expect(r.text).toContain('Grace Hopper');
    expect(r.text).toMatch(/<button[^>]*>Allow<\/button>/);
    expect(r.text).toMatch(/<button[^>]*>Deny<\/button>/);
    expect(r.text).toMatch(/<form method="post" action="\/oauth\/v1\/authorize\/">/);
    expect(r.text).not.toMatch(/(src|href)="https?:/);
    expect(r.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });

  it('escapes what the request brings into the page', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const r = await manual(request(t, app.clientId, { scope: '<script>alert(1)</script>' }));
    expect(r.text).not.toContain('<script>');
    expect(r.text).toContain('&lt;script&gt;');
  });

  it('Allow sends a code and the state back; Deny sends access_denied; each page answers once', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const decide = async (decision: string): Promise<{ status: number; location: string | null; again: number }> => {
      const page = await manual(request(t, app.clientId));
      const requestId = /name="request_id" value="([^"]+)"/.exec(page.text)![1]!;
      const post = (): Promise<{ status: number; location: string | null }> =>
        manual(`${t.baseUrl}${AUTHORIZE}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ request_id: requestId, decision }).toString(),
        });
      const first = await post();
      return { ...first, again: (await post()).status };
    };
    const allowed = await decide('allow');
    expect(allowed.status).toBe(302);
    expect(redirectQuery(allowed.location)).toEqual({ code: expect.stringMatching(/^\S{20,}$/), state: 'st-123' });
    expect(allowed.again).toBe(400);
    const denied = await decide('deny');
    expect(redirectQuery(denied.location)).toEqual({ error: 'access_denied', error_description: expect.any(String), state: 'st-123' });
  });

  it('answerConsent() drives the page over HTTP, as a browser would', async () => {
    const t = await start();
    const app = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const outcome = await t.answerConsent(request(t, app.clientId), 'deny');
    expect(redirectQuery(outcome.location)).toMatchObject({ error: 'access_denied' });
    const unknown = await t.answerConsent(request(t, 'nobody'), 'allow');
    expect(unknown).toMatchObject({ status: 400, location: null, html: expect.stringContaining('nobody') });
    expect(t.requests().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `GET ${AUTHORIZE} 200`,
      `POST ${AUTHORIZE} 302`,
      `GET ${AUTHORIZE} 400`,
    ]);
  });
});
