// Asks the Tenants screen, from outside it, to open a tenant's edit form (the expiry banner's
// "Paste a new token…"), the form for a new tenant (the New Tenant command), or to show one tenant
// (the palette: its row, focused): the screen picks the request up once its tenants are loaded.
import { create } from 'zustand';
import { useAppStore } from '../../app/app-store';

interface TenantEditRequest {
  /** A tenant whose edit form to open. */
  tenantId: string | null;
  /** Open the form for a new tenant. */
  adding: boolean;
  /** A tenant to show: the list is cleared of its search, and focus goes to that tenant's row. */
  showId: string | null;
  request(tenantId: string): void;
  requestAdd(): void;
  requestShow(tenantId: string): void;
  clear(): void;
}

export const useTenantEditRequest = create<TenantEditRequest>((set) => ({
  tenantId: null,
  adding: false,
  showId: null,
  request(tenantId) {
    set({ tenantId, adding: false, showId: null });
    useAppStore.getState().goTo('tenants');
  },
  requestAdd() {
    set({ tenantId: null, adding: true, showId: null });
    useAppStore.getState().goTo('tenants');
  },
  requestShow(showId) {
    set({ tenantId: null, adding: false, showId });
    useAppStore.getState().goTo('tenants');
  },
  clear: () => set({ tenantId: null, adding: false, showId: null }),
}));
