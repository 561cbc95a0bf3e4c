// "Test connection" against the fake tenant: each failing layer is named, later steps are skipped.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TenantAuth } from '../../src-main/alation/auth';
import { createAlationClient } from '../../src-main/alation/client';
import { testTenantConnection, type ConnectionTestReport } from '../../src-main/alation/connection-test';
import { AppError } from '../../src-shared/errors';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { LOOPBACK, userTokens } from '../fake-tenant/test-helpers';

const WRONG_SECRET = 'wrong-client-secret-0123456789';
const WRONG_TOKEN = 'wrong-api-access-token-0123456789';

const oauth = (t: FakeTenant, secret = t.clientSecret): TenantAuth => ({ method: 'oauth', clientId: t.clientId, clientSecret: secret });
const statuses = (r: ConnectionTestReport) => r.steps.map((s) => `${s.step}:${s.status}`);

function expectNoSecret(report: ConnectionTestReport, tenants: FakeTenant[]): void {
  const text = JSON.stringify(report);
  for (const t of tenants) {
    for (const secret of [t.clientSecret, t.refreshToken, t.apiAccessToken, ...t.tokens().map((x) => x.token)])
      expect(text).not.toContain(secret);
  }
  expect(text).not.toContain(WRONG_SECRET);
  expect(text).not.toContain(WRONG_TOKEN);
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

let plain: FakeTenant;
let secure: FakeTenant;
beforeAll(async () => {
  [plain, secure] = await Promise.all([startFakeTenant(), startFakeTenant({ tls: true })]);
});
afterAll(async () => {
  await Promise.all([plain.stop(), secure.stop()]);
});

describe('a healthy tenant', () => {
  it('passes every step over http, with the TCP label and a latency', async () => {
    const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth: oauth(plain) });
    expect(r.ok).toBe(true);
    expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:ok', 'api:ok']);
    expect(r.steps[0]!.label).toMatch(/not needed: 127\.0\.0\.1 is an IP address/);
    expect(r.steps[1]!.label).toBe('TCP connection (no TLS: http)');
    expect(r.latencyMs).toBe(r.steps[3]!.ms);
    expect(plain.requests().some((q) => q.path === '/ai/api/v1/config/llm' && q.query === '?limit=1')).toBe(true);
  });

  it('passes every step over TLS with the CA, by host name (DNS looked up)', async () => {
    const r = await testTenantConnection({
      baseUrl: secure.baseUrl.replace('127.0.0.1', 'localhost'),
      auth: oauth(secure),
      caPem: secure.caPem,
    });
    expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:ok', 'api:ok']);
    expect(r.steps[0]!.label).toBe('DNS lookup of localhost');
    expect(r.steps[1]!.label).toMatch(/^TLS handshake with localhost:\d+$/);
    expect(r.ok).toBe(true);
  });

  it('uses the profile client when given, and leaves it open', async () => {
    const client = createAlationClient({ baseUrl: plain.baseUrl, auth: oauth(plain) });
    try {
      const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth: oauth(plain), client });
      expect(r.ok).toBe(true);
      await expect(client.listCredentials()).resolves.toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('passes after a 429 on the API call (retried after Retry-After)', async () => {
    plain.setFaults([{ kind: '429', path: '/ai/api/v1/config/llm', method: 'GET', times: 1, retryAfter: 1 }]);
    const delays: number[] = [];
    try {
      const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth: oauth(plain), sleep: async (ms) => void delays.push(ms) });
      expect(r.ok).toBe(true);
      expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:ok', 'api:ok']);
      expect(delays).toEqual([1000]);
    } finally {
      plain.clearFaults();
    }
  });
});

