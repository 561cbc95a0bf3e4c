// Browser sign-in against the fake tenant, over real HTTP and the real keychain: discovery and its
// fallback, PKCE and state, the loopback listener (127.0.0.1 only, one request, then closed), the
// timeout and Cancel, the refresh token in the keychain and rotated, and "Sign in again" once the
// tenant revokes it. The "browser" is an HTTP client that loads the consent page and presses a button.
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Services } from '../../src-main/services';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { s256 } from '../../src-main/signin/pkce';
import { startBrowserSignIn } from '../../src-main/signin/browser-signin';
import type { SignInFinished } from '../../src-shared/signin';
import { redirectUriFor, type TenantProfileView } from '../../src-shared/tenant-profile';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { memoryLogger } from '../support/memory-logger';
import { addApiTokenProfile, startServices, type TestServices } from '../support/node-services';

const secrets = createKeyringSecretStore(`BYOM Desk sign-in test ${randomUUID()}`);
const fakes: FakeTenant[] = [];
const running: Services[] = [];
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

async function fake(options: Parameters<typeof startFakeTenant>[0] = {}): Promise<FakeTenant> {
  const tenant = await startFakeTenant({ builtInConfigs: false, ...options });
  fakes.push(tenant);
  return tenant;
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts TCP connections at host:port now. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * The person's browser: loads the authorization URL, finds the consent form, presses `decision`, and
 * follows the redirect to the app's loopback listener. Answers the listener's page.
 */
async function browser(authorizationUrl: string, decision: 'allow' | 'deny'): Promise<{ location: string; status: number; page: string }> {
  const consent = await fetch(authorizationUrl, { redirect: 'manual' });
  const html = await consent.text();
  expect(consent.status, html).toBe(200);
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  expect(html).toMatch(/>Allow</);
  const posted = await fetch(new URL(action!, authorizationUrl), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId!, decision }).toString(),
  });
  const location = posted.headers.get('location')!;
  const callback = await fetch(location, { redirect: 'manual' });
  return { location, status: callback.status, page: await callback.text() };
}

interface Harness extends TestServices {
  finished: SignInFinished[];
  /** Resolves with the next `signin.finished` of this operation. */
  outcome(operationId: string): Promise<SignInFinished>;
}

function services(): Harness {
  const started = startServices(secrets);
  running.push(started.services);
  const finished: SignInFinished[] = [];
  const waiting = new Map<string, (event: SignInFinished) => void>();
  started.events.subscribe((name, payload) => {
    if (name !== 'signin.finished') return;
    const event = payload as SignInFinished;
    finished.push(event);
    waiting.get(event.operationId)?.(event);
  });
  return {
    ...started,
    finished,
    outcome: (operationId) =>
      new Promise((resolve) => {
        const seen = finished.find((e) => e.operationId === operationId);
        if (seen) resolve(seen);
        else waiting.set(operationId, resolve);
      }),
  };
}

async function browserProfile(
  h: Harness,
  tenant: FakeTenant,
  port: number,
  app: { clientId: string; clientSecret?: string },
  name = 'Acme',
): Promise<TenantProfileView> {
  return h.handlers.createTenantProfile({
    name,
    baseUrl: tenant.baseUrl,
    environment: { label: 'staging', color: '#bf8700' },
    auth: {
      method: 'browser',
      clientId: app.clientId,
      redirectPort: port,
      confidential: app.clientSecret !== undefined,
      clientSecret: app.clientSecret,
    },
  });
}

/** One whole sign-in through the services: start, the browser answers, the outcome. */
async function signIn(h: Harness, id: string, decision: 'allow' | 'deny' = 'allow') {
  const operationId = randomUUID();
  const started = await h.handlers.startBrowserSignIn({ id, operationId });
  const visit = await browser(started.authorizationUrl, decision);
  return { started, visit, outcome: await h.outcome(operationId) };
}

const tokenRequests = (t: FakeTenant, grant: string) =>
  t.requests().filter((r) => r.path === '/oauth/v1/token/' && (r.body as Record<string, string> | undefined)?.grant_type === grant);
