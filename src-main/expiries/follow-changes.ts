// The credential expiries follow what operations do on tenants, through the tenant-changed signal:
// a credential made with an expiry gets it (a draft's, a rotation's new key's); one adopted as it
// is gets the draft's only when it has none (what the user entered stays); a deleted one loses
// its expiry, so a reminder never outlives its key; a successor takes its predecessor's.
import type { TenantChange } from '../tenant-ops/tenant-changes';
import type { CredentialExpiries } from './credential-expiries';

export function followTenantChanges(
  expiries: Pick<CredentialExpiries, 'get' | 'set' | 'move' | 'forget'>,
  changes: readonly TenantChange[],
): void {
  for (const { tenantId, facts } of changes) {
    for (const fact of facts) {
      switch (fact.kind) {
        case 'credential-created':
          if (fact.expiresAt !== undefined)
            expiries.set({ tenantId, credentialId: fact.credentialId }, fact.expiresAt, {
              credentialName: fact.name,
              source: fact.source ?? 'draft',
            });
          break;
        case 'credential-adopted':
          if (fact.expiresAt && !expiries.get({ tenantId, credentialId: fact.credentialId })) {
            expiries.set({ tenantId, credentialId: fact.credentialId }, fact.expiresAt, {
              credentialName: fact.name,
              source: fact.source ?? 'draft',
            });
          }
          break;
        case 'credential-deleted':
          expiries.forget({ tenantId, credentialId: fact.credentialId });
          break;
        case 'credential-replaced':
          expiries.move(
            { tenantId, credentialId: fact.fromCredentialId },
            { tenantId, credentialId: fact.toCredentialId, credentialName: fact.name },
          );
          break;
        case 'credential-expiry':
          expiries.set({ tenantId, credentialId: fact.credentialId }, fact.expiresAt, { credentialName: fact.name, source: fact.source });
          break;
      }
    }
  }
}
