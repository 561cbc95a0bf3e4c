import { describe, expect, it } from 'vitest';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import {
  emptyForm,
  fieldErrorsFrom,
  formFromProfile,
  parseLabels,
  toProfileInput,
  validateForm,
} from '../../src-renderer/features/tenants/tenant-form-model';

const saved: TenantProfileView = {
  id: '8d6f3c1e-7a2b-4c5d-9e0f-1a2b3c4d5e6f',
  name: 'Acme',
  baseUrl: 'https://acme.alationcloud.com',
  insecureLoopback: false,
  environment: { label: 'qa', color: '#123456' },
  labels: ['emea'],
  auth: { method: 'oauth', clientId: 'client-1' },
  secret: { state: 'stored' },
  caCertificate: { subject: 'CN=Acme CA', issuer: 'CN=Acme CA', validTo: '2030-01-01T00:00:00.000Z', fingerprint256: 'AB:CD' },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  revision: 1,
};

describe('the tenant form model', () => {
  it('asks for every required field of a new tenant, including the secret', () => {
    const errors = validateForm({ ...emptyForm(), method: 'oauth' }, null);
    expect(Object.keys(errors).sort()).toEqual(['auth.clientId', 'auth.clientSecret', 'baseUrl', 'name']);
  });

  it('starts on browser sign-in, which needs a client ID and a port but no secret unless the client is confidential', () => {
    const form = { ...emptyForm(), name: 'A', baseUrl: 'acme.example.com', clientId: 'desk' };
    expect(form.method).toBe('browser');
    expect(validateForm(form, null)).toEqual({});
    expect(toProfileInput(form).auth).toEqual({
      method: 'browser',
      clientId: 'desk',
      redirectPort: 47613,
      confidential: false,
      clientSecret: undefined,
    });
    // A secret typed and then unticked is never sent.
    expect(toProfileInput({ ...form, clientSecret: 'typed-then-unticked' }).auth).toMatchObject({ clientSecret: undefined });
    expect(validateForm({ ...form, confidential: true }, null)).toEqual({ 'auth.clientSecret': 'enter the client secret' });
    expect(validateForm({ ...form, redirectPort: '80' }, null)['auth.redirectPort']).toMatch(/1024 to 65535/);
    expect(validateForm({ ...form, redirectPort: 'abc' }, null)['auth.redirectPort']).toBeDefined();
  });

  it('takes a pasted Bearer token with or without its "Bearer " prefix', () => {
    const form = { ...emptyForm(), name: 'A', baseUrl: 'acme.example.com', method: 'bearer' as const };
    expect(validateForm(form, null)).toEqual({ 'auth.bearerToken': 'enter the Bearer token' });
    expect(validateForm({ ...form, bearerToken: 'Bearer eyJabc.def.ghi' }, null)).toEqual({});
  });

  it('lets an edit keep the stored secret, but not when the method changes', () => {
    const form = formFromProfile(saved);
    expect(form.environmentPreset).toBe('other');
    expect(validateForm(form, saved)).toEqual({});
    const switched = { ...form, method: 'apiToken' as const };
    expect(validateForm(switched, saved)).toEqual({ 'auth.apiToken': 'enter the API access token' });
    expect(validateForm({ ...switched, apiToken: 'tok-123' }, saved)).toEqual({});
  });

  it('sends blank secrets as absent, and the CA only when it was touched', () => {
    const input = toProfileInput(formFromProfile(saved));
    expect(input.auth).toEqual({ method: 'oauth', clientId: 'client-1', clientSecret: undefined });
    expect(input).not.toHaveProperty('caPem');
    expect(input.labels).toEqual(['emea']);
    expect(toProfileInput({ ...formFromProfile(saved), removeCa: true }).caPem).toBeNull();
  });

  it('never removes a stored CA because the box was cleared: only when the user asks', () => {
    const typedThenCleared = { ...formFromProfile(saved), caPem: '-----BEGIN CERTIFICATE-----' };
    expect(toProfileInput({ ...typedThenCleared, caPem: '' })).not.toHaveProperty('caPem');
    expect(toProfileInput({ ...typedThenCleared, caPem: '   \n' })).not.toHaveProperty('caPem');
  });

  it('still lets an edit keep a secret the keychain cannot read right now', () => {
    const unreadable: TenantProfileView = { ...saved, secret: { state: 'unreadable', code: 'keychain_locked', message: 'locked' } };
    expect(validateForm(formFromProfile(unreadable), unreadable)).toEqual({});
    const missing: TenantProfileView = { ...saved, secret: { state: 'missing' } };
    expect(validateForm(formFromProfile(missing), missing)).toEqual({ 'auth.clientSecret': 'enter the client secret' });
  });

  it('reads labels as typed, and refuses the same label twice', () => {
    expect(parseLabels(' emea, acme ,, ')).toEqual(['emea', 'acme']);
    expect(validateForm({ ...formFromProfile(saved), labels: 'emea, EMEA' }, saved)).toEqual({ labels: 'each label only once' });
  });

  it('refuses a user id that is not a number, and a secret with spaces', () => {
    const form = {
      ...emptyForm(),
      name: 'A',
      baseUrl: 'acme.example.com',
      method: 'refreshToken' as const,
      userId: 'bob',
      refreshToken: 'a b',
    };
    const errors = validateForm(form, null);
    expect(errors['auth.userId']).toMatch(/number/);
    expect(errors['auth.refreshToken']).toMatch(/spaces/);
  });

  it('keys main’s field errors the same way', () => {
    expect(fieldErrorsFrom({ code: 'validation', message: 'x', details: { fields: [{ path: 'name', message: 'already used' }] } })).toEqual(
      {
        name: 'already used',
      },
    );
  });
});
