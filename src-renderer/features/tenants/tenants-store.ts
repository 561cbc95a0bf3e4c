import { create } from 'zustand';
import type { AppErrorShape } from '../../src-shared/errors';
import type { StoreNoticeView } from '../../src-shared/store-notice';
import type { TenantProfileInput, TenantProfileView } from '../../src-shared/tenant-profile';
import { asAppError, bridge } from '../bridge';

interface TenantsState {
  profiles: TenantProfileView[];
  notices: StoreNoticeView[];
  loaded: boolean;
  loadError: AppErrorShape | null;
  load(): Promise<void>;
  create(input: TenantProfileInput): Promise<TenantProfileView>;
  update(id: string, input: TenantProfileInput): Promise<TenantProfileView>;
  remove(id: string): Promise<number>;
}

export const useTenantsStore = create<TenantsState>((set) => ({
  profiles: [],
  notices: [],
  loaded: false,
  loadError: null,
  async load() {
    try {
      const { profiles, notices } = await bridge().listTenantProfiles();
      set({ profiles, notices, loaded: true, loadError: null });
    } catch (error) {
      set({ loaded: true, loadError: asAppError(error) });
    }
  },
  async create(input) {
    const created = await bridge().createTenantProfile(input);
    set((s) => ({ profiles: [...s.profiles, created] }));
    return created;
  },
  async update(id, input) {
    const updated = await bridge().updateTenantProfile({ id, profile: input });
    set((s) => ({ profiles: s.profiles.map((p) => (p.id === id ? updated : p)) }));
    return updated;
  },
  async remove(id) {
    const { removedSecrets } = await bridge().deleteTenantProfile({ id });
    set((s) => ({ profiles: s.profiles.filter((p) => p.id !== id) }));
    return removedSecrets;
  },
}));
