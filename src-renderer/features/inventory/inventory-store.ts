// The inventory as the page holds it: each tenant's state from main. An `inventory.changed` event
// updates a tenant's status and pages read at once; its data is fetched again only when a new read
// or sweep landed, so loading 25 tenants does not pull 25,000 configs ten times a second.
import type { BridgeApi } from '../../../src-shared/contract';
import { create } from 'zustand';
import type { AppErrorShape } from '../../../src-shared/errors';
import type { InventoryChanged, TenantInventoryState } from '../../../src-shared/inventory';
import type { AgentDecision, DeletionItem, FeatureOverrideChange, PreferenceChange } from '../../../src-shared/inventory-actions';
import type { JobView } from '../../../src-shared/jobs';
import { asAppError, bridge } from '../../bridge';
import { useAppStore } from '../../app/app-store';
import { useJobsStore } from '../../app/jobs-store';

interface InventoryState {
  tenants: Record<string, TenantInventoryState>;
  loaded: boolean;
  attach(): Promise<void>;
  refresh(tenantIds: string[]): Promise<void>;
  sweep(tenantIds: string[]): Promise<void>;
  /** Starts the deletion job; answers its id, or the error that refused it. */
  remove(
    items: DeletionItem[],
    confirmations: Record<string, string>,
    agents?: AgentDecision[],
  ): Promise<{ jobId: string } | { error: AppErrorShape }>;
  /** The setting changes below throw what the tenant or main refused (the one error policy: app/failures.ts). */
  setPreference(change: PreferenceChange): Promise<void>;
  setOverride(change: FeatureOverrideChange & { configId: string }): Promise<void>;
  clearOverride(change: FeatureOverrideChange): Promise<void>;
}

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createInventoryStore(api: () => BridgeApi = bridge) {
  let stopListening: (() => void) | undefined;
  return create<InventoryState>((set, get) => {
    const put = (states: TenantInventoryState[]) =>
      set((s) => ({ tenants: { ...s.tenants, ...Object.fromEntries(states.map((t) => [t.tenantId, t])) } }));

    const changed = async (event: InventoryChanged) => {
      const current = get().tenants[event.tenantId];
      const newData = !current || current.inventory?.readAt !== event.readAt || current.sweep?.sweptAt !== event.sweptAt;
      if (current) {
        const { pagesRead: _old, ...rest } = current;
        put([{ ...rest, status: event.status, ...(event.pagesRead !== undefined ? { pagesRead: event.pagesRead } : {}) }]);
      }
      // The data, and the error or staleness that goes with a finished read, come from main.
      if (newData || event.status === 'error' || event.status === 'ok') {
        try {
          put(await api().getInventory({ tenantIds: [event.tenantId] }));
        } catch {
          // A removed tenant, or the app closing: the next event or load settles it.
        }
      }
    };

    const job = async (start: () => Promise<JobView>) => {
      try {
        useJobsStore.getState().track(await start());
      } catch (error) {
        useAppStore.getState().showError(asAppError(error));
      }
    };

    const write = async (call: () => Promise<TenantInventoryState>): Promise<void> => put([await call()]);

    return {
      tenants: {},
      loaded: false,
      async attach() {
        stopListening ??= api().on('inventory.changed', (event) => void changed(event));
        try {
          set({ tenants: Object.fromEntries((await api().getInventory({})).map((t) => [t.tenantId, t])), loaded: true });
        } catch (error) {
          set({ loaded: true });
          useAppStore.getState().showError(asAppError(error));
        }
      },
      refresh: (tenantIds) => job(() => api().startInventoryRefresh({ tenantIds })),
      sweep: (tenantIds) => job(() => api().startHealthSweep({ tenantIds })),
      async remove(items, confirmations, agents) {
        try {
          const started = await api().startInventoryDeletion({ items, confirmations, ...(agents?.length ? { agents } : {}) });
          useJobsStore.getState().track(started);
          return { jobId: started.id };
        } catch (error) {
          return { error: asAppError(error) };
        }
      },
      setPreference: (change) => write(() => api().setTenantPreference(change)),
      setOverride: (change) => write(() => api().setFeatureOverride(change)),
      clearOverride: (change) => write(() => api().clearFeatureOverride(change)),
    };
  });
}

export const useInventoryStore = createInventoryStore();
