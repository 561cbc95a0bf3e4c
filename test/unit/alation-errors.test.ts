// Every failure becomes a typed AppError with an actionable message, and never carries a secret.
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import { createAlationClient, type AlationClient, type AlationClientOptions } from '../../src-main/alation/client';
import { SecretRedactor } from '../../src-main/log/logger';
import { AppError } from '../../src-shared/errors';
import { memoryLogger } from '../support/memory-logger';
import { API_TOKEN, instantSleep, sendJson, sendText, startScriptedServer, type Handler, type ScriptedServer } from './alation-test-server';
import { failure } from '../support/app-error';

let server: ScriptedServer | undefined;
let client: AlationClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.stop();
  client = undefined;
  server = undefined;
});

const PROVIDER_KEY = 'sk-proj-unit-test-provider-key-987654';
const CLIENT_SECRET = 'unit-oauth-client-secret-555';

async function setup(handler: Handler, extra: Partial<AlationClientOptions> = {}) {
  server = await startScriptedServer(handler);
  client = createAlationClient({
    baseUrl: server.baseUrl,
    auth: { method: 'apiToken', token: API_TOKEN },
    sleep: instantSleep().sleep,
    retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 },
    ...extra,
  });
  return client;
}

/** Everything an error would carry over IPC or into a log, as one string. */
const serialized = (e: AppError) => JSON.stringify({ ...e.toShape(), stack: e.stack });

describe('HTTP status mapping', () => {
  const cases: [number, string, RegExp][] = [
    [401, 'unauthorized', /API access token.*may accept only OAuth tokens.*Sign in with the browser/s],
    [403, 'forbidden', /403.*permission/s],
    [404, 'not_found', /Not found.*refresh/s],
    [409, 'conflict', /conflict: Cannot delete credentials/],
    [500, 'server', /500.*Try again later/s],
    [405, 'unsupported', /does not support/],
  ];
  it.each(cases)('maps %i to %s with an actionable message', async (status, code, message) => {
    const c = await setup((_req, res) =>
      sendJson(res, status, { detail: status === 409 ? 'Cannot delete credentials: 1 LLM config(s) still reference them.' : 'nope' }),
    );
    const e = await failure(c.deleteCredential('11111111-2222-4333-8444-555555555555'));
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
    expect(e.details).toMatchObject({ status, method: 'DELETE', path: '/ai/api/v1/llm_credentials/11111111-2222-4333-8444-555555555555' });
  });

  it('keeps the configs that block a credential delete (409)', async () => {
    const c = await setup((_req, res) => sendJson(res, 409, { detail: 'Cannot delete credentials', llm_config_ids: ['cfg-a', 'cfg-b'] }));
    const e = await failure(c.deleteCredential('cred-1'));
    expect(e.code).toBe('conflict');
    expect(e.details?.referencedBy).toEqual(['cfg-a', 'cfg-b']);
  });

  it('turns a FastAPI 422 detail list into field issues (and drops echoed input)', async () => {
    const c = await setup((_req, res) =>
      sendJson(res, 422, {
        detail: [
          { loc: ['body', 'model_name'], msg: 'Field required', type: 'missing', input: { api_key: PROVIDER_KEY } },
          {
            loc: ['body', 'embedding_dimensions'],
            msg: 'Input should be greater than or equal to 1',
            type: 'greater_than_equal',
            input: PROVIDER_KEY,
          },
        ],
      }),
    );
    const e = await failure(c.createCredential({ name: 'OpenAI', creds_type: 'API_KEY', api_key: PROVIDER_KEY }));
    expect(e.code).toBe('validation');
    expect(e.details?.fields).toEqual([
      { path: 'model_name', message: 'Field required' },
      { path: 'embedding_dimensions', message: 'Input should be greater than or equal to 1' },
    ]);
    expect(e.message).toMatch(/model_name: Field required/);
    expect(serialized(e)).not.toContain(PROVIDER_KEY);
  });

  it('keeps a string 400 detail as the message', async () => {
    const c = await setup((_req, res) => sendJson(res, 400, { detail: 'api_key is required for API_KEY creds type' }));
    const e = await failure(c.createCredential({ name: 'OpenAI', creds_type: 'API_KEY' }));
    expect(e.code).toBe('validation');
    expect(e.message).toContain('api_key is required for API_KEY creds type');
    expect(e.details).toMatchObject({ status: 400, method: 'POST', path: '/ai/api/v1/llm_credentials' });
  });

  it('blanks a provider key the tenant echoes back in an error', async () => {
    const c = await setup((_req, res) => sendJson(res, 400, { detail: `key ${PROVIDER_KEY} is malformed` }));
    const e = await failure(c.createCredential({ name: 'OpenAI', creds_type: 'API_KEY', api_key: PROVIDER_KEY }));
    expect(e.message).toContain('[redacted]');
    expect(serialized(e)).not.toContain(PROVIDER_KEY);
  });
});

