// Tenant profiles with the real keychain and the real file format.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TenantProfiles } from '../../src-main/profiles/tenant-profiles';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { SecretStore } from '../../src-main/secrets/secret-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import {
  onlyCertificateBlocks,
  tenantProfileInputSchema,
  type TenantProfileInput,
  type TenantProfileView,
} from '../../src-shared/tenant-profile';
import { lockedHome, startLockedServices } from '../support/locked-keychain';
import { memoryLogger } from '../support/memory-logger';
import { testCaPem } from '../support/test-ca';

const secrets = createKeyringSecretStore(`BYOM Desk profiles test ${randomUUID()}`);
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

function service(dataDir = mkdtempSync(join(tmpdir(), 'byom-profiles-')), store: SecretStore = secrets) {
  return { dataDir, profiles: new TenantProfiles({ files: confDocumentFiles(dataDir), secrets: store, log: memoryLogger() }) };
}

/**
 * Profiles saved on an earlier day, whose login keyring is found locked today: the real services
 * in a D-Bus session of their own with that keyring (test/support/locked-keychain.ts).
 */
async function lockedServicesWith(names: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'byom-profiles-locked-'));
  const keychainService = `BYOM Desk locked profiles ${randomUUID()}`;
  const earlier = createKeyringSecretStore(keychainService);
  const { profiles } = service(dataDir, earlier);
  const entries: Record<string, string> = {};
  for (const name of names) {
    const { id } = await profiles.create(parse(oauth(name, `secret-of-${name}-${randomUUID()}`)));
    const account = `profile/${id}/clientSecret`;
    entries[account] = (await earlier.get(account))!;
    await earlier.delete(account);
  }
  const locked = await startLockedServices(await lockedHome(keychainService, entries), dataDir, keychainService);
  return { locked, dataDir, secrets: Object.values(entries) };
}

const parse = (input: TenantProfileInput) => tenantProfileInputSchema.parse(input);
const oauth = (name: string, clientSecret?: string): TenantProfileInput => ({
  name,
  baseUrl: 'acme.alationcloud.com/app/studio/models?x=1',
  environment: { label: 'production', color: '#cf222e' },
  auth: { method: 'oauth', clientId: 'client-1', clientSecret },
});

