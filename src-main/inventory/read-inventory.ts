// The inventory's read of one tenant: the one reader of a tenant's state (tenant-ops/read-tenant.ts),
// as the inventory shows it.
import type { TenantInventory } from '../../src-shared/inventory';
import type { AlationClient } from '../alation/client';
import { inventoryOf, readTenant } from '../tenant-ops/read-tenant';

export { agentView, configView, credentialView, readAgents } from '../tenant-ops/read-tenant';

export interface ReadOptions {
  signal: AbortSignal;
  /** Every list page read, across the tenant's lists. */
  onPage?: (pagesRead: number) => void;
  now?: () => Date;
}

export async function readTenantInventory(client: AlationClient, tenantId: string, options: ReadOptions): Promise<TenantInventory> {
  const snapshot = await readTenant(client, { signal: options.signal, ...(options.onPage ? { onPage: options.onPage } : {}) });
  return inventoryOf(snapshot, tenantId, (options.now ?? (() => new Date()))());
}
