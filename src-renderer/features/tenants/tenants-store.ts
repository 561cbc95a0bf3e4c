import type { BridgeApi } from '../../../src-shared/contract';
import { create } from 'zustand';
import type { StoreNoticeView } from '../../../src-shared/store-notice';
import type { TenantProfileInput, TenantProfileView } from '../../../src-shared/tenant-profile';
import { bridge } from '../../bridge';

interface TenantsState {
  profiles: TenantProfileView[];
  notices: StoreNoticeView[];
  /** The list was read at least once. */
  loaded: boolean;
  /** Reads the list; a failure is thrown, for the caller to show (app/failures.ts). */
  load(): Promise<void>;
  create(input: TenantProfileInput): Promise<TenantProfileView>;
  update(id: string, input: TenantProfileInput): Promise<TenantProfileView>;
  remove(id: string): Promise<number>;
  /** A saved profile's connection test, or the form's unsaved values'. */
  testConnection: BridgeApi['testTenantConnection'];
  cancelOperation: BridgeApi['cancelOperation'];
  /** The tenant list as a file (no secret), its import's preview, and the import. */
  exportList: BridgeApi['exportTenantList'];
  previewImport: BridgeApi['previewTenantListImport'];
  importList: BridgeApi['importTenantList'];
}

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createTenantsStore(api: () => BridgeApi = bridge) {
  return create<TenantsState>((set) => ({
    profiles: [],
    notices: [],
    loaded: false,
    async load() {
      const { profiles, notices } = await api().listTenantProfiles();
      set({ profiles, notices, loaded: true });
    },
    async create(input) {
      const created = await api().createTenantProfile(input);
      set((s) => ({ profiles: [...s.profiles, created] }));
      return created;
    },
    async update(id, input) {
      const updated = await api().updateTenantProfile({ id, profile: input });
      set((s) => ({ profiles: s.profiles.map((p) => (p.id === id ? updated : p)) }));
      return updated;
    },
    async remove(id) {
      const { removedSecrets } = await api().deleteTenantProfile({ id });
      set((s) => ({ profiles: s.profiles.filter((p) => p.id !== id) }));
      return removedSecrets;
    },
    testConnection: (input) => api().testTenantConnection(input),
    cancelOperation: (input) => api().cancelOperation(input),
    exportList: () => api().exportTenantList(),
    previewImport: (input) => api().previewTenantListImport(input),
    importList: (input) => api().importTenantList(input),
  }));
}

export const useTenantsStore = createTenantsStore();