describe('a failing step is named and the rest are skipped', () => {
  it('wrong client secret: auth failed (unauthorized), api skipped', async () => {
    const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth: oauth(plain, WRONG_SECRET) });
    expect(r.ok).toBe(false);
    expect(r.latencyMs).toBeUndefined();
    expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:failed', 'api:skipped']);
    expect(r.steps[2]!.error).toMatchObject({ code: 'unauthorized', message: expect.stringMatching(/client id or client secret/) });
    expectNoSecret(r, [plain]);
  });

  it('wrong API access token: the API step fails with unauthorized', async () => {
    const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth: { method: 'apiToken', token: WRONG_TOKEN } });
    expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:ok', 'api:failed']);
    expect(r.steps[3]!.error?.code).toBe('unauthorized');
    expect(r.steps[3]!.error?.message).toMatch(/may accept only OAuth tokens/);
    expectNoSecret(r, [plain]);
  });

  it('nothing listening: the TCP step fails with a network error', async () => {
    const port = await freePort();
    const r = await testTenantConnection({ baseUrl: `http://127.0.0.1:${port}`, auth: oauth(plain) });
    expect(statuses(r)).toEqual(['dns:ok', 'tls:failed', 'auth:skipped', 'api:skipped']);
    expect(r.steps[1]!.label).toBe('TCP connection (no TLS: http)');
    expect(r.steps[1]!.error).toMatchObject({ code: 'network', message: expect.stringMatching(/Nothing accepts connections/) });
    expectNoSecret(r, [plain]);
  });

  it('self-signed without the CA: the TLS step fails with code tls', async () => {
    secure.clearRequests();
    const r = await testTenantConnection({ baseUrl: secure.baseUrl, auth: oauth(secure) });
    expect(statuses(r)).toEqual(['dns:ok', 'tls:failed', 'auth:skipped', 'api:skipped']);
    expect(r.steps[1]!.error).toMatchObject({
      code: 'tls',
      message: expect.stringMatching(/add that CA certificate \(PEM\) to this profile/),
    });
    expect(secure.requests()).toEqual([]);
    expectNoSecret(r, [secure]);
  });

  it('unknown host: the DNS step fails with a network error', async () => {
    const lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND acme.invalid'), { code: 'ENOTFOUND' });
    };
    const r = await testTenantConnection({ baseUrl: 'https://acme.invalid', auth: oauth(plain), lookup });
    expect(statuses(r)).toEqual(['dns:failed', 'tls:skipped', 'auth:skipped', 'api:skipped']);
    expect(r.steps[0]!.error).toMatchObject({ code: 'network', message: expect.stringMatching(/could not be found \(DNS\)/) });
  });

  it('an AI API that answers HTML: the API step fails with bad_response', async () => {
    plain.setFaults([{ kind: 'html', status: 404, path: '/ai/api/v1/config/llm' }]);
    try {
      const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth: oauth(plain) });
      expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:ok', 'api:failed']);
      expect(r.steps[3]!.error?.code).toBe('bad_response');
    } finally {
      plain.clearFaults();
    }
  });
});

describe('browser sign-in and pasted Bearer tokens', () => {
  const tokenCalls = (t: FakeTenant) => t.requests().filter((q) => q.path.startsWith('/oauth/')).length;
  const signIn = async (t: FakeTenant): Promise<TenantAuth> => {
    const { clientId } = t.registerOAuthApp({ redirectUris: [LOOPBACK] });
    const tokens = await userTokens(t, clientId);
    return { method: 'browser', clientId, refreshToken: tokens.refresh_token };
  };

  it('a browser profile not signed in yet: the sign-in step says "press Sign in", and nothing is asked of the tenant', async () => {
    plain.clearRequests();
    const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth: { method: 'browser', clientId: 'byom-desk', refreshToken: '' } });
    expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:failed', 'api:skipped']);
    expect(r.steps[2]!.error).toEqual({ code: 'sign_in_required', message: 'Not signed in: press Sign in.', details: { signedIn: false } });
    expect(plain.requests()).toEqual([]);
  });

  it('a signed-in browser profile renews its access token in the sign-in step, then reaches the AI API', async () => {
    const auth = await signIn(plain);
    const before = tokenCalls(plain);
    const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth });
    expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:ok', 'api:ok']);
    expect(r.steps[2]!.label).toMatch(/^Browser sign-in/);
    expect(tokenCalls(plain) - before).toBe(1);
    expectNoSecret(r, [plain]);
  });

  it('a revoked sign-in: the sign-in step says "Sign in again"', async () => {
    const auth = await signIn(plain);
    plain.revokeRefreshTokens();
    const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth });
    expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:failed', 'api:skipped']);
    expect(r.steps[2]!.error).toMatchObject({
      code: 'sign_in_required',
      message: expect.stringMatching(/expired or was revoked\. Sign in again\.$/),
    });
    expectNoSecret(r, [plain]);
  });

  it('a pasted Bearer token: the sign-in step reports when it expires', async () => {
    const token = plain.issueAccessToken(7200);
    const exp = plain.tokens().find((x) => x.token === token)!.expiresAt;
    const r = await testTenantConnection({ baseUrl: plain.baseUrl, auth: { method: 'bearer', token } });
    expect(statuses(r)).toEqual(['dns:ok', 'tls:ok', 'auth:ok', 'api:ok']);
    const utc = `${new Date(Math.ceil(exp / 1000) * 1000).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(r.steps[2]!.label).toBe(`Bearer token (pasted; the API call checks it): expires ${utc}`);
    expectNoSecret(r, [plain]);
  });
});

describe('cancelling', () => {
  it('rejects with cancelled', async () => {
    const controller = new AbortController();
    plain.setLatency({ latencyMs: 2000 });
    try {
      plain.clearRequests();
      const run = testTenantConnection({ baseUrl: plain.baseUrl, auth: oauth(plain), signal: controller.signal });
      // Cancel once the sign-in request is at the (slow) tenant.
      await vi.waitFor(() => expect(plain.requests().length).toBeGreaterThan(0));
      controller.abort();
      const e = await run.catch((x: unknown) => x);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('cancelled');
    } finally {
      plain.setLatency({ latencyMs: 0 });
    }
  });
});
