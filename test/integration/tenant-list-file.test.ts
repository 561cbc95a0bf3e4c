// The tenant list file through the contract, with the real keychain and data folder: an export of
// tenants of every sign-in method holds none of their secrets (canaries, searched everywhere the app
// answered or wrote); an import into another data folder adds them all needing their secrets; an
// update keeps the stored secrets of a tenant whose method stays; a file from before a change is refused.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { TenantListFile } from '../../src-shared/tenant-list-file';
import type { TenantProfileInput } from '../../src-shared/tenant-profile';
import { Canaries, filesUnder, leaksIn } from '../support/canaries';
import { startRecordedApp, type RecordedApp } from '../support/recorded-app';
import { testCaPem } from '../support/test-ca';

const keychainService = `BYOM Desk tenant list test ${randomUUID()}`;
const apps: RecordedApp[] = [];

beforeAll(() => {
  process.env.BYOM_DESK_KEYCHAIN_SERVICE = keychainService;
});
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.quit()));
});
afterAll(async () => {
  const store = createKeyringSecretStore(keychainService);
  for (const account of await store.listAccounts()) await store.delete(account);
  delete process.env.BYOM_DESK_KEYCHAIN_SERVICE;
});

function open(): RecordedApp {
  const app = startRecordedApp(mkdtempSync(join(tmpdir(), 'byom-tenant-list-')));
  apps.push(app);
  return app;
}

const staging = { environment: { label: 'staging', color: '#bf8700' } };

