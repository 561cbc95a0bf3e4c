// A stored secret belongs to the address it was saved for. An edit that moves a tenant to another
// scheme, host or port must have its secret typed again, for Test and for Save; until then nothing
// is sent to the new address. A browser sign-in needs a new sign-in (and a confidential client's
// secret typed again). The form says why.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testTenantConnection } from '../../src-main/alation/connection-test';
import { TenantProfiles } from '../../src-main/profiles/tenant-profiles';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { formFromProfile, validateForm } from '../../src-renderer/features/tenants/tenant-form-model';
import { tenantProfileInputSchema, type TenantProfileInput, type TenantProfileView } from '../../src-shared/tenant-profile';
import { startFakeTenant, type FakeTenant } from '../fake-tenant/server';
import { failure } from '../support/app-error';
import { memoryLogger } from '../support/memory-logger';

const secrets = createKeyringSecretStore(`BYOM Desk address change test ${randomUUID()}`);
let acme: FakeTenant;
/** Where an edit (or whoever drives the bridge) points the tenant: it must never see Acme's secret. */
let elsewhere: FakeTenant;

beforeAll(async () => {
  [acme, elsewhere] = await Promise.all([startFakeTenant({ builtInConfigs: false }), startFakeTenant({ builtInConfigs: false })]);
});
afterAll(async () => {
  await Promise.all([acme.stop(), elsewhere.stop()]);
  for (const account of await secrets.listAccounts()) await secrets.delete(account);
});
beforeEach(() => elsewhere.clearRequests());

/** The profiles, and the two calls of the Tenants screen's form as main's handlers make them. */
function open() {
  const files = confDocumentFiles(mkdtempSync(join(tmpdir(), 'byom-address-')));
  const profiles = new TenantProfiles({ files, secrets, log: memoryLogger() });
  const parse = (input: TenantProfileInput) => tenantProfileInputSchema.parse(input);
  return {
    profiles,
    create: (input: TenantProfileInput) => profiles.create(parse(input)),
    save: (id: string, input: TenantProfileInput) => profiles.update(id, parse(input)),
    /** Test on the edit form: unsaved values (`testTenantConnection({ id, draft })`). */
    async test(id: string, input: TenantProfileInput) {
      const draft = await profiles.draftConnection(parse(input), id);
      if (draft.kind === 'saved') return 'the saved client';
      return testTenantConnection({ ...draft.target });
    },
  };
}

const refusedAt = (path: string) => ({ code: 'validation', details: { fields: [{ path }] } });
const common = { name: 'Acme', environment: { label: 'production', color: '#cf222e' } };
const oauth = (baseUrl: string, clientSecret?: string): TenantProfileInput => ({
  ...common,
  baseUrl,
  auth: { method: 'oauth', clientId: acme.clientId, ...(clientSecret !== undefined ? { clientSecret } : {}) },
});
const apiToken = (baseUrl: string, token?: string): TenantProfileInput => ({
  ...common,
  baseUrl,
  auth: { method: 'apiToken', ...(token !== undefined ? { apiToken: token } : {}) },
});

describe('a stored secret and a changed address', () => {
  it('Test of an edit to another host, with the secret left blank, is refused and sends nothing there', async () => {
    const form = open();
    const saved = await form.create(oauth(acme.baseUrl, acme.clientSecret));
    const e = await failure(form.test(saved.id, oauth(elsewhere.baseUrl)));
    expect(e).toMatchObject({ code: 'validation', details: { fields: [{ path: 'auth.clientSecret' }] } });
    expect(e.message).toMatch(/address changed/);
    expect(e.message).toContain(new URL(elsewhere.baseUrl).host);
    expect(elsewhere.requests()).toEqual([]);
    // Typed again, it is tested where the form says.
    await form.test(saved.id, oauth(elsewhere.baseUrl, 'typed-for-elsewhere'));
    expect(elsewhere.requests().length).toBeGreaterThan(0);
  });

  it('Save of an edit to another port, with the token left blank, is refused and the profile stays as it was', async () => {
    const form = open();
    const saved = await form.create(apiToken(acme.baseUrl, acme.apiAccessToken));
    const moved = elsewhere.baseUrl; // same host (127.0.0.1), another port
    expect(new URL(moved).hostname).toBe(new URL(acme.baseUrl).hostname);
    await expect(form.save(saved.id, apiToken(moved))).rejects.toMatchObject(refusedAt('auth.apiToken'));
    const [kept] = await form.profiles.list();
    expect(kept).toMatchObject({ baseUrl: acme.baseUrl, secret: { state: 'stored' } });
    // The saved tenant's connection is still the saved address, and nothing went elsewhere.
    expect((await form.profiles.connectionTarget(saved.id)).baseUrl).toBe(acme.baseUrl);
    expect(elsewhere.requests()).toEqual([]);
    // With the token typed again, the edit is saved.
    await expect(form.save(saved.id, apiToken(moved, 'typed-again-token'))).resolves.toMatchObject({ view: { baseUrl: moved } });
  });

  it('a confidential browser client must have its secret typed again for a new address', async () => {
    const form = open();
    const browser = (baseUrl: string, clientSecret?: string): TenantProfileInput => ({
      ...common,
      baseUrl,
      auth: { method: 'browser', clientId: 'desk', redirectPort: 47613, confidential: true, ...(clientSecret ? { clientSecret } : {}) },
    });
    const saved = await form.create(browser(acme.baseUrl, 'confidential-secret-1'));
    await expect(form.save(saved.id, browser(elsewhere.baseUrl))).rejects.toMatchObject(refusedAt('auth.clientSecret'));
    // The same address keeps it, as before.
    const renamed = await form.save(saved.id, { ...browser(acme.baseUrl), name: 'Acme renamed' });
    expect(renamed.view.name).toBe('Acme renamed');
  });

  it('the form asks for the secret again when the address moves, and says why', () => {
    const editing: TenantProfileView = {
      id: randomUUID(),
      name: 'Acme',
      baseUrl: 'https://acme.alationcloud.com',
      insecureLoopback: false,
      environment: common.environment,
      labels: [],
      auth: { method: 'oauth', clientId: 'client-1' },
      secret: { state: 'stored' },
      caCertificate: null,
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
      revision: 1,
    } as TenantProfileView;
    const form = formFromProfile(editing);
    expect(validateForm(form, editing)).toEqual({});
    // Another path of the same tenant is the same address.
    expect(validateForm({ ...form, baseUrl: 'https://acme.alationcloud.com/app/studio/models' }, editing)).toEqual({});
    const moved = validateForm({ ...form, baseUrl: 'https://acme.alationcloud.com:8443' }, editing);
    expect(moved['auth.clientSecret']).toMatch(/address changed.*enter the client secret again/);
    expect(validateForm({ ...form, baseUrl: 'https://evil.example.com', clientSecret: 'typed-again' }, editing)).toEqual({});
  });
});
