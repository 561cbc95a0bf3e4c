// Browser sign-in tokens (renewed with the refresh token, single-flight, rotation stored before use,
// "Sign in again" when refused) and pasted Bearer tokens (never renewed, expiry read from the JWT).
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { TenantAuth } from '../../src-main/alation/auth';
import { createAlationClient, type AlationClient, type AlationClientOptions } from '../../src-main/alation/client';
import { SecretRedactor } from '../../src-main/log/logger';
import { failure } from '../support/app-error';
import { sendJson, startScriptedServer, type ScriptedServer, type SeenRequest } from './alation-test-server';

let server: ScriptedServer | undefined;
let client: AlationClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = undefined;
  server = undefined;
});

const TOKEN_PATH = '/oauth/v1/token/';
const FIRST_REFRESH = 'first-refresh-token-0123456789';
const NOW = Date.parse('2026-03-01T10:00:00Z');

const pathOf = (r: SeenRequest) => r.url.split('?')[0]!;
const form = (r: SeenRequest) => Object.fromEntries(new URLSearchParams(r.body));
const tokenRequests = () => server!.requests.filter((r) => pathOf(r) !== '/ai/api/v1/config/llm_preference' && r.method === 'POST');
const PREFERENCE = { default_llm_config_id: null, default_embedding_config_id: null, hide_default_models: false };

/**
 * A tenant whose token endpoint hands out `access-N` and, with `rotate`, `refresh-N`; the AI API takes
 * only the newest access token (as a renewal supersedes the previous one).
 */
async function tenant(options: { rotate?: boolean; tokenAnswer?: (res: ServerResponse, seen: SeenRequest) => boolean } = {}) {
  let issued = 0;
  let current = 'initial-access-token-0123456789';
  server = await startScriptedServer((_req, res, seen) => {
    if (pathOf(seen) === TOKEN_PATH || pathOf(seen) === '/custom/token') {
      if (options.tokenAnswer?.(res, seen)) return;
      issued += 1;
      current = `access-${issued}-0123456789`;
      return sendJson(res, 200, {
        access_token: current,
        token_type: 'Bearer',
        expires_in: 3600,
        ...(options.rotate ? { refresh_token: `refresh-${issued}-0123456789` } : {}),
      });
    }
    if (seen.headers.authorization !== `Bearer ${current}`)
      return sendJson(res, 401, { detail: 'Invalid token' }, { 'www-authenticate': 'Bearer error="invalid_token"' });
    return sendJson(res, 200, PREFERENCE);
  });
  return server;
}

function browser(
  extra: Partial<Extract<TenantAuth, { method: 'browser' }>> = {},
  options: Partial<AlationClientOptions> = {},
  clock = () => NOW,
): AlationClient {
  client = createAlationClient({
    baseUrl: server!.baseUrl,
    auth: { method: 'browser', clientId: 'byom-desk', refreshToken: FIRST_REFRESH, ...extra },
    now: clock,
    ...options,
  });
  return client;
}

