import { describe, expect, it } from 'vitest';
import type { TenantProfileView } from '../../src-shared/tenant-profile';
import { emptyForm, fieldErrorsFrom, formFromProfile, toProfileInput, validateForm } from '../../src-renderer/tenants/tenant-form-model';

const saved: TenantProfileView = {
  id: '8d6f3c1e-7a2b-4c5d-9e0f-1a2b3c4d5e6f',
  name: 'Acme',
  baseUrl: 'https://acme.alationcloud.com',
  insecureLoopback: false,
  environment: { label: 'qa', color: '#123456' },
  auth: { method: 'oauth', clientId: 'client-1' },
  secretSet: true,
  caCertificate: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('the tenant form model', () => {
  it('asks for every required field of a new tenant, including the secret', () => {
    const errors = validateForm(emptyForm(), null);
    expect(Object.keys(errors).sort()).toEqual(['auth.clientId', 'auth.clientSecret', 'baseUrl', 'name']);
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
    expect(toProfileInput({ ...formFromProfile(saved), caPem: null }).caPem).toBeNull();
  });

  it('refuses a user id that is not a number, and a secret with spaces', () => {
    const form = { ...emptyForm(), name: 'A', baseUrl: 'acme.example.com', method: 'refreshToken' as const, userId: 'bob', refreshToken: 'a b' };
    const errors = validateForm(form, null);
    expect(errors['auth.userId']).toMatch(/number/);
    expect(errors['auth.refreshToken']).toMatch(/spaces/);
  });

  it('keys main’s field errors the same way', () => {
    expect(fieldErrorsFrom({ code: 'validation', message: 'x', details: { fields: [{ path: 'name', message: 'already used' }] } })).toEqual({
      name: 'already used',
    });
  });
});
