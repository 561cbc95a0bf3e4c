// The AI API takes `Authorization: Bearer` whatever the profile's method (Alation's CLI, SDK and REST
// docs); a legacy token refused there gets advice that helps, never "make a new token" for nothing.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenManager, type TenantAuth } from '../../src-main/alation/auth';
import type { HttpTransport } from '../../src-main/alation/http';
import { silentLogger } from '../../src-main/log/logger';
import { createAlationClient, type AlationClient } from '../../src-main/alation/client';
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

const CC_TOKEN = 'client-credentials-access-token-1';
const BROWSER_TOKEN = 'browser-renewed-access-token-1';
const MADE_TOKEN = 'api-token-made-from-refresh-token';
const PASTED = 'pasted-token-0123456789abcdef';

/** A tenant that answers every AI API call well and hands out one token per token route. */
function answerAll(res: ServerResponse, seen: SeenRequest): void {
  const path = seen.url.split('?')[0]!;
  if (path === '/oauth/v2/token/') return sendJson(res, 200, { access_token: CC_TOKEN, token_type: 'Bearer', expires_in: 3600 });
  if (path === '/oauth/v1/token/') return sendJson(res, 200, { access_token: BROWSER_TOKEN, token_type: 'Bearer', expires_in: 3600 });
  if (path === '/integration/v1/createAPIAccessToken/') {
    return sendJson(res, 201, {
      api_access_token: MADE_TOKEN,
      user_id: 7,
      created_at: '2026-01-01T00:00:00Z',
      token_expires_at: '2026-01-02T00:00:00Z',
    });
  }
  if (seen.method === 'DELETE') {
    res.writeHead(204);
    res.end();
    return;
  }
  if (seen.method === 'GET') return sendJson(res, 200, { data: [], total: 0 });
  if (path.endsWith('/llm_credentials')) return sendJson(res, 201, { id: 'cred-1', name: 'OpenAI', creds_type: 'API_KEY' });
  if (path.endsWith('/llm_preference'))
    return sendJson(res, 200, { default_llm_config_id: null, default_embedding_config_id: null, hide_default_models: true });
  return sendJson(res, 200, { id: 'cfg-1', name: 'GPT', provider: 'openai' });
}

const METHODS: [TenantAuth, string][] = [
  [{ method: 'oauth', clientId: 'desk', clientSecret: 'oauth-secret-0123456789' }, CC_TOKEN],
  [{ method: 'browser', clientId: 'desk', refreshToken: 'browser-refresh-token-0123456789' }, BROWSER_TOKEN],
  [{ method: 'bearer', token: PASTED }, PASTED],
  [{ method: 'apiToken', token: PASTED }, PASTED],
  [{ method: 'refreshToken', refreshToken: 'legacy-refresh-token-0123456789', userId: '7' }, MADE_TOKEN],
];

describe('Bearer on every AI API call', () => {
  it('every method sends Authorization: Bearer (never TOKEN) on GET, POST, PUT, PATCH and DELETE', async () => {
    server = await startScriptedServer((_req, res, seen) => answerAll(res, seen));
    const seen: Record<string, string[]> = {};
    for (const [auth] of METHODS) {
      server.requests.length = 0;
      client = createAlationClient({ baseUrl: server.baseUrl, auth });
      await client.listCredentials();
      await client.createCredential({ name: 'OpenAI', creds_type: 'API_KEY', api_key: 'sk-proj-provider-key-for-bearer-test' });
      await client.putLlmPreference({ hide_default_models: true });
      await client.patchLlmConfig('cfg-1', { name: 'GPT' });
      await client.deleteLlmConfig('cfg-1');
      await client.close();
      const ai = server.requests.filter((r) => r.url.startsWith('/ai/api/v1/'));
      seen[auth.method] = ai.map((r) => `${r.method} ${r.headers.authorization ?? '-'} ${r.headers.token ?? '-'}`);
    }
    client = undefined;
    const expected = Object.fromEntries(
      METHODS.map(([auth, token]) => [auth.method, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => `${m} Bearer ${token} -`)]),
    );
    expect(seen).toEqual(expected);
  });
});

