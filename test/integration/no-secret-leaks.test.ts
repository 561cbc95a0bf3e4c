// A canary per tenant secret of all five sign-in methods (an OAuth client secret, a browser
// sign-in's confidential client secret and the refresh and access tokens the tenant issues, a pasted
// Bearer token, an API access token, a refresh token), through every tenant operation, the failing
// ones too; then a search of the data folder (every file, recursively), the log, every IPC answer
// and every event for any of them, and for any token a tenant issued. The provider secrets have
// their own files (no-secret-leaks-providers, -operations, -crash); this one also shows that the
// search finds a leak planted on purpose in each place it reads.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SignInFinished } from '../../src-shared/signin';
import { redirectUriFor, type TenantProfileInput } from '../../src-shared/tenant-profile';
import { startFakeTenant, type FakeTenant, type FakeTenantOptions } from '../fake-tenant/server';
import { Canaries, filesUnder, leaksIn } from '../support/canaries';
import { leakTestLifecycle, startRecordedApp, type RecordedApp } from '../support/recorded-app';

const { fakes, apps } = leakTestLifecycle('leak test');

async function fake(options: FakeTenantOptions = {}): Promise<FakeTenant> {
  const tenant = await startFakeTenant({ builtInConfigs: false, ...options });
  fakes.push(tenant);
  return tenant;
}

function open(): RecordedApp {
  const app = startRecordedApp(mkdtempSync(join(tmpdir(), 'byom-leaks-')));
  apps.push(app);
  return app;
}

/**
 * A port for a sign-in's loopback listener, which the app binds while the browser is out. Chosen
 * below the ephemeral range (32768 and up), so no other test's `listen(0)` can take it between this
 * check and the app's bind; one that is in use now is skipped.
 */
async function signInPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) continue;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }
}

const staging = { environment: { label: 'staging', color: '#bf8700' } };

/** A whole browser sign-in: started through the contract, Allow on the tenant's consent page, back to the app's listener. */
async function signIn(app: RecordedApp, tenant: FakeTenant, id: string): Promise<SignInFinished> {
  const operationId = randomUUID();
  const started = await app.call('startBrowserSignIn', { id, operationId });
  const consent = await tenant.answerConsent(started.authorizationUrl, 'allow');
  expect(consent.location).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
  expect((await fetch(consent.location!)).status).toBe(200);
  const finished = () => app.events.filter((e) => e.where.endsWith('(signin.finished)')).map((e) => JSON.parse(e.text) as SignInFinished);
  await expect.poll(() => finished().find((e) => e.operationId === operationId)).toBeDefined();
  return finished().find((e) => e.operationId === operationId)!;
}

