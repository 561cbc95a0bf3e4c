// "Make a draft from this": a credential and its configs become a draft. Read from the tenant when
// it answers, so the draft is what the tenant has now; from its last inventory when it does not
// (on a plane), saying so. Secrets never come back from a tenant: the draft marks them missing.
import { draftFromCredential } from '../../src-shared/draft-from-inventory';
import type { DraftView } from '../../src-shared/drafts';
import { AppError } from '../../src-shared/errors';
import type { TenantInventory } from '../../src-shared/inventory';
import type { InventoryService } from '../inventory/inventory-service';
import { readTenantInventory } from '../inventory/read-inventory';
import type { TenantClients } from '../profiles/tenant-clients';
import type { TenantProfiles } from '../profiles/tenant-profiles';
import type { DraftStore } from './draft-store';

/** Failures that mean "the tenant cannot be reached now", as opposed to a refusal. */
const offlineCodes = new Set(['network', 'timeout', 'tls', 'keychain_locked', 'keychain_unavailable']);

export async function makeDraftFromCredential(
  deps: { profiles: TenantProfiles; clients: TenantClients; inventory: InventoryService; drafts: DraftStore },
  input: { tenantId: string; credentialId: string },
): Promise<{ draft: DraftView; source: 'tenant' | 'cache' }> {
  const profile = deps.profiles.get(input.tenantId);
  let inventory: TenantInventory | undefined;
  let source: 'tenant' | 'cache' = 'tenant';
  try {
    inventory = await deps.clients.withClient(input.tenantId, (client) =>
      readTenantInventory(client, input.tenantId, { signal: AbortSignal.timeout(30_000) }),
    );
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (!offlineCodes.has(code)) throw error;
    inventory = deps.inventory.list([input.tenantId])[0]?.inventory;
    source = 'cache';
    if (!inventory)
      throw new AppError(
        code as 'network',
        `“${profile.name}” cannot be reached and has no inventory kept yet, ` +
          `so there is nothing to make a draft from. Try again when it answers.`,
      );
  }
  if (!inventory.credentials.some((c) => c.id === input.credentialId)) {
    throw new AppError('not_found', `That credential is no longer on “${profile.name}”. Refresh the inventory, then choose again.`);
  }
  const content = draftFromCredential(inventory, input.credentialId, profile.name);
  const draft = await deps.drafts.save({ content, secrets: {}, clearSecrets: [] });
  return { draft, source };
}
