// What the tenant form makes of an address as an admin pastes it: the origin alone, from whatever
// the address bar showed, and a message that says what to fix when it cannot be a tenant's address.
import { describe, expect, it } from 'vitest';
import { normalizeTenantUrl } from '../../src-shared/tenant-url';

const saved = (typed: string) => {
  const result = normalizeTenantUrl(typed);
  return result.ok ? result.baseUrl : `refused: ${result.message}`;
};

describe('a tenant address as typed', () => {
  it('keeps the origin of a pasted address-bar URL, with the spaces around it dropped and https added when left out', () => {
    expect(saved('  https://Acme.AlationCloud.com/app/studio/models?tab=1  ')).toBe('https://acme.alationcloud.com');
    expect(saved('acme.alationcloud.com')).toBe('https://acme.alationcloud.com');
    // A query that holds another address is still the tenant's own address, not a scheme of its own.
    expect(saved('acme.alationcloud.com/login?next=https://acme.alationcloud.com/ai')).toBe('https://acme.alationcloud.com');
    expect(saved('https://acme.alationcloud.com:8443/')).toBe('https://acme.alationcloud.com:8443');
  });

  it('says what to type when the address is empty, not a web address, or carries a user name', () => {
    expect(saved('   ')).toBe('refused: Enter the tenant’s address, for example https://acme.alationcloud.com');
    expect(saved('https://acme .alationcloud.com')).toBe(
      'refused: “https://acme .alationcloud.com” is not a web address. Use the form https://acme.alationcloud.com',
    );
    expect(saved('ftp://acme.alationcloud.com')).toBe('refused: The address must start with https:// (found ftp://).');
    for (const typed of ['https://admin@acme.alationcloud.com', 'https://:hunter2@acme.alationcloud.com'])
      expect(saved(typed)).toBe('refused: Leave user names and passwords out of the address; choose an authentication method below.');
  });

  it('refuses plain http away from this computer, including names that only start like a loopback address', () => {
    const refusal = 'refused: Use https:// for a tenant. Plain http:// is accepted only for a tenant on this computer (localhost).';
    expect(saved('http://acme.alationcloud.com')).toBe(refusal);
    // A DNS name such as 127.0.0.1.nip.io can point anywhere: a token must not travel there unencrypted.
    expect(saved('http://127.0.0.1.nip.io:8080')).toBe(refusal);
    expect(saved('http://127.0.0.10:8080')).toBe('http://127.0.0.10:8080');
    expect(normalizeTenantUrl('http://localhost:8080')).toEqual({ ok: true, baseUrl: 'http://localhost:8080', insecureLoopback: true });
    expect(normalizeTenantUrl('https://localhost:8080')).toEqual({ ok: true, baseUrl: 'https://localhost:8080', insecureLoopback: false });
  });
});