describe('TOKEN only for /integration/ routes', () => {
  it('a legacy token goes as TOKEN to an /integration/ route, and as Bearer to the AI API', async () => {
    const deps = {
      transport: {} as HttpTransport,
      now: Date.now,
      log: silentLogger,
      sanitize: (t: string) => t,
      remember: () => undefined,
    };
    const legacy = new TokenManager({ method: 'apiToken', token: PASTED }, deps);
    const signal = new AbortController().signal;
    expect((await legacy.headers(signal, '/integration/v2/table/')).headers).toEqual({ TOKEN: PASTED });
    expect((await legacy.headers(signal, '/ai/api/v1/config/llm')).headers).toEqual({ authorization: `Bearer ${PASTED}` });
    // A pasted Bearer token is no legacy token: Bearer wherever it goes.
    const bearer = new TokenManager({ method: 'bearer', token: PASTED }, deps);
    expect((await bearer.headers(signal, '/integration/v2/table/')).headers).toEqual({ authorization: `Bearer ${PASTED}` });
  });
});

describe('a legacy token the AI API refuses', () => {
  const refuse = (detail: string) => (_req: unknown, res: ServerResponse, seen: SeenRequest) =>
    seen.url.startsWith('/ai/') ? sendJson(res, 401, { detail }) : answerAll(res, seen);

  it.each([
    { method: 'apiToken', token: PASTED },
    { method: 'refreshToken', refreshToken: 'legacy-refresh-token-0123456789', userId: '7' },
  ] as TenantAuth[])('$method: says the AI API may take only OAuth tokens and offers the ways to get one', async (auth) => {
    server = await startScriptedServer(refuse('Invalid token'));
    client = createAlationClient({ baseUrl: server.baseUrl, auth });
    const e = await failure(client.listCredentials());
    expect(e.code).toBe('unauthorized');
    expect(e.message).toMatch(/AI API may accept only OAuth tokens/);
    expect(e.message).toMatch(/Sign in with the browser/);
    expect(e.message).toMatch(/OAuth client/);
    // A new token of the same kind would be refused the same way: the message never sends the admin for one.
    expect(e.message).not.toMatch(/(create|make|paste) a new/i);
  });

  it('apiToken: when the tenant says the token expired, a new one would help, and the message says so', async () => {
    server = await startScriptedServer(refuse('Token expired: get a new token'));
    client = createAlationClient({ baseUrl: server.baseUrl, auth: { method: 'apiToken', token: PASTED } });
    const e = await failure(client.listCredentials());
    expect(e.code).toBe('unauthorized');
    expect(e.message).toMatch(/has expired.*Create a new one/s);
    expect(e.message).toContain('Token expired: get a new token');
  });

  it('refreshToken: a 401 is met with one fresh token, then the OAuth advice', async () => {
    server = await startScriptedServer(refuse('Not authenticated'));
    client = createAlationClient({
      baseUrl: server.baseUrl,
      auth: { method: 'refreshToken', refreshToken: 'legacy-refresh-token-0123456789', userId: '7' },
    });
    const e = await failure(client.listCredentials());
    expect(e.message).toMatch(/even a fresh one.*only OAuth tokens/s);
    expect(server.requests.map((r) => r.url.split('?')[0])).toEqual([
      '/integration/v1/createAPIAccessToken/',
      '/ai/api/v1/llm_credentials',
      '/integration/v1/createAPIAccessToken/',
      '/ai/api/v1/llm_credentials',
    ]);
  });
});

describe('createAPIAccessToken that answers 200 without a token', () => {
  it.each([
    [{ status: 'failed', message: 'Refresh token has been revoked by the user' }, 'Refresh token has been revoked by the user'],
    [{ status: 'failed', error: 'Invalid user id' }, 'Invalid user id'],
    [{ detail: 'Unknown refresh token' }, 'Unknown refresh token'],
  ])("%j is failed authentication, in the tenant's words, and no AI API call is made", async (body, words) => {
    server = await startScriptedServer((_req, res) => sendJson(res, 200, body));
    client = createAlationClient({
      baseUrl: server.baseUrl,
      auth: { method: 'refreshToken', refreshToken: 'legacy-refresh-token-0123456789', userId: '7' },
    });
    const e = await failure(client.listCredentials());
    expect(e.code).toBe('unauthorized');
    expect(e.message).toContain(words);
    expect(e.message).toMatch(/refresh token/);
    expect(server.requests.map((r) => r.url)).toEqual(['/integration/v1/createAPIAccessToken/']);
  });
});