describe('bad answers', () => {
  it('maps an HTML error page to bad_response', async () => {
    const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
    const c = await setup((_req, res) => sendText(res, 502, page, 'text/html'), { retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } });
    const e = await failure(c.listLlmConfigs());
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/HTML page/);
    expect(e.details).toMatchObject({ status: 502, method: 'GET', path: '/ai/api/v1/config/llm' });
  });

  it('maps an HTML login page answered with 200 to bad_response', async () => {
    const c = await setup((_req, res) => sendText(res, 200, '<!DOCTYPE html><html><body>Sign in</body></html>', 'text/html'));
    const e = await failure(c.getLlmPreference());
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/HTML/);
  });

  it('maps truncated JSON to bad_response', async () => {
    const c = await setup((_req, res) => sendText(res, 200, '{"data":[{"id":"a","name":"cut', 'application/json'));
    const e = await failure(c.listCredentials());
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('maps an unexpected shape to bad_response naming the field, not the value', async () => {
    const c = await setup((_req, res) => sendJson(res, 200, { data: [{ id: 42, name: 'x', provider: 'openai' }], total: 1 }));
    const e = await failure(c.listLlmConfigs());
    expect(e.code).toBe('bad_response');
    expect(e.message).toMatch(/data\.0\.id/);
    expect(e.details?.issues).toEqual([expect.objectContaining({ path: 'data.0.id' })]);
  });

  it('maps an empty 200 where data was expected to bad_response', async () => {
    const c = await setup((_req, res) => sendText(res, 200, '', 'application/json'));
    expect((await failure(c.getLlmPreference())).code).toBe('bad_response');
  });

  it('maps a redirect to bad_response (never followed with the token)', async () => {
    const c = await setup((_req, res) => {
      res.writeHead(302, { location: 'https://login.example.com/' });
      res.end();
    });
    const e = await failure(c.getLlmPreference());
    expect(e.code).toBe('bad_response');
    expect(server!.requests).toHaveLength(1);
  });

  it('tolerates unknown fields and null flags', async () => {
    const c = await setup((_req, res) =>
      sendJson(res, 200, [{ id: 'c1', name: 'A', provider: 'openai', is_embedding: null, brand_new_field: { x: 1 } }]),
    );
    const [cfg] = await c.listLlmConfigs();
    expect(cfg).toMatchObject({ id: 'c1', is_embedding: false, brand_new_field: { x: 1 } });
  });
});

describe('transport failures', () => {
  it('maps a refused connection to network, naming host and what to check', async () => {
    const probe = await startScriptedServer(() => undefined);
    const { port } = probe;
    await probe.stop();
    client = createAlationClient({
      baseUrl: `http://127.0.0.1:${port}`,
      auth: { method: 'apiToken', token: API_TOKEN },
      retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const e = await failure(client.listCredentials());
    expect(e.code).toBe('network');
    expect(e.message).toContain(`127.0.0.1:${port}`);
    expect(e.details).toMatchObject({ cause: 'ECONNREFUSED', method: 'GET', path: '/ai/api/v1/llm_credentials' });
  });

  it('maps a request that takes too long to timeout', async () => {
    const c = await setup(() => undefined, { requestTimeoutMs: 150 });
    const e = await failure(c.getLlmPreference());
    expect(e.code).toBe('timeout');
    expect(e.details).toMatchObject({ phase: 'request', method: 'GET' });
  });

  it('times out a body that stops half way', async () => {
    const c = await setup(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"data":[');
      },
      { requestTimeoutMs: 200 },
    );
    expect((await failure(c.getLlmPreference())).code).toBe('timeout');
  });

  it('maps an untrusted certificate to tls with what to do', async () => {
    const cert = await generate([{ name: 'commonName', value: 'localhost' }], { keyType: 'ec', algorithm: 'sha256' });
    const tlsServer = createTlsServer({ key: cert.private, cert: cert.cert }, (_req, res) => res.end('{}'));
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    try {
      const port = (tlsServer.address() as AddressInfo).port;
      const c = createAlationClient({ baseUrl: `https://localhost:${port}`, auth: { method: 'apiToken', token: API_TOKEN } });
      const e = await failure(c.getLlmPreference());
      await c.close();
      expect(e.code).toBe('tls');
      expect(e.message).toMatch(/add that CA certificate \(PEM\) to this profile/);
      expect(e.details?.cause).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    } finally {
      tlsServer.closeAllConnections();
      await new Promise<void>((r) => tlsServer.close(() => r()));
    }
  });

  it('maps a certificate for another host name to tls, even when its CA is trusted', async () => {
    const cert = await generate([{ name: 'commonName', value: 'other.example' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'other.example' }] }],
    });
    const tlsServer = createTlsServer({ key: cert.private, cert: cert.cert }, (_req, res) => res.end('{}'));
    await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
    try {
      const port = (tlsServer.address() as AddressInfo).port;
      const c = createAlationClient({
        baseUrl: `https://localhost:${port}`,
        auth: { method: 'apiToken', token: API_TOKEN },
        caPem: cert.cert,
      });
      const e = await failure(c.getLlmPreference());
      await c.close();
      expect(e.code).toBe('tls');
      expect(e.details?.cause).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
      expect(e.message).toMatch(/different host name/);
    } finally {
      tlsServer.closeAllConnections();
      await new Promise<void>((r) => tlsServer.close(() => r()));
    }
  });
  // What each code maps to, and the codes undici wraps, without a socket: error-mapping.test.ts.
});

