// The inventory as the page holds it: each tenant's state from main. An `inventory.changed` event
// updates a tenant's status and pages read at once; its data is fetched again only when a new read
// or sweep landed, so loading 25 tenants does not pull 25,000 configs ten times a second.
import { create } from 'zustand';
import type { AppErrorShape } from '../../src-shared/errors';
import type { InventoryChanged, TenantInventoryState } from '../../src-shared/inventory';
import type { AgentDecision, DeletionItem, FeatureOverrideChange, PreferenceChange } from '../../src-shared/inventory-actions';
import type { JobView } from '../../src-shared/jobs';
import { asAppError, bridge } from '../bridge';
import { useAppStore } from './app-store';
import { useJobsStore } from './jobs-store';

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
  setPreference(change: PreferenceChange): Promise<AppErrorShape | null>;
  setOverride(change: FeatureOverrideChange & { configId: string }): Promise<AppErrorShape | null>;
  clearOverride(change: FeatureOverrideChange): Promise<AppErrorShape | null>;
}

let stopListening: (() => void) | undefined;

export const useInventoryStore = create<InventoryState>((set, get) => {
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
        put(await bridge().getInventory({ tenantIds: [event.tenantId] }));
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

  const write = async (call: () => Promise<TenantInventoryState>): Promise<AppErrorShape | null> => {
    try {
      put([await call()]);
      return null;
    } catch (error) {
      return asAppError(error);
    }
  };

  return {
    tenants: {},
    loaded: false,
    async attach() {
      stopListening ??= bridge().on('inventory.changed', (event) => void changed(event));
      try {
        set({ tenants: Object.fromEntries((await bridge().getInventory({})).map((t) => [t.tenantId, t])), loaded: true });
      } catch (error) {
        set({ loaded: true });
        useAppStore.getState().showError(asAppError(error));
      }
    },
    refresh: (tenantIds) => job(() => bridge().startInventoryRefresh({ tenantIds })),
    sweep: (tenantIds) => job(() => bridge().startHealthSweep({ tenantIds })),
    async remove(items, confirmations, agents) {
      try {
        const started = await bridge().startInventoryDeletion({ items, confirmations, ...(agents?.length ? { agents } : {}) });
        useJobsStore.getState().track(started);
        return { jobId: started.id };
      } catch (error) {
        return { error: asAppError(error) };
      }
    },
    setPreference: (change) => write(() => bridge().setTenantPreference(change)),
    setOverride: (change) => write(() => bridge().setFeatureOverride(change)),
    clearOverride: (change) => write(() => bridge().clearFeatureOverride(change)),
  };
});
