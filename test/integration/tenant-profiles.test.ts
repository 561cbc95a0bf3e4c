// Tenant profiles with the real keychain and the real file format.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TenantProfiles } from '../../src-main/profiles/tenant-profiles';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { SecretStore } from '../../src-main/secrets/secret-store';
import { AppError } from '../../src-shared/errors';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { tenantProfileInputSchema, type TenantProfileInput } from '../../src-shared/tenant-profile';
import { memoryLogger } from '../support/memory-logger';
import { testCaPem } from '../support/test-ca';

const secrets = createKeyringSecretStore(`BYOM Desk profiles test ${randomUUID()}`);
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

function service(dataDir = mkdtempSync(join(tmpdir(), 'byom-profiles-')), store: SecretStore = secrets) {
  return { dataDir, profiles: new TenantProfiles({ files: confDocumentFiles(dataDir), secrets: store, log: memoryLogger() }) };
}

/** The real keychain, until `lock()`: then every call fails as a locked GNOME Keyring does. */
function lockable(): SecretStore & { lock(): void; unlock(): void } {
  let locked = false;
  const refuse = () => {
    if (locked) throw new AppError('keychain_locked', 'The Secret Service is locked. Unlock it, then try again.');
  };
  return {
    backend: secrets.backend,
    status: () => secrets.status(),
    set: async (a, s) => (refuse(), secrets.set(a, s)),
    get: async (a) => (refuse(), secrets.get(a)),
    delete: async (a) => (refuse(), secrets.delete(a)),
    listAccounts: async (p) => (refuse(), secrets.listAccounts(p)),
    lock: () => void (locked = true),
    unlock: () => void (locked = false),
  };
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
    expect(view).toMatchObject({ name: 'Acme', baseUrl: 'https://acme.alationcloud.com', secret: { state: 'stored' }, auth: { method: 'oauth', clientId: 'client-1' } });
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
    await expect(profiles.create(parse(oauth('NoSecret')))).rejects.toMatchObject({ code: 'validation', details: { fields: [{ path: 'auth.clientSecret' }] } });
    await profiles.create(parse(oauth('Acme', 'abcdef-1')));
    await expect(profiles.create(parse(oauth('acme', 'abcdef-2')))).rejects.toMatchObject({ code: 'validation', details: { fields: [{ path: 'name' }] } });
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
    const cosmetic = await profiles.update(id, parse({ ...oauth('Acme EU'), environment: { label: 'staging', color: '#bf8700' }, labels: ['emea'] }));
    expect(cosmetic.connectionChanged).toBe(false);
    expect(cosmetic.view.labels).toEqual(['emea']);
    expect(profiles.connectionKey(id)).toBe(key);
    const sameSecretAgain = await profiles.update(id, parse(oauth('Acme EU', 'first-secret-1')));
    expect(sameSecretAgain.connectionChanged).toBe(false);
    expect((await profiles.update(id, parse(oauth('Acme EU', 'second-secret-2')))).connectionChanged).toBe(true);
    expect((await profiles.update(id, parse({ ...oauth('Acme EU'), baseUrl: 'https://other.alationcloud.com' }))).connectionChanged).toBe(true);
    expect((await profiles.update(id, parse({ ...oauth('Acme EU'), baseUrl: 'https://other.alationcloud.com', caPem: testCaPem }))).connectionChanged).toBe(true);
    expect(profiles.connectionKey(id)).not.toBe(key);
  });

  it('lists every profile from the file while the keychain is locked, each saying why its secret cannot be read, and recovers once unlocked', async () => {
    const store = lockable();
    const { profiles } = service(undefined, store);
    const { id } = await profiles.create(parse(oauth('Acme', 'locked-away-1')));
    await profiles.create(parse(oauth('Beta', 'locked-away-2')));
    store.lock();
    const listed = await profiles.list();
    expect(listed.map((p) => p.name)).toEqual(['Acme', 'Beta']);
    for (const p of listed) expect(p.secret).toMatchObject({ state: 'unreadable', code: 'keychain_locked', message: expect.stringMatching(/locked/) });
    // A rename needs no secret, and keeps working.
    const renamed = await profiles.update(id, parse(oauth('Acme renamed')));
    expect(renamed.view).toMatchObject({ name: 'Acme renamed', secret: { state: 'unreadable' } });
    // What needs the secret says so, with the keychain's own reason.
    await expect(profiles.connectionTarget(id)).rejects.toMatchObject({ code: 'keychain_locked' });
    store.unlock();
    expect((await profiles.list()).map((p) => p.secret.state)).toEqual(['stored', 'stored']);
  });

  it('tests an edited form with a freshly typed secret even when the stored one is missing or cannot be read', async () => {
    const store = lockable();
    const { profiles } = service(undefined, store);
    const { id } = await profiles.create(parse(oauth('Acme', 'stored-secret-1')));
    await secrets.delete(`profile/${id}/clientSecret`);
    const typed = await profiles.draftConnection(parse(oauth('Acme', 'typed-secret-2')), id);
    expect(typed).toMatchObject({ kind: 'draft', target: { auth: { clientSecret: 'typed-secret-2' } } });
    store.lock();
    expect(await profiles.draftConnection(parse(oauth('Acme', 'typed-secret-3')), id)).toMatchObject({ kind: 'draft' });
    // A blank secret does need the stored one, and says why it cannot be had.
    await expect(profiles.draftConnection(parse(oauth('Acme')), id)).rejects.toMatchObject({ code: 'keychain_locked' });
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
    const { id } = await profiles.create(parse({ ...oauth('Acme'), auth: { method: 'refreshToken', userId: '42', refreshToken: 'refresh-123456' } }));
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

  it('migrates a version-1 profiles file step by step, keeps the original beside it, and reads every profile', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-profiles-'));
    const original = readFileSync(join(import.meta.dirname, 'fixtures/tenant-profiles.v1.json'), 'utf8');
    writeFileSync(join(dataDir, 'tenant-profiles.json'), original);
    const { profiles } = service(dataDir);
    expect(profiles.notices).toEqual([expect.objectContaining({ kind: 'migrated', from: 1, to: 2 })]);
    const listed = await profiles.list();
    expect(listed.map((p) => [p.name, p.labels, p.auth.method])).toEqual([
      ['Acme production', [], 'oauth'],
      ['Acme sandbox', [], 'refreshToken'],
    ]);
    const files = readdirSync(dataDir);
    expect(files.some((f) => f.includes('corrupt'))).toBe(false);
    const backup = files.find((f) => f.startsWith('tenant-profiles.json.v1-backup-'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(dataDir, backup!), 'utf8')).toBe(original);
    const migrated = JSON.parse(readFileSync(join(dataDir, 'tenant-profiles.json'), 'utf8'));
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.data.profiles[1]).toMatchObject({ id: '7b2d9e14-3c5a-4f6b-8d7e-1a2b3c4d5e6f', labels: [], updatedAt: '2026-10-03T09:00:00.000Z' });
    // A second start reads version 2 as it is: no second backup, no notice.
    expect(service(dataDir).profiles.notices).toEqual([]);
    expect(readdirSync(dataDir).filter((f) => f.includes('backup'))).toHaveLength(1);
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