describe('authentication failures say what to do per method', () => {
  it('oauth: a rejected client secret names the id and secret, never the secret itself', async () => {
    const c = await setup(
      (_req, res) => sendJson(res, 401, { error: 'invalid_client', error_description: `bad secret ${CLIENT_SECRET}`, code: 401 }),
      {
        auth: { method: 'oauth', clientId: 'client-1', clientSecret: CLIENT_SECRET },
      },
    );
    const e = await failure(c.listCredentials());
    expect(e.code).toBe('unauthorized');
    expect(e.message).toMatch(/client id or client secret/);
    expect(e.details).toMatchObject({ status: 401, path: '/oauth/v2/token/' });
    expect(serialized(e)).not.toContain(CLIENT_SECRET);
  });

  it('refresh token: a rejected refresh token says how to get a new one', async () => {
    const c = await setup((_req, res) => sendJson(res, 401, { detail: 'Invalid refresh token or user id' }), {
      auth: { method: 'refreshToken', refreshToken: 'unit-refresh-token-abcdef', userId: '7' },
    });
    const e = await failure(c.listCredentials());
    expect(e.code).toBe('unauthorized');
    expect(e.message).toMatch(/refresh token.*create a new one/s);
    expect(serialized(e)).not.toContain('unit-refresh-token-abcdef');
  });

  it('logs requests and failures without secrets or tokens', async () => {
    const log = memoryLogger();
    const redactor = new SecretRedactor();
    const c = await setup(
      (req, res) => {
        if (req.url?.startsWith('/oauth'))
          sendJson(res, 200, { access_token: 'jwt-issued-token-abcdef', token_type: 'Bearer', expires_in: 3600 });
        else sendJson(res, 500, { detail: 'boom' });
      },
      { auth: { method: 'oauth', clientId: 'client-1', clientSecret: CLIENT_SECRET }, log, redactor },
    );
    await failure(c.listCredentials());
    const text = JSON.stringify(log.entries);
    expect(log.entries.some((e) => e.event === 'alation.http')).toBe(true);
    expect(text).not.toContain(CLIENT_SECRET);
    expect(text).not.toContain('jwt-issued-token-abcdef');
    // the redactor (the log's second line of defence) knows the secret and the token
    expect(redactor.redact(`${CLIENT_SECRET} jwt-issued-token-abcdef`)).toBe('[redacted] [redacted]');
  });
});

describe('options are checked up front', () => {
  it('refuses plain http to another machine', () => {
    expect(() => createAlationClient({ baseUrl: 'http://acme.alationcloud.com', auth: { method: 'apiToken', token: API_TOKEN } })).toThrow(
      /https/,
    );
  });

  it('refuses a CA that is not a PEM certificate', () => {
    try {
      createAlationClient({
        baseUrl: 'https://acme.alationcloud.com',
        auth: { method: 'apiToken', token: API_TOKEN },
        caPem: 'not a cert',
      });
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('validation');
      expect((e as AppError).details?.fields?.[0]?.path).toBe('caPem');
    }
  });

  it('checks request bodies before sending them', async () => {
    const c = await setup((_req, res) => sendJson(res, 200, {}));
    const e = await failure(c.putFeatureOverride({ feature_type: 'NOPE' as 'DEFAULT_AGENT', feature_key: 'k', llm_config_id: 'x' }));
    expect(e.code).toBe('validation');
    expect(e.details?.fields?.[0]?.path).toBe('feature_type');
    expect(server!.requests).toHaveLength(0);
  });
});
