// Asks the Tenants screen, from outside it, to open a tenant's edit form (the expiry banner's
// "Paste a new token…"), the form for a new tenant (the New Tenant command), or to show one tenant
// (the palette): the screen picks the request up once its tenants are loaded.
import { create } from 'zustand';
import { useAppStore } from '../../app/app-store';

interface TenantEditRequest {
  /** A tenant whose edit form to open. */
  tenantId: string | null;
  /** Open the form for a new tenant. */
  adding: boolean;
  /** A tenant to show alone: the screen's search is set to its name. */
  showName: string | null;
  request(tenantId: string): void;
  requestAdd(): void;
  requestShow(name: string): void;
  clear(): void;
}

export const useTenantEditRequest = create<TenantEditRequest>((set) => ({
  tenantId: null,
  adding: false,
  showName: null,
  request(tenantId) {
    set({ tenantId, adding: false, showName: null });
    useAppStore.getState().goTo('tenants');
  },
  requestAdd() {
    set({ tenantId: null, adding: true, showName: null });
    useAppStore.getState().goTo('tenants');
  },
  requestShow(showName) {
    set({ tenantId: null, adding: false, showName });
    useAppStore.getState().goTo('tenants');
  },
  clear: () => set({ tenantId: null, adding: false, showName: null }),
}));