const refreshAccount = (id: string) => `profile/${id}/oauthRefreshToken`;
const activeRefreshTokens = (t: FakeTenant) =>
  t
    .tokens()
    .filter((x) => x.kind === 'refresh' && x.status === 'active')
    .map((x) => x.token);

describe('browser sign-in', () => {
  it(
    'signs in with discovery, PKCE and state; keeps the refresh token in ' +
      'the keychain, rotates it, and asks to sign in again once revoked',
    async () => {
      const tenant = await fake();
      const other = await fake();
      const port = await freePort();
      const app = tenant.registerOAuthApp({ redirectUris: [redirectUriFor(port)] });
      const h = services();
      const profile = await browserProfile(h, tenant, port, app);
      expect(profile).toMatchObject({
        auth: { method: 'browser', clientId: app.clientId, redirectPort: port, signInRequired: false },
        secret: { state: 'missing' },
      });
      // Not signed in yet: a test says so, by the typed code.
      await expect(h.handlers.testTenantConnection({ id: profile.id })).rejects.toMatchObject({
        code: 'sign_in_required',
        message: expect.stringMatching(/Press Sign in/),
      });

      const operationId = randomUUID();
      const started = await h.handlers.startBrowserSignIn({ id: profile.id, operationId });
      expect(started.openedByMain).toBe(false);
      const url = new URL(started.authorizationUrl);
      expect(`${url.origin}${url.pathname}`).toBe(`${tenant.baseUrl}/oauth/v1/authorize/`);
      const params = Object.fromEntries(url.searchParams);
      expect(params).toMatchObject({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: redirectUriFor(port),
        code_challenge_method: 'S256',
      });
      expect(params.state).toMatch(/^[\w-]{20,}$/);
      expect(tenant.requests().map((r) => r.path)).toContain('/.well-known/oauth-authorization-server');
      // Listening on 127.0.0.1 only, while the browser is out.
      expect(await accepts('127.0.0.1', port)).toBe(true);
      expect(await accepts('::1', port)).toBe(false);
      const lan = Object.values(networkInterfaces())
        .flat()
        .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
      if (lan) expect(await accepts(lan, port)).toBe(false);

      const visit = await browser(started.authorizationUrl, 'allow');
      expect(visit.location.startsWith(`${redirectUriFor(port)}?`)).toBe(true);
      expect(visit.status).toBe(200);
      expect(visit.page).toContain('You can close this tab');
      expect(await h.outcome(operationId)).toEqual({ tenantId: profile.id, operationId, outcome: 'signed-in' });
      // One request answered, then closed.
      expect(await accepts('127.0.0.1', port)).toBe(false);

      // PKCE: the verifier sent with the code is the one whose S256 the authorization URL carried.
      const [exchange] = tokenRequests(tenant, 'authorization_code');
      const body = exchange!.body as Record<string, string>;
      expect(body).toMatchObject({ client_id: app.clientId, redirect_uri: redirectUriFor(port) });
      expect(s256(body.code_verifier!)).toBe(params.code_challenge);
      expect(body).not.toHaveProperty('client_secret');

      // The refresh token is in the real keychain, and only there; the page's answers never carry it.
      const stored = await secrets.get(refreshAccount(profile.id));
      expect(activeRefreshTokens(tenant)).toEqual([stored]);
      const listed = await h.handlers.listTenantProfiles(undefined);
      expect(listed.profiles[0]).toMatchObject({ secret: { state: 'stored' }, auth: { signInRequired: false } });
      expect(JSON.stringify([listed, started, h.finished])).not.toContain(stored!);

      // The sign-in's access token serves the first calls: no renewal.
      expect((await h.handlers.testTenantConnection({ id: profile.id })).ok).toBe(true);
      expect(tokenRequests(tenant, 'refresh_token')).toHaveLength(0);

      // Expired access token: renewed with the refresh token, which the tenant rotates; the keychain follows.
      expect(tenant.expireUserAccessTokens()).toBeGreaterThan(0);
      expect((await h.handlers.testTenantConnection({ id: profile.id })).ok).toBe(true);
      expect(tokenRequests(tenant, 'refresh_token')).toHaveLength(1);
      const rotated = await secrets.get(refreshAccount(profile.id));
      expect(rotated).not.toBe(stored);
      expect(activeRefreshTokens(tenant)).toEqual([rotated]);

      // Revoked: every call on this tenant says sign in again, by code; a job on two tenants fails this one alone.
      const otherProfile = await addApiTokenProfile(h.handlers, 'Other', other);
      tenant.revokeRefreshTokens();
      tenant.expireUserAccessTokens();
      const job = await h.handlers.startConnectionTests({ tenantIds: [profile.id, otherProfile.id] });
      const done = await new Promise<(typeof h.seen.jobs)[number]>((resolve) => {
        const check = () => h.seen.jobs.find((j) => j.id === job.id && j.status !== 'running');
        const found = check();
        if (found) return resolve(found);
        const stop = h.events.subscribe((name) => {
          const end = name === 'job.updated' ? check() : undefined;
          if (end) {
            stop();
            resolve(end);
          }
        });
      });
      expect(done.tenants[otherProfile.id]?.status).toBe('ok');
      expect(done.tenants[profile.id]).toMatchObject({ status: 'failed', error: { code: 'sign_in_required' } });
      expect((await h.handlers.listTenantProfiles(undefined)).profiles.find((p) => p.id === profile.id)?.auth).toMatchObject({
        signInRequired: true,
      });

      // One more sign-in, and the tenant works again.
      const again = await signIn(h, profile.id);
      expect(again.outcome.outcome).toBe('signed-in');
      expect((await h.handlers.listTenantProfiles(undefined)).profiles.find((p) => p.id === profile.id)?.auth).toMatchObject({
        signInRequired: false,
      });
      expect((await h.handlers.testTenantConnection({ id: profile.id })).ok).toBe(true);
      expect(await secrets.get(refreshAccount(profile.id))).toBe(activeRefreshTokens(tenant)[0]);
    },
  );

  it('falls back to the documented endpoints when the tenant has no discovery document', async () => {
    const tenant = await fake({ discovery: false });
    const port = await freePort();
    const app = tenant.registerOAuthApp({ redirectUris: [redirectUriFor(port)] });
    const h = services();
    const profile = await browserProfile(h, tenant, port, app);
    const { started, outcome } = await signIn(h, profile.id);
    expect(new URL(started.authorizationUrl).pathname).toBe('/oauth/v1/authorize/');
    expect(outcome.outcome).toBe('signed-in');
    expect(tokenRequests(tenant, 'authorization_code')).toHaveLength(1);
    expect((await h.handlers.testTenantConnection({ id: profile.id })).ok).toBe(true);
  });

  it('signs in a confidential client with its secret, kept in a keychain entry of its own', async () => {
    const tenant = await fake();
    const port = await freePort();
    const app = tenant.registerOAuthApp({ confidential: true, redirectUris: [redirectUriFor(port)] });
    const h = services();
    const profile = await browserProfile(h, tenant, port, app);
    expect(await secrets.get(`profile/${profile.id}/browserClientSecret`)).toBe(app.clientSecret);
    expect((await signIn(h, profile.id)).outcome.outcome).toBe('signed-in');
    expect(tokenRequests(tenant, 'authorization_code')[0]!.body).toMatchObject({ client_secret: app.clientSecret });
    tenant.expireUserAccessTokens();
    expect((await h.handlers.testTenantConnection({ id: profile.id })).ok).toBe(true);
    expect(tokenRequests(tenant, 'refresh_token')[0]!.body).toMatchObject({ client_secret: app.clientSecret });
  });

  it('says plainly when the sign-in was denied, and stores nothing', async () => {
    const tenant = await fake();
    const port = await freePort();
    const app = tenant.registerOAuthApp({ redirectUris: [redirectUriFor(port)] });
    const h = services();
    const profile = await browserProfile(h, tenant, port, app);
    const { visit, outcome } = await signIn(h, profile.id, 'deny');
    expect(visit.page).toContain('Sign-in denied');
    expect(outcome).toMatchObject({
      outcome: 'failed',
      error: { code: 'unauthorized', message: expect.stringMatching(/sign-in was denied/) },
    });
    expect(await secrets.get(refreshAccount(profile.id))).toBeNull();
    expect(tokenRequests(tenant, 'authorization_code')).toHaveLength(0);
  });

  it('refuses a callback whose state is not the sign-in’s, then closes', async () => {
    const tenant = await fake();
    const port = await freePort();
    const app = tenant.registerOAuthApp({ redirectUris: [redirectUriFor(port)] });
    const h = services();
    const profile = await browserProfile(h, tenant, port, app);
    const operationId = randomUUID();
    await h.handlers.startBrowserSignIn({ id: profile.id, operationId });
    const forged = await fetch(`${redirectUriFor(port)}?code=stolen-code&state=not-the-state`);
    expect(forged.status).toBe(400);
    expect(await h.outcome(operationId)).toMatchObject({
      outcome: 'failed',
      error: { code: 'bad_response', message: expect.stringMatching(/state does not match/) },
    });
    expect(await accepts('127.0.0.1', port)).toBe(false);
    expect(tokenRequests(tenant, 'authorization_code')).toHaveLength(0);
  });

  it('ends on Cancel and frees the port; a port already taken is named with the fix', async () => {
    const tenant = await fake();
    const port = await freePort();
    const app = tenant.registerOAuthApp({ redirectUris: [redirectUriFor(port)] });
    const h = services();
    const profile = await browserProfile(h, tenant, port, app);
    const operationId = randomUUID();
    await h.handlers.startBrowserSignIn({ id: profile.id, operationId });
    expect(await h.handlers.cancelBrowserSignIn({ operationId })).toEqual({ cancelled: true });
    expect(await h.outcome(operationId)).toEqual({ tenantId: profile.id, operationId, outcome: 'cancelled' });
    expect(await accepts('127.0.0.1', port)).toBe(false);

    const squatter = createHttpServer();
    servers.push(squatter);
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    await expect(h.handlers.startBrowserSignIn({ id: profile.id, operationId: randomUUID() })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(new RegExp(`Port ${port} .*already in use.*choose another redirect port`)),
      details: { fields: [{ path: 'auth.redirectPort' }] },
    });
  });

  it('gives up after its timeout and closes the listener', async () => {
    const tenant = await fake();
    const port = await freePort();
    const started = await startBrowserSignIn({
      baseUrl: tenant.baseUrl,
      clientId: 'any',
      redirectPort: port,
      timeoutMs: 50,
      log: memoryLogger(),
    });
    await expect(started.tokens).rejects.toMatchObject({ code: 'timeout', message: expect.stringMatching(/No sign-in came back/) });
    expect(await accepts('127.0.0.1', port)).toBe(false);
  });

  it('refuses a discovery document that sends sign-in to another site, and reads past one that is not JSON', async () => {
    let answer = { status: 200, type: 'application/json', body: '' };
    const server = createHttpServer((_req, res) => res.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const port = await freePort();
    const start = () => startBrowserSignIn({ baseUrl, clientId: 'any', redirectPort: port, log: memoryLogger() });

    answer = {
      ...answer,
      body: JSON.stringify({ authorization_endpoint: 'https://evil.example/authorize', token_endpoint: `${baseUrl}/oauth/v1/token/` }),
    };
    await expect(start()).rejects.toMatchObject({
      code: 'bad_response',
      message: expect.stringMatching(/https:\/\/evil\.example, not to the tenant/),
    });
    // Refused before anything listened.
    expect(await accepts('127.0.0.1', port)).toBe(false);

    answer = { status: 200, type: 'text/html', body: '<html>a login page</html>' };
    const fellBack = await start();
    expect(new URL(fellBack.authorizationUrl).pathname).toBe('/oauth/v1/authorize/');
    await fellBack.cancel();
    await expect(fellBack.tokens).rejects.toMatchObject({ code: 'cancelled' });
  });
});
