// Main's own check that a production tenant's name was typed, whatever the page showed: apply,
// deletion and rotation all refuse without it, naming the tenant and the field to fill.
import { describe, expect, it } from 'vitest';
import { requireProductionNames } from '../../src-main/profiles/production-names';
import { needsTypedName } from '../../src-shared/app-settings';

const stored = {
  prod: { id: 'prod', name: 'Acme Prod', environment: { label: 'Production', color: '#c62828' } },
  stage: { id: 'stage', name: 'Acme Stage', environment: { label: 'Staging ', color: '#bf8700' } },
  dev: { id: 'dev', name: 'Acme Dev', environment: { label: 'Development', color: '#2f7d32' } },
};
/** Profiles as main keeps them, with the Settings screen's typed-name environments (default: production). */
const profilesWith = (typedNameEnvironments?: string[]) => ({
  get: (id: string) => stored[id as keyof typeof stored] as never,
  needsTypedName: (id: string) => needsTypedName(stored[id as keyof typeof stored].environment, typedNameEnvironments),
});
const profiles = profilesWith();

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

  it('asks it of the environments the settings name instead, whatever their case and spaces', () => {
    const staged = profilesWith([' staging', 'PRODUCTION']);
    expect(() => requireProductionNames(staged, ['stage'], {}, 'the deletion')).toThrow(
      '“Acme Stage” is a staging tenant: type its name to confirm the deletion.',
    );
    expect(() => requireProductionNames(staged, ['stage', 'prod'], { stage: 'Acme Stage', prod: 'Acme Prod' }, 'x')).not.toThrow();
    expect(() => requireProductionNames(profilesWith(['staging']), ['prod', 'dev'], {}, 'the deletion')).not.toThrow();
  });
});
