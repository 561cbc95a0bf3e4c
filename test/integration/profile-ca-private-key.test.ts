// A custom CA file is certificates only. A private key pasted with it (a whole "server bundle", an
// openssl export) is refused with a clear word at the field, and never reaches tenant-profiles.json;
// text around the certificates is dropped; a key an older version stored is removed on start.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TenantProfiles } from '../../src-main/profiles/tenant-profiles';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { emptyForm, validateForm } from '../../src-renderer/features/tenants/tenant-form-model';
import { tenantProfileInputSchema, type ParsedTenantProfileInput, type TenantProfileInput } from '../../src-shared/tenant-profile';
import { memoryLogger } from '../support/memory-logger';
import { testCaPem } from '../support/test-ca';

const secrets = createKeyringSecretStore(`BYOM Desk CA key test ${randomUUID()}`);
afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});

const spki = { type: 'spki', format: 'pem' } as const;
const ecKey = (type: 'pkcs8' | 'sec1') =>
  generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type, format: 'pem' }, publicKeyEncoding: spki }).privateKey;
const keys = {
  'PRIVATE KEY': ecKey('pkcs8'),
  'EC PRIVATE KEY': ecKey('sec1'),
  'RSA PRIVATE KEY': generateKeyPairSync('rsa', {
    modulusLength: 1024,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: spki,
  }).privateKey,
  'ENCRYPTED PRIVATE KEY': generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pass-phrase' },
    publicKeyEncoding: spki,
  }).privateKey,
};
const keyBody = (pem: string) => pem.split('\n')[1]!;

const input = (caPem: string): TenantProfileInput => ({
  name: `Private ${randomUUID().slice(0, 8)}`,
  baseUrl: 'acme.alationcloud.com',
  environment: { label: 'production', color: '#cf222e' },
  auth: { method: 'oauth', clientId: 'client-1', clientSecret: 'abcdef-123' },
  caPem,
});

function service(dataDir = mkdtempSync(join(tmpdir(), 'byom-ca-key-'))) {
  return { dataDir, profiles: new TenantProfiles({ files: confDocumentFiles(dataDir), secrets, log: memoryLogger() }) };
}

describe('a custom CA with a private key in it', () => {
  it.each(Object.entries(keys))('is refused at the field, naming the %s block, before anything is sent', (label, key) => {
    const parsed = tenantProfileInputSchema.safeParse(input(`${testCaPem}\n${key}`));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toEqual([
      expect.objectContaining({ path: ['caPem'], message: expect.stringContaining(`${label} block`) }),
    ]);
    // The form: only the certificate field is in error; the rest of what was typed stands.
    const typed = { name: 'Acme', baseUrl: 'acme.alationcloud.com', method: 'oauth' as const, clientId: 'c', clientSecret: 's-123' };
    const form = { ...emptyForm(), ...typed, caPem: `${key}${testCaPem}` };
    expect(Object.keys(validateForm(form, null))).toEqual(['caPem']);
  });

  it('is refused by main too, and nothing of it is written to the profile file or the keychain', async () => {
    const { dataDir, profiles } = service();
    // As a caller that skips the form's schema would send it.
    const withKey = `${testCaPem}\n${keys['PRIVATE KEY']}`;
    const raw = { ...tenantProfileInputSchema.parse(input(testCaPem)), caPem: withKey } as ParsedTenantProfileInput;
    // The keychain service is the file's: the other tests' entries may be in it already (any order).
    const accountsBefore = await secrets.listAccounts('profile/');
    await expect(profiles.create(raw)).rejects.toMatchObject({ code: 'validation', details: { fields: [{ path: 'caPem' }] } });
    expect(await profiles.list()).toEqual([]);
    expect(await secrets.listAccounts('profile/')).toEqual(accountsBefore);
    const file = join(dataDir, 'tenant-profiles.json');
    expect(() => readFileSync(file, 'utf8')).toThrow();
  });

  it('keeps only the certificate blocks of a bundle with text around them', async () => {
    const { dataDir, profiles } = service();
    const bundle = `Bag Attributes\n    friendlyName: acme-ca\nsubject=CN = BYOM Desk Test CA\n${testCaPem}\ntrailing words\n`;
    const view = await profiles.create(tenantProfileInputSchema.parse(input(bundle)));
    expect(view.caCertificate?.subject).toContain('BYOM Desk Test CA');
    const stored = profiles.get(view.id).caPem!;
    expect(stored.trim()).toBe(testCaPem.trim());
    const file = readFileSync(join(dataDir, 'tenant-profiles.json'), 'utf8');
    expect(file).not.toContain('Bag Attributes');
    expect(file).not.toContain('trailing words');
  });

  it('a key an older version stored with the CA is removed from the file on start, and the certificate kept', async () => {
    const { dataDir, profiles } = service();
    const { id } = await profiles.create(tenantProfileInputSchema.parse(input(testCaPem)));
    const file = join(dataDir, 'tenant-profiles.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { data: { profiles: { caPem: string }[] } };
    doc.data.profiles[0]!.caPem = `${testCaPem}\n${keys['RSA PRIVATE KEY']}`;
    writeFileSync(file, JSON.stringify(doc));

    const restarted = service(dataDir).profiles;
    expect(readFileSync(file, 'utf8')).not.toContain(keyBody(keys['RSA PRIVATE KEY']));
    expect(readFileSync(file, 'utf8')).not.toContain('PRIVATE KEY');
    expect(restarted.get(id).caPem!.trim()).toBe(testCaPem.trim());
  });
});