/** A tenant of each sign-in method, every secret a canary; the browser one signed in (its refresh token stored). */
async function tenantsOfEveryMethod(app: RecordedApp, canaries: Canaries) {
  const jwt = canaries.make('tenant.bearer-jwt', (core) => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${part({ alg: 'HS256' })}.${part({ exp: 4_102_444_800 })}.sig${core}`;
  });
  const inputs: TenantProfileInput[] = [
    {
      ...staging,
      name: 'OAuth',
      baseUrl: 'https://oauth.example.com',
      labels: ['eu'],
      auth: { method: 'oauth', clientId: 'oauth-client', clientSecret: canaries.make('tenant.oauth-client-secret') },
    },
    {
      ...staging,
      name: 'Browser',
      baseUrl: 'https://browser.example.com/app/studio',
      auth: {
        method: 'browser',
        clientId: 'browser-app',
        redirectPort: 47613,
        confidential: true,
        clientSecret: canaries.make('tenant.browser-client-secret'),
      },
    },
    { ...staging, name: 'Bearer', baseUrl: 'https://bearer.example.com', auth: { method: 'bearer', bearerToken: `Bearer ${jwt}` } },
    {
      ...staging,
      name: 'API token',
      baseUrl: 'https://api.example.com',
      caPem: testCaPem,
      auth: { method: 'apiToken', apiToken: canaries.make('tenant.api-access-token') },
    },
    {
      ...staging,
      name: 'Refresh',
      baseUrl: 'https://refresh.example.com',
      auth: { method: 'refreshToken', userId: '42', refreshToken: canaries.make('tenant.refresh-token') },
    },
  ];
  const ids: string[] = [];
  for (const input of inputs) ids.push((await app.call('createTenantProfile', input)).id);
  await app.node.secrets.set(`profile/${ids[1]}/oauthRefreshToken`, canaries.make('tenant.browser-refresh-token'));
  return ids;
}

describe('the tenant list file', () => {
  it('exports every method’s settings and CA, and none of their secrets or tokens', async () => {
    const canaries = new Canaries();
    const app = open();
    await tenantsOfEveryMethod(app, canaries);
    const exported = await app.call('exportTenantList');
    expect(exported.tenants).toBe(5);
    const file = JSON.parse(exported.text) as TenantListFile;
    expect(file).toMatchObject({ kind: 'byom-desk-tenant-list', version: 1 });
    expect(file.tenants.map((t) => [t.name, t.baseUrl, t.auth])).toEqual([
      ['OAuth', 'https://oauth.example.com', { method: 'oauth', clientId: 'oauth-client' }],
      ['Browser', 'https://browser.example.com', { method: 'browser', clientId: 'browser-app', redirectPort: 47613, confidential: true }],
      ['Bearer', 'https://bearer.example.com', { method: 'bearer' }],
      ['API token', 'https://api.example.com', { method: 'apiToken' }],
      ['Refresh', 'https://refresh.example.com', { method: 'refreshToken', userId: '42' }],
    ]);
    expect(file.tenants[0]).toMatchObject({ environment: staging.environment, labels: ['eu'], caPem: null });
    expect(file.tenants[3]!.caPem).toBe(testCaPem.trim() + '\n');
    await app.quit();
    const haystacks = [{ where: 'the exported file', text: exported.text }, ...app.answers, ...app.events, ...filesUnder(app.dataDir)];
    expect(leaksIn(haystacks, canaries.all())).toEqual([]);
  });

  it('imports into another data folder after a preview: each tenant added, none with a secret, each needing one', async () => {
    const canaries = new Canaries();
    const source = open();
    await tenantsOfEveryMethod(source, canaries);
    const { text } = await source.call('exportTenantList');

    const target = open();
    const preview = await target.call('previewTenantListImport', { text });
    expect(preview.basis).toEqual([]);
    expect(preview.tenants.map((t) => [t.name, t.action, t.secret])).toEqual([
      ['OAuth', 'add', { state: 'needed', needs: ['client secret'] }],
      ['Browser', 'add', { state: 'needed', needs: ['client secret', 'sign-in'] }],
      ['Bearer', 'add', { state: 'needed', needs: ['Bearer token'] }],
      ['API token', 'add', { state: 'needed', needs: ['API access token'] }],
      ['Refresh', 'add', { state: 'needed', needs: ['refresh token'] }],
    ]);
    // A preview saves nothing.
    expect((await target.call('listTenantProfiles')).profiles).toEqual([]);

    const imported = await target.call('importTenantList', { text, basis: preview.basis });
    expect([imported.added, imported.updated, imported.unchanged]).toEqual([5, 0, 0]);
    expect(imported.profiles.map((p) => [p.name, p.secret.state])).toEqual([
      ['OAuth', 'missing'],
      ['Browser', 'missing'],
      ['Bearer', 'missing'],
      ['API token', 'missing'],
      ['Refresh', 'missing'],
    ]);
    expect(imported.profiles[3]!.caCertificate?.subject).toBe('CN=BYOM Desk Test CA');
    const ids = new Set(imported.profiles.map((p) => p.id));
    const accounts = await target.node.secrets.listAccounts('profile/');
    expect(accounts.filter((a) => ids.has(a.split('/')[1]!))).toEqual([]);
    // The same file again: every tenant is there, nothing to change.
    const again = await target.call('previewTenantListImport', { text });
    expect(again.tenants.map((t) => t.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    await Promise.all([source.quit(), target.quit()]);
    const haystacks = [...target.answers, ...target.events, ...filesUnder(target.dataDir)];
    expect(leaksIn(haystacks, canaries.all())).toEqual([]);
  });

  it('an update keeps the stored secrets of a tenant whose method stays; a new method or client leaves them', async () => {
    const canaries = new Canaries();
    const app = open();
    const [oauthId, browserId, , apiId] = await tenantsOfEveryMethod(app, canaries);
    const secretOf = (id: string, name: string) => app.node.secrets.get(`profile/${id}/${name}`);
    const kept = await secretOf(oauthId!, 'clientSecret');
    const file = JSON.parse((await app.call('exportTenantList')).text) as TenantListFile;
    const [oauth, browser, bearer, api, refresh] = file.tenants;
    const edited = {
      ...file,
      tenants: [
        { ...oauth!, name: 'OAuth EU', labels: ['eu', 'prod'] },
        { ...browser!, auth: { ...browser!.auth, clientId: 'another-app' } },
        bearer,
        { ...api!, auth: { method: 'oauth', clientId: 'now-oauth' } },
        refresh,
      ],
    };
    const text = JSON.stringify(edited);
    const preview = await app.call('previewTenantListImport', { text });
    expect(preview.tenants.map((t) => [t.name, t.action, t.secret.state])).toEqual([
      ['OAuth EU', 'update', 'kept'],
      ['Browser', 'update', 'needed'],
      ['Bearer', 'unchanged', 'kept'],
      ['API token', 'update', 'needed'],
      ['Refresh', 'unchanged', 'kept'],
    ]);
    expect(preview.tenants[1]!.changes).toEqual([{ field: 'Client ID', from: 'browser-app', to: 'another-app' }]);

    const imported = await app.call('importTenantList', { text, basis: preview.basis });
    expect([imported.added, imported.updated, imported.unchanged]).toEqual([0, 3, 2]);
    expect(await secretOf(oauthId!, 'clientSecret')).toBe(kept);
    // A sign-in belongs to its client: another client ID needs a new one. The client secret stays with the confidential client.
    expect(await secretOf(browserId!, 'oauthRefreshToken')).toBeNull();
    expect(await secretOf(browserId!, 'browserClientSecret')).not.toBeNull();
    // The API token is no use to an OAuth client: it went, and the client secret is asked for.
    expect(await secretOf(apiId!, 'apiToken')).toBeNull();
    const byName = new Map(imported.profiles.map((p) => [p.name, p]));
    expect(byName.get('OAuth EU')).toMatchObject({ id: oauthId, labels: ['eu', 'prod'], secret: { state: 'stored' }, revision: 2 });
    expect(byName.get('API token')).toMatchObject({ auth: { method: 'oauth', clientId: 'now-oauth' }, secret: { state: 'missing' } });
    expect(byName.get('Browser')).toMatchObject({ secret: { state: 'missing' } });
    expect(byName.get('Refresh')).toMatchObject({ secret: { state: 'stored' }, revision: 1 });
  });

  it('refuses an import when a tenant changed since the preview, and saves nothing', async () => {
    const canaries = new Canaries();
    const app = open();
    const [oauthId] = await tenantsOfEveryMethod(app, canaries);
    const { text } = await app.call('exportTenantList');
    const renamed = text.replace('"name": "OAuth"', '"name": "OAuth renamed"');
    const preview = await app.call('previewTenantListImport', { text: renamed });
    await app.call('updateTenantProfile', {
      id: oauthId!,
      profile: {
        ...staging,
        name: 'OAuth',
        baseUrl: 'https://oauth.example.com',
        labels: ['moved'],
        auth: { method: 'oauth', clientId: 'oauth-client' },
      },
    });
    const before = (await app.call('listTenantProfiles')).profiles;
    expect(await app.attempt('importTenantList', { text: renamed, basis: preview.basis })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/^The tenants changed since the preview/) },
    });
    expect((await app.call('listTenantProfiles')).profiles).toEqual(before);
  });

  it('refuses, through the contract, a file that names one address twice, naming the address', async () => {
    const app = open();
    const tenant = { ...staging, labels: [], auth: { method: 'apiToken' }, caPem: null };
    const text = JSON.stringify({
      kind: 'byom-desk-tenant-list',
      version: 1,
      exportedAt: new Date().toISOString(),
      tenants: [
        { ...tenant, name: 'One', baseUrl: 'https://same.example.com' },
        { ...tenant, name: 'Two', baseUrl: 'same.example.com/app' },
      ],
    });
    for (const [channel, input] of [
      ['previewTenantListImport', { text }],
      ['importTenantList', { text, basis: [] }],
    ] as const) {
      expect(await app.attempt(channel, input), channel).toMatchObject({
        ok: false,
        error: { code: 'validation', message: expect.stringContaining('The file holds https://same.example.com twice (“One” and “Two”)') },
      });
    }
    expect((await app.call('listTenantProfiles')).profiles).toEqual([]);
  });
});
