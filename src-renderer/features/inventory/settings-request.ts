// "Tenant settings" from outside the Inventory (a Tenants row's menu): the Inventory screen opens
// that tenant's defaults and overrides once it is shown.
import { create } from 'zustand';
import { useAppStore } from '../state/app-store';

export const useTenantSettingsRequest = create<{ tenantId: string | null; request(tenantId: string): void; clear(): void }>((set) => ({
  tenantId: null,
  request(tenantId) {
    set({ tenantId });
    useAppStore.getState().goTo('inventory');
  },
  clear: () => set({ tenantId: null }),
}));
