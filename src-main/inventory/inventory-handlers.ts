// The inventory as the page asks for it: what was read last, reads and sweeps as jobs, deletions,
// and a tenant's defaults and overrides (each an operation on the tenant).
import type { HandlerSlice } from '../ipc/handlers';
import type { InventoryService } from './inventory-service';

export function inventoryHandlers(inventory: InventoryService) {
  return {
    getInventory: ({ tenantIds }) => inventory.list(tenantIds),
    startInventoryRefresh: async ({ tenantIds }) => inventory.refresh(tenantIds),
    startHealthSweep: async ({ tenantIds }) => inventory.sweep(tenantIds),
    startInventoryDeletion: async ({ items, confirmations, agents }) => inventory.deleteItems(items, confirmations, agents),
    setTenantPreference: (change) => inventory.setPreference(change),
    setFeatureOverride: (change) => inventory.setOverride(change),
    clearFeatureOverride: (change) => inventory.clearOverride(change),
  } satisfies HandlerSlice;
}