describe('tenant profiles', () => {
  it('keeps metadata in the file and the secret only in the keychain', async () => {
    const { dataDir, profiles } = service();
    const view = await profiles.create(parse(oauth('Acme', 'secret-in-keychain-123')));
    expect(view).toMatchObject({
      name: 'Acme',
      baseUrl: 'https://acme.alationcloud.com',
      secret: { state: 'stored' },
      auth: { method: 'oauth', clientId: 'client-1' },
    });
    expect(JSON.stringify(view)).not.toContain('secret-in-keychain-123');
    expect(await secrets.get(`profile/${view.id}/clientSecret`)).toBe('secret-in-keychain-123');
    const file = readFileSync(join(dataDir, 'tenant-profiles.json'), 'utf8');
    expect(file).toContain('"clientId": "client-1"');
    expect(file).not.toContain('secret-in-keychain-123');
    // A second start reads the same profile back.
    expect((await service(dataDir).profiles.list()).map((p) => p.name)).toEqual(['Acme']);
  });

  it('refuses a profile without its secret, or with a name already in use', async () => {
    const { profiles } = service();
    await expect(profiles.create(parse(oauth('NoSecret')))).rejects.toMatchObject({
      code: 'validation',
      details: { fields: [{ path: 'auth.clientSecret' }] },
    });
    await profiles.create(parse(oauth('Acme', 'abcdef-1')));
    await expect(profiles.create(parse(oauth('acme', 'abcdef-2')))).rejects.toMatchObject({
      code: 'validation',
      details: { fields: [{ path: 'name' }] },
    });
  });

  it('keeps the stored secret when an edit leaves it blank, and replaces it when given', async () => {
    const { profiles } = service();
    const { id } = await profiles.create(parse(oauth('Acme', 'first-secret-1')));
    await profiles.update(id, parse({ ...oauth('Acme renamed'), environment: { label: 'qa', color: '#123456' } }));
    expect(await secrets.get(`profile/${id}/clientSecret`)).toBe('first-secret-1');
    const replaced = await profiles.update(id, parse(oauth('Acme renamed', 'second-secret-2')));
    expect(replaced.view).toMatchObject({ name: 'Acme renamed', secret: { state: 'stored' } });
    expect(await secrets.get(`profile/${id}/clientSecret`)).toBe('second-secret-2');
  });

  it('says which edits change the connection: address, auth, secret or CA do; name, environment and labels do not', async () => {
    const { profiles } = service();
    const { id } = await profiles.create(parse(oauth('Acme', 'first-secret-1')));
    const key = profiles.connectionKey(id);
    const cosmetic = await profiles.update(
      id,
      parse({ ...oauth('Acme EU'), environment: { label: 'staging', color: '#bf8700' }, labels: ['emea'] }),
    );
    expect(cosmetic.connectionChanged).toBe(false);
    expect(cosmetic.view.labels).toEqual(['emea']);
    expect(profiles.connectionKey(id)).toBe(key);
    const sameSecretAgain = await profiles.update(id, parse(oauth('Acme EU', 'first-secret-1')));
    expect(sameSecretAgain.connectionChanged).toBe(false);
    expect((await profiles.update(id, parse(oauth('Acme EU', 'second-secret-2')))).connectionChanged).toBe(true);
    // A new address needs its secret typed again (a stored one never follows it).
    expect(
      (await profiles.update(id, parse({ ...oauth('Acme EU', 'second-secret-2'), baseUrl: 'https://other.alationcloud.com' })))
        .connectionChanged,
    ).toBe(true);
    expect(
      (await profiles.update(id, parse({ ...oauth('Acme EU'), baseUrl: 'https://other.alationcloud.com', caPem: testCaPem })))
        .connectionChanged,
    ).toBe(true);
    expect(profiles.connectionKey(id)).not.toBe(key);
  });

  it(
    'lists every profile from the file while the keychain is locked, each ' +
      'saying why its secret cannot be read, and recovers once unlocked',
    async () => {
      const { locked } = await lockedServicesWith(['Acme', 'Beta']);
      try {
        const list = async () =>
          ((await locked.call('listTenantProfiles')) as { ok: true; value: { profiles: TenantProfileView[] } }).value.profiles;
        const listed = await list();
        expect(listed.map((p) => p.name)).toEqual(['Acme', 'Beta']);
        for (const p of listed)
          expect(p.secret).toMatchObject({
            state: 'unreadable',
            code: 'keychain_locked',
            message: expect.stringMatching(/is locked\. Unlock it/),
          });
        // A rename needs no secret, and keeps working.
        const renamed = await locked.call('updateTenantProfile', { id: listed[0]!.id, profile: oauth('Acme renamed') });
        expect(renamed).toMatchObject({ ok: true, value: { name: 'Acme renamed', secret: { state: 'unreadable' } } });
        // What needs the secret says so, with the keychain's own reason and what to do.
        expect(await locked.call('testTenantConnection', { id: listed[0]!.id, operationId: randomUUID() })).toMatchObject({
          ok: false,
          error: { code: 'keychain_locked', message: expect.stringMatching(/Unlock it/) },
        });
        // Unlocked while the app runs: checked again, no restart.
        await locked.unlock();
        expect(await locked.call('checkKeychain')).toMatchObject({ ok: true, value: { available: true } });
        expect((await list()).map((p) => [p.name, p.secret.state])).toEqual([
          ['Acme renamed', 'stored'],
          ['Beta', 'stored'],
        ]);
      } finally {
        await locked.stop();
      }
    },
  );

  it('tests an edited form with a freshly typed secret even when the stored one is missing or cannot be read', async () => {
    const { profiles } = service();
    const { id } = await profiles.create(parse(oauth('Acme', 'stored-secret-1')));
    await secrets.delete(`profile/${id}/clientSecret`);
    const typed = await profiles.draftConnection(parse(oauth('Acme', 'typed-secret-2')), id);
    expect(typed).toMatchObject({ kind: 'draft', target: { auth: { clientSecret: 'typed-secret-2' } } });

    // Locked: a typed secret is tested (here against nothing listening), with no keychain needed...
    const { locked } = await lockedServicesWith(['Acme']);
    try {
      const [stored] = ((await locked.call('listTenantProfiles')) as { ok: true; value: { profiles: TenantProfileView[] } }).value.profiles;
      const form = (secret?: string) => ({ ...oauth('Acme', secret), baseUrl: 'http://127.0.0.1:9' });
      const withTyped = await locked.call('testTenantConnection', {
        id: stored!.id,
        draft: form('typed-secret-3'),
        operationId: randomUUID(),
      });
      expect(withTyped).toMatchObject({ ok: true, value: { ok: false } });
      // ...and a blank one does need the stored secret, and says why it cannot be had.
      const blank = await locked.call('testTenantConnection', { id: stored!.id, draft: oauth('Acme'), operationId: randomUUID() });
      expect(blank).toMatchObject({ ok: false, error: { code: 'keychain_locked' } });
    } finally {
      await locked.stop();
    }
  });

  it('switching the auth method needs the new secret and deletes the old one', async () => {
    const { profiles } = service();
    const { id } = await profiles.create(parse(oauth('Acme', 'oauth-secret-1')));
    const toToken: TenantProfileInput = { ...oauth('Acme'), auth: { method: 'apiToken' } };
    await expect(profiles.update(id, parse(toToken))).rejects.toMatchObject({ code: 'validation' });
    await profiles.update(id, parse({ ...toToken, auth: { method: 'apiToken', apiToken: 'api-token-123' } }));
    expect(await secrets.listAccounts(`profile/${id}/`)).toEqual([`profile/${id}/apiToken`]);
  });

  it('removing a profile removes its keychain entries', async () => {
    const { profiles } = service();
    const { id } = await profiles.create(
      parse({ ...oauth('Acme'), auth: { method: 'refreshToken', userId: '42', refreshToken: 'refresh-123456' } }),
    );
    expect(await secrets.listAccounts(`profile/${id}/`)).toHaveLength(1);
    expect(await profiles.remove(id)).toEqual({ removedSecrets: 1 });
    expect(await secrets.listAccounts(`profile/${id}/`)).toEqual([]);
    expect(await profiles.list()).toEqual([]);
    await expect(profiles.remove(id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('stores a custom CA and summarizes it; refuses one that does not parse', async () => {
    const { profiles } = service();
    const view = await profiles.create(parse({ ...oauth('Private', 'abcdef-9'), caPem: testCaPem }));
    expect(view.caCertificate?.subject).toContain('BYOM Desk Test CA');
    const broken = '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----';
    await expect(profiles.create(parse({ ...oauth('Broken', 'abcdef-8'), caPem: broken }))).rejects.toMatchObject({
      code: 'validation',
      details: { fields: [{ path: 'caPem' }] },
    });
  });

  it('moves a corrupt profiles file aside, says so, and keeps running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-profiles-'));
    writeFileSync(join(dataDir, 'tenant-profiles.json'), '{"schemaVersion":1,"data":');
    const { profiles } = service(dataDir);
    expect(profiles.notices).toHaveLength(1);
    expect(profiles.notices[0]!.message).toMatch(/moved it to .*corrupt/);
    expect(await profiles.list()).toEqual([]);
    await profiles.create(parse(oauth('Fresh', 'abcdef-7')));
    expect(readdirSync(dataDir).some((f) => f.startsWith('tenant-profiles.json.corrupt-'))).toBe(true);
  });

  it('migrates a version-1 profiles file step by step to today’s format, keeps the original beside it, and loses nothing', async () => {
    // Today's format is whatever the store writes now: a later version must still carry a v1 file to it.
    const fresh = service();
    await fresh.profiles.create(parse(oauth('Today', 'secret-of-today-1')));
    const written = JSON.parse(readFileSync(join(fresh.dataDir, 'tenant-profiles.json'), 'utf8')) as { schemaVersion: number };
    const today = written.schemaVersion;
    expect(today).toBeGreaterThan(1);

    const dataDir = mkdtempSync(join(tmpdir(), 'byom-profiles-'));
    // The v1 fixture, with a custom CA on its first profile (a field v1 had, which every version keeps).
    const v1 = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/tenant-profiles.v1.json'), 'utf8')) as {
      schemaVersion: 1;
      data: { profiles: Record<string, unknown>[] };
    };
    v1.data.profiles[0]!.caPem = onlyCertificateBlocks(testCaPem);
    const original = JSON.stringify(v1, null, 2);
    writeFileSync(join(dataDir, 'tenant-profiles.json'), original);
    const { profiles } = service(dataDir);
    expect(profiles.notices).toEqual([expect.objectContaining({ kind: 'migrated', from: 1, to: today })]);
    const files = readdirSync(dataDir);
    expect(files.some((f) => f.includes('corrupt'))).toBe(false);
    const backup = files.find((f) => f.startsWith('tenant-profiles.json.v1-backup-'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(dataDir, backup!), 'utf8')).toBe(original);

    // Every field of every v1 profile is in the migrated file as it was; what later versions added has its first value.
    const migrated = JSON.parse(readFileSync(join(dataDir, 'tenant-profiles.json'), 'utf8')) as typeof v1;
    expect(migrated.schemaVersion).toBe(today);
    expect(migrated.data.profiles).toHaveLength(v1.data.profiles.length);
    for (const [i, before] of v1.data.profiles.entries()) {
      expect(migrated.data.profiles[i]).toMatchObject({ ...before, labels: [], revision: 1 });
    }
    // And the app reads them as they were: names, addresses, environments, sign-in and its non-secret fields, CA, times.
    const listed = await profiles.list();
    const [production, sandbox] = v1.data.profiles as [{ id: string }, { id: string }];
    expect(listed.map((p) => [p.id, p.name, p.baseUrl, p.environment, p.labels, p.auth, p.createdAt, p.updatedAt])).toEqual([
      [
        production.id,
        'Acme production',
        'https://acme.alationcloud.com',
        { label: 'production', color: '#cf222e' },
        [],
        { method: 'oauth', clientId: 'acme-client' },
        '2026-10-01T09:00:00.000Z',
        '2026-10-01T09:00:00.000Z',
      ],
      [
        sandbox.id,
        'Acme sandbox',
        'http://127.0.0.1:8080',
        { label: 'sandbox', color: '#1a7f37' },
        [],
        { method: 'refreshToken', userId: '42' },
        '2026-10-02T09:00:00.000Z',
        '2026-10-03T09:00:00.000Z',
      ],
    ]);
    expect(listed[0]!.caCertificate).not.toBeNull();
    expect(listed[1]!.caCertificate).toBeNull();
    // A second start reads today's version as it is: no second backup, no notice.
    expect(service(dataDir).profiles.notices).toEqual([]);
    expect(readdirSync(dataDir).filter((f) => f.includes('backup'))).toHaveLength(1);
  });

  it('keeps a browser profile without a secret until its sign-in; a new client ID needs a new sign-in, a new port does not', async () => {
    const { dataDir, profiles } = service();
    const browser = (
      change: Partial<{ clientId: string; redirectPort: number; confidential: boolean; clientSecret: string }> = {},
    ): TenantProfileInput => ({
      ...oauth('Desk'),
      auth: { method: 'browser', clientId: 'desk', redirectPort: 47613, confidential: false, ...change },
    });
    const view = await profiles.create(parse(browser()));
    expect(view).toMatchObject({
      auth: { method: 'browser', clientId: 'desk', redirectPort: 47613, confidential: false, signInRequired: false },
      secret: { state: 'missing' },
    });
    await expect(profiles.connectionTarget(view.id)).rejects.toMatchObject({ code: 'sign_in_required' });
    await profiles.storeSignIn(view.id, 'refresh-token-from-sign-in');
    expect(await secrets.get(`profile/${view.id}/oauthRefreshToken`)).toBe('refresh-token-from-sign-in');
    expect(readFileSync(join(dataDir, 'tenant-profiles.json'), 'utf8')).not.toContain('refresh-token-from-sign-in');

    // Another port: the same client, still signed in. Confidential: its secret in an entry of its own.
    const moved = await profiles.update(
      view.id,
      parse(browser({ redirectPort: 50123, confidential: true, clientSecret: 'confidential-secret-1' })),
    );
    expect(moved.view).toMatchObject({ auth: { redirectPort: 50123, confidential: true }, secret: { state: 'stored' } });
    expect(await secrets.get(`profile/${view.id}/browserClientSecret`)).toBe('confidential-secret-1');
    expect(await profiles.connectionTarget(view.id)).toMatchObject({
      auth: { method: 'browser', refreshToken: 'refresh-token-from-sign-in', clientSecret: 'confidential-secret-1' },
    });
    // Public again: the secret goes. Another client: the sign-in belonged to the old one, so it goes too.
    await profiles.update(view.id, parse(browser({ redirectPort: 50123 })));
    expect(await secrets.get(`profile/${view.id}/browserClientSecret`)).toBeNull();
    const other = await profiles.update(view.id, parse(browser({ clientId: 'another-client' })));
    expect(other).toMatchObject({ connectionChanged: true, view: { secret: { state: 'missing' } } });
    expect(await secrets.get(`profile/${view.id}/oauthRefreshToken`)).toBeNull();
  });

  it('shows a pasted Bearer token’s JWT expiry, never the token, and nothing for an opaque one', async () => {
    const { profiles } = service();
    const exp = Math.floor(Date.parse('2031-05-01T10:00:00.000Z') / 1000);
    const jwt = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'me', exp })).toString('base64url')}.c2lnbmF0dXJl`;
    const bearer = (bearerToken?: string): TenantProfileInput => ({ ...oauth('Bearer'), auth: { method: 'bearer', bearerToken } });
    const view = await profiles.create(parse(bearer(`Bearer ${jwt}`)));
    expect(view.auth).toEqual({ method: 'bearer', expiresAt: '2031-05-01T10:00:00.000Z' });
    expect(JSON.stringify(view)).not.toContain(jwt);
    expect(await secrets.get(`profile/${view.id}/bearerToken`)).toBe(jwt);
    expect(profiles.bearerExpiries()).toEqual([{ tenantId: view.id, tenantName: 'Bearer', expiresAt: '2031-05-01T10:00:00.000Z' }]);
    // A rename keeps the expiry; an opaque token has none.
    expect((await profiles.update(view.id, parse({ ...bearer(), name: 'Bearer 2' }))).view.auth).toEqual({
      method: 'bearer',
      expiresAt: '2031-05-01T10:00:00.000Z',
    });
    expect((await profiles.update(view.id, parse(bearer('opaque-token-123')))).view.auth).toEqual({ method: 'bearer', expiresAt: null });
  });

  it('normalizes pasted tenant addresses and refuses http for anything but loopback', () => {
    const url = (baseUrl: string) => tenantProfileInputSchema.safeParse({ ...oauth('X', 'abcdef'), baseUrl });
    expect(url('https://acme.alationcloud.com/ai/docs/').data?.baseUrl).toBe('https://acme.alationcloud.com');
    expect(url('HTTPS://Acme.AlationCloud.com:8443/app/studio/models#x').data?.baseUrl).toBe('https://acme.alationcloud.com:8443');
    expect(url('http://127.0.0.1:8080/').data?.baseUrl).toBe('http://127.0.0.1:8080');
    expect(url('http://localhost:8080').success).toBe(true);
    // One rule for the form and the client: what the form accepts, every call can use.
    expect(url('http://x.localhost:8080').error?.issues[0]?.message).toMatch(/Use https:\/\//);
    expect(url('http://acme.alationcloud.com').error?.issues[0]?.message).toMatch(/Use https:\/\//);
    expect(url('ftp://acme').error?.issues[0]?.message).toMatch(/must start with https/);
    expect(url('https://user:pw@acme.com').success).toBe(false);
    expect(url('   ').success).toBe(false);
  });
});