describe('browser sign-in', () => {
  it('uses the access token the sign-in obtained, with no token request, until it is due', async () => {
    await tenant();
    let now = NOW;
    const c = browser({ initialAccessToken: { value: 'initial-access-token-0123456789', expiresAt: NOW + 3600_000 } }, {}, () => now);
    await c.getLlmPreference();
    expect(tokenRequests()).toHaveLength(0);
    now += 3600_000 - 30_000; // inside the last minute: renewed before use
    await c.getLlmPreference();
    expect(tokenRequests()).toHaveLength(1);
    expect(server!.requests.at(-1)!.headers.authorization).toBe('Bearer access-1-0123456789');
  });

  it('renews with grant_type=refresh_token, the refresh token and the client id at /oauth/v1/token/', async () => {
    await tenant();
    await browser().getLlmPreference();
    const [renewal] = tokenRequests();
    expect(pathOf(renewal!)).toBe(TOKEN_PATH);
    expect(renewal!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form(renewal!)).toEqual({ grant_type: 'refresh_token', refresh_token: FIRST_REFRESH, client_id: 'byom-desk' });
  });

  it('adds the client secret of a confidential client, and takes the discovered endpoint as a same-origin URL', async () => {
    await tenant();
    await browser({ clientSecret: 'confidential-secret-0123456789', tokenEndpoint: `${server!.baseUrl}/custom/token` }).getLlmPreference();
    const [renewal] = tokenRequests();
    expect(pathOf(renewal!)).toBe('/custom/token');
    expect(form(renewal!)).toMatchObject({ client_id: 'byom-desk', client_secret: 'confidential-secret-0123456789' });
  });

  it('never sends the refresh token to another origin', async () => {
    await tenant();
    const e = await failure(browser({ tokenEndpoint: 'https://login.example.com/oauth/v1/token/' }).getLlmPreference());
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(/only to the tenant itself/);
    expect(server!.requests).toHaveLength(0);
  });

  it('hands a rotated refresh token to the store before the new access token is used, and renews with it next', async () => {
    await tenant({ rotate: true });
    const stored: string[] = [];
    let release!: () => void;
    const storing = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atStore = new Promise<void>((resolve) => (reached = resolve));
    const c = browser({
      onRefreshTokenRotated: async (token) => {
        stored.push(token);
        reached();
        await storing;
      },
    });
    const call = c.getLlmPreference();
    await atStore;
    // The store has not finished: the AI API has seen nothing yet.
    expect(stored).toEqual(['refresh-1-0123456789']);
    expect(server!.requests.filter((r) => pathOf(r).startsWith('/ai/'))).toHaveLength(0);
    release();
    await expect(call).resolves.toEqual(PREFERENCE);
    c.dropToken();
    await c.getLlmPreference();
    expect(tokenRequests().map((r) => form(r).refresh_token)).toEqual([FIRST_REFRESH, 'refresh-1-0123456789']);
    expect(stored).toEqual(['refresh-1-0123456789', 'refresh-2-0123456789']);
  });

  it('renews once for many concurrent 401s', async () => {
    await tenant();
    const c = browser({ initialAccessToken: { value: 'stale-access-token-0123456789', expiresAt: NOW + 3600_000 } });
    await Promise.all([c.getLlmPreference(), c.getLlmPreference(), c.getLlmPreference(), c.getLlmPreference()]);
    expect(tokenRequests()).toHaveLength(1);
    expect(server!.requests.filter((r) => r.url.startsWith('/ai/')).map((r) => r.headers.authorization)).toEqual([
      ...Array(4).fill('Bearer stale-access-token-0123456789'),
      ...Array(4).fill('Bearer access-1-0123456789'),
    ]);
  });

  it.each([
    [400, { error: 'invalid_grant', error_description: 'Refresh token expired' }],
    [401, { error: 'invalid_client' }],
  ])('a refresh token refused with %i is sign_in_required: "Sign in again"', async (status, body) => {
    await tenant({ tokenAnswer: (res) => (sendJson(res, status, body), true) });
    const e = await failure(browser().getLlmPreference());
    expect(e.code).toBe('sign_in_required');
    expect(e.message).toBe('Your sign-in to this tenant has expired or was revoked. Sign in again.');
    expect(server!.requests.filter((r) => r.url.startsWith('/ai/'))).toHaveLength(0);
  });

  it('with no refresh token yet, says "Not signed in: press Sign in" and asks the tenant nothing', async () => {
    await tenant();
    const e = await failure(browser({ refreshToken: '' }).authenticate());
    expect(e.code).toBe('sign_in_required');
    expect(e.message).toBe('Not signed in: press Sign in.');
    expect(server!.requests).toHaveLength(0);
  });

  it('holds every access token and refresh token with the redactor', async () => {
    await tenant({ rotate: true });
    const redactor = new SecretRedactor();
    const c = browser({ initialAccessToken: { value: 'initial-access-token-0123456789' } }, { redactor });
    c.dropToken();
    await c.getLlmPreference();
    const text = `initial-access-token-0123456789 ${FIRST_REFRESH} access-1-0123456789 refresh-1-0123456789`;
    expect(redactor.redact(text)).toBe('[redacted] [redacted] [redacted] [redacted]');
  });
});

/** A JWT with the given payload (unsigned: the client never verifies it, only reads `exp`). */
const jwt = (payload: object) =>
  `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.c2ln`;

describe('a pasted Bearer token', () => {
  const EXP = Math.floor(NOW / 1000) + 7200;

  it('reports its expiry from the JWT, and is never renewed: a 401 is final', async () => {
    server = await startScriptedServer((_req, res) => sendJson(res, 401, { detail: 'Invalid token' }));
    const token = jwt({ sub: 'admin', exp: EXP });
    client = createAlationClient({ baseUrl: server.baseUrl, auth: { method: 'bearer', token }, now: () => NOW });
    expect(await client.authenticate()).toEqual({ method: 'bearer', expiresAt: EXP * 1000 });
    const e = await failure(client.getLlmPreference());
    expect(e.code).toBe('unauthorized');
    expect(e.message).toMatch(/pasted Bearer token.*Sign in with the browser/s);
    expect(server.requests.map((r) => `${r.method} ${pathOf(r)}`)).toEqual(['GET /ai/api/v1/config/llm_preference']);
  });

  it('says when it expired, read from the token itself', async () => {
    server = await startScriptedServer((_req, res) => sendJson(res, 401, { detail: 'Invalid token' }));
    client = createAlationClient({
      baseUrl: server.baseUrl,
      auth: { method: 'bearer', token: jwt({ exp: EXP }) },
      now: () => NOW + 3 * 3600_000,
    });
    const e = await failure(client.getLlmPreference());
    expect(e.message).toContain('it expired on 2026-03-01 12:00 UTC');
  });

  it('an opaque token has no expiry to report', async () => {
    server = await startScriptedServer((_req, res) => sendJson(res, 200, PREFERENCE));
    client = createAlationClient({ baseUrl: server.baseUrl, auth: { method: 'bearer', token: 'opaque-token-0123456789' } });
    expect(await client.authenticate()).toEqual({ method: 'bearer' });
    expect(server.requests).toHaveLength(0);
  });
});
