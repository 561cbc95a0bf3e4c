// "Open this tenant's edit form" from outside the Tenants screen (the expiry banner's "Paste a new
// token…"): the screen picks the request up once its tenants are loaded.
import { create } from 'zustand';
import { useAppStore } from '../state/app-store';

export const useTenantEditRequest = create<{ tenantId: string | null; request(tenantId: string): void; clear(): void }>((set) => ({
  tenantId: null,
  request(tenantId) {
    set({ tenantId });
    useAppStore.getState().goTo('tenants');
  },
  clear: () => set({ tenantId: null }),
}));