describe('no secret leaks: the five sign-in methods', () => {
  it('keeps every tenant secret and token out of files, the log, IPC answers and events, through every tenant operation', async () => {
    const canaries = new Canaries();
    const app = open();
    const oauth = await fake({ clientSecret: canaries.make('tenant.oauth-client-secret') });
    const apiToken = await fake({ apiAccessToken: canaries.make('tenant.api-access-token'), tls: true });
    const refresh = await fake({ refreshToken: canaries.make('tenant.refresh-token') });
    const bearer = await fake();
    const browser = await fake();
    const port = await signInPort();
    const browserApp = browser.registerOAuthApp({
      redirectUris: [redirectUriFor(port)],
      confidential: true,
      clientSecret: canaries.make('tenant.browser-client-secret'),
    });

    const inputs: TenantProfileInput[] = [
      {
        ...staging,
        name: 'OAuth',
        baseUrl: oauth.baseUrl,
        auth: { method: 'oauth', clientId: oauth.clientId, clientSecret: oauth.clientSecret },
      },
      {
        ...staging,
        name: 'API token',
        baseUrl: apiToken.baseUrl,
        caPem: apiToken.caPem!,
        auth: { method: 'apiToken', apiToken: apiToken.apiAccessToken },
      },
      {
        ...staging,
        name: 'Refresh',
        baseUrl: refresh.baseUrl,
        auth: { method: 'refreshToken', userId: String(refresh.userId), refreshToken: refresh.refreshToken },
      },
      {
        ...staging,
        name: 'Bearer',
        baseUrl: bearer.baseUrl,
        auth: { method: 'bearer', bearerToken: `Bearer ${bearer.issueAccessToken()}` },
      },
      {
        ...staging,
        name: 'Browser',
        baseUrl: browser.baseUrl,
        auth: {
          method: 'browser',
          clientId: browserApp.clientId,
          redirectPort: port,
          confidential: true,
          clientSecret: browserApp.clientSecret,
        },
      },
    ];
    const ids: string[] = [];
    for (const input of inputs) ids.push((await app.call('createTenantProfile', input)).id);
    const [oauthId, , refreshId, bearerId, browserId] = ids as [string, string, string, string, string];
    expect(await signIn(app, browser, browserId)).toMatchObject({ outcome: 'signed-in' });
    await app.call('listTenantProfiles');

    // Every method connects: one by one, as the edit form tests (blank secret: the stored one), and as one job.
    for (const id of ids) expect((await app.call('testTenantConnection', { id })).ok, id).toBe(true);
    for (const [i, input] of inputs.entries()) {
      const { auth } = input;
      const blank =
        auth.method === 'browser'
          ? { ...auth, clientSecret: undefined }
          : {
              method: auth.method,
              ...('clientId' in auth ? { clientId: auth.clientId } : {}),
              ...('userId' in auth ? { userId: auth.userId } : {}),
            };
      const report = await app.call('testTenantConnection', { draft: { ...input, auth: blank as TenantProfileInput['auth'] }, id: ids[i] });
      expect(report.ok, input.name).toBe(true);
    }
    const tests = await app.finished((await app.call('startConnectionTests', { tenantIds: ids })).id);
    expect(Object.values(tests.tenants).map((t) => t.status)).toEqual(ids.map(() => 'ok'));
    await app.call('listConnectionTests');
    await app.finished((await app.call('startInventoryRefresh', { tenantIds: ids })).id);
    await app.call('getInventory', { tenantIds: ids });

    // Each renewable token expires at the tenant; the app gets a new one, which must not leak either.
    const issuedBefore = [oauth, refresh, browser].map((t) => t.tokens().length);
    for (const t of oauth.tokens().filter((x) => x.kind === 'oauth' && x.status === 'active')) oauth.expireToken(t.token);
    for (const t of refresh.tokens().filter((x) => x.kind === 'api' && x.token !== refresh.apiAccessToken)) refresh.expireToken(t.token);
    expect(browser.expireUserAccessTokens()).toBeGreaterThan(0);
    for (const id of [oauthId, refreshId, browserId]) expect((await app.call('testTenantConnection', { id })).ok, id).toBe(true);
    expect([oauth, refresh, browser].map((t, i) => t.tokens().length > issuedBefore[i]!)).toEqual([true, true, true]);

    // Failing operations, each with a secret in play: each fails as it should (not with some other error).
    const [oauthInput, apiTokenInput] = inputs as [TenantProfileInput, TenantProfileInput];
    const wrong = {
      ...oauthInput,
      auth: { method: 'oauth' as const, clientId: oauth.clientId, clientSecret: canaries.make('tenant.wrong-client-secret') },
    };
    await app.call('updateTenantProfile', { id: oauthId, profile: wrong });
    const refused = await app.call('testTenantConnection', { id: oauthId });
    expect(refused.ok).toBe(false);
    expect(refused.steps.find((s) => s.status === 'failed')).toMatchObject({ step: 'auth' });
    const nothingThere = await app.call('testTenantConnection', { draft: { ...wrong, baseUrl: 'http://127.0.0.1:1' } });
    expect(nothingThere.steps.find((s) => s.status === 'failed')).toMatchObject({ step: 'tls', error: { code: 'network' } });
    const noCa = await app.call('testTenantConnection', { draft: { ...apiTokenInput, caPem: null } });
    expect(noCa.steps.find((s) => s.status === 'failed')).toMatchObject({ step: 'tls', error: { code: 'tls' } });
    const refusedInputs = [
      { ...oauthInput, name: 'Bad URL', baseUrl: 'ftp://nowhere' },
      { ...oauthInput, name: 'oauth' },
      { ...apiTokenInput, name: 'Spaces', auth: { method: 'apiToken', apiToken: `${canaries.make('tenant.spaced-token')} and more` } },
    ];
    for (const input of refusedInputs)
      expect(await app.attempt('createTenantProfile', input), input.name).toMatchObject({ ok: false, error: { code: 'validation' } });
    refresh.expireRefreshToken();
    for (const t of refresh.tokens().filter((x) => x.kind === 'api' && x.token !== refresh.apiAccessToken)) refresh.expireToken(t.token);
    expect((await app.call('testTenantConnection', { id: refreshId })).ok).toBe(false);
    browser.revokeRefreshTokens();
    browser.expireUserAccessTokens();
    const signInAgain = await app.call('testTenantConnection', { id: browserId });
    expect(signInAgain.steps.find((s) => s.status === 'failed')).toMatchObject({ error: { code: 'sign_in_required' } });
    for (const t of bearer.tokens()) bearer.expireToken(t.token);
    expect((await app.call('testTenantConnection', { id: bearerId })).ok).toBe(false);

    // The tenant list as a file: exported, previewed and imported back (one tenant renamed in it, the others as they are).
    const list = (await app.call('exportTenantList')).text.replace('"name": "OAuth"', '"name": "OAuth renamed"');
    const preview = await app.call('previewTenantListImport', { text: list });
    expect(await app.call('importTenantList', { text: list, basis: preview.basis })).toMatchObject({ added: 0, updated: 1, unchanged: 4 });

    for (const id of ids) await app.call('deleteTenantProfile', { id });
    expect(await app.attempt('deleteTenantProfile', { id: oauthId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await app.quit();

    canaries.watchTenants(fakes);
    const haystacks = [...filesUnder(app.dataDir), ...app.answers, ...app.events];
    expect(haystacks.map((h) => h.where)).toEqual(
      expect.arrayContaining([join(app.dataDir, 'logs/main.log'), join(app.dataDir, 'tenant-profiles.json')]),
    );
    expect(leaksIn(haystacks, canaries.all())).toEqual([]);
  });

  it('catches a leak planted on purpose in an IPC answer, an event, a data file and the log', async () => {
    const canaries = new Canaries();
    const tenant = await fake({ apiAccessToken: canaries.make('planted.echoed-token') });
    // PLANTED: a handler that echoes one field of its input in its answer.
    const app = startRecordedApp(mkdtempSync(join(tmpdir(), 'byom-leaks-planted-')), (dispatch) => async (channel, input, sender) => {
      const result = await dispatch(channel, input, sender);
      if (channel !== 'createTenantProfile' || !result.ok) return result;
      return { ...result, value: { ...(result.value as object), echoed: (input as { auth: { apiToken: string } }).auth.apiToken } };
    });
    apps.push(app);
    const { id } = await app.call('createTenantProfile', {
      ...staging,
      name: 'Planted',
      baseUrl: tenant.baseUrl,
      auth: { method: 'apiToken', apiToken: tenant.apiAccessToken },
    });
    // PLANTED: an event, a journal line and a log line that each carry a secret.
    const inEvent = canaries.make('planted.event-secret');
    app.node.events.emit('signin.finished', {
      tenantId: id,
      operationId: randomUUID(),
      outcome: 'failed',
      error: { code: 'network', message: `planted ${inEvent}` },
    });
    const inFile = canaries.make('planted.file-secret');
    mkdirSync(join(app.dataDir, 'operations'), { recursive: true });
    writeFileSync(
      join(app.dataDir, 'operations', 'planted.jsonl'),
      `${JSON.stringify({ note: Buffer.from(inFile).toString('base64') })}\n`,
    );
    app.node.log.warn('planted', { note: canaries.make('planted.log-secret') });
    await app.quit();

    const leaks = leaksIn([...filesUnder(app.dataDir), ...app.answers, ...app.events], canaries.all());
    const found = [
      ...new Set(
        leaks.map(
          (l) => `${l.where.replace(app.dataDir, '<data>').replace(/^(answer|event) \d+/, '$1 N')} <- ${l.label.replace(' (core)', '')}`,
        ),
      ),
    ];
    expect(found.sort()).toEqual([
      '<data>/logs/main.log <- planted.log-secret',
      '<data>/operations/planted.jsonl <- planted.file-secret',
      'answer N (createTenantProfile) <- planted.echoed-token',
      'event N (signin.finished) <- planted.event-secret',
    ]);
  });
});
