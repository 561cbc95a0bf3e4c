import { create } from 'zustand';
import type { ConnectionTestReport } from '../../src-shared/connection-report';
import type { AppErrorShape } from '../../src-shared/errors';
import type { StoreNoticeView } from '../../src-shared/store-notice';
import type { TenantProfileInput, TenantProfileView } from '../../src-shared/tenant-profile';
import { asAppError, bridge } from '../bridge';

export type ConnectionTestState = { running: true; operationId: string } | { running: false; report: ConnectionTestReport } | { running: false; error: AppErrorShape };

interface TenantsState {
  profiles: TenantProfileView[];
  notices: StoreNoticeView[];
  loaded: boolean;
  loadError: AppErrorShape | null;
  tests: Record<string, ConnectionTestState>;
  load(): Promise<void>;
  create(input: TenantProfileInput): Promise<TenantProfileView>;
  update(id: string, input: TenantProfileInput): Promise<TenantProfileView>;
  remove(id: string): Promise<number>;
  test(id: string): Promise<void>;
  cancelTest(id: string): Promise<void>;
}

export const useTenantsStore = create<TenantsState>((set, get) => ({
  profiles: [],
  notices: [],
  loaded: false,
  loadError: null,
  tests: {},
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
    set((s) => ({ profiles: s.profiles.map((p) => (p.id === id ? updated : p)), tests: without(s.tests, id) }));
    return updated;
  },
  async remove(id) {
    const { removedSecrets } = await bridge().deleteTenantProfile({ id });
    set((s) => ({ profiles: s.profiles.filter((p) => p.id !== id), tests: without(s.tests, id) }));
    return removedSecrets;
  },
  async test(id) {
    if (get().tests[id]?.running) return;
    const operationId = crypto.randomUUID();
    set((s) => ({ tests: { ...s.tests, [id]: { running: true, operationId } } }));
    let result: ConnectionTestState;
    try {
      result = { running: false, report: await bridge().testTenantConnection({ id, operationId }) };
    } catch (error) {
      result = { running: false, error: asAppError(error) };
    }
    set((s) => ({ tests: { ...s.tests, [id]: result } }));
  },
  async cancelTest(id) {
    const state = get().tests[id];
    if (state?.running) await bridge().cancelOperation({ operationId: state.operationId });
  },
}));

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}
