// Main's own check that a production tenant's name was typed, whatever the page showed: apply,
// deletion and rotation all refuse without it, naming the tenant and the field to fill.
import { describe, expect, it } from 'vitest';
import { requireProductionNames } from '../../src-main/profiles/production-names';

const profiles = {
  get: (id: string) =>
    ({
      prod: { id: 'prod', name: 'Acme Prod', environment: { label: 'Production', color: '#c62828' } },
      dev: { id: 'dev', name: 'Acme Dev', environment: { label: 'Development', color: '#2f7d32' } },
    })[id] as never,
};

describe('requireProductionNames', () => {
  it('refuses a production tenant whose name is missing or mistyped, and says which and what to type', () => {
    for (const confirmations of [{}, { prod: 'acme prod' }, { prod: 'Acme' }] as Record<string, string>[]) {
      expect(() => requireProductionNames(profiles, ['dev', 'prod'], confirmations, 'rotating its key')).toThrow(
        expect.objectContaining({
          code: 'validation',
          message: '“Acme Prod” is a production tenant: type its name to confirm rotating its key.',
          details: { fields: [{ path: 'confirmations.prod', message: 'type Acme Prod' }] },
        }),
      );
    }
  });

  it('lets through the name as typed (spaces around it ignored) and asks nothing of other tenants', () => {
    expect(() => requireProductionNames(profiles, ['dev', 'prod'], { prod: ' Acme Prod ' }, 'the deletion')).not.toThrow();
    expect(() => requireProductionNames(profiles, ['dev'], {}, 'the deletion')).not.toThrow();
  });
});
