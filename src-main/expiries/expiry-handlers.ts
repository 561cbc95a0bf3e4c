// Credential expiries as the page sets them (by hand, for a tenant that exists) and the reminders' lead time.
import type { HandlerSlice } from '../ipc/handlers';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import type { CredentialExpiries } from './credential-expiries';

export function expiryHandlers(expiries: CredentialExpiries, profiles: TenantProfiles) {
  return {
    listCredentialExpiries: () => expiries.view(),
    setCredentialExpiry: async ({ tenantId, credentialId, credentialName, expiresAt }) => {
      profiles.get(tenantId);
      expiries.set({ tenantId, credentialId }, expiresAt, { credentialName, source: 'user' });
      return expiries.view();
    },
    setReminderLeadHours: async ({ hours }) => {
      expiries.setLeadHours(hours);
      return expiries.view();
    },
  } satisfies HandlerSlice;
}
