// "Tenant settings" from outside the Inventory (a Tenants row's menu): the Inventory screen opens
// that tenant's defaults and overrides once it is shown.
import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import { useAppStore } from '../../app/app-store';

export const useTenantSettingsRequest = create<{ tenantId: string | null; request(tenantId: string): void; clear(): void }>((set) => ({
  tenantId: null,
  request(tenantId) {
    set({ tenantId });
    useAppStore.getState().goTo('inventory');
  },
  clear: () => set({ tenantId: null }),
}));

/**
 * The tenant whose settings the Inventory shows, if any: [editing, set it, open one on the Defaults
 * and overrides tab]; a request from the Tenants screen opens that tenant's.
 */
export function useSettingsEditing(showSettingsTab: () => void) {
  const [editing, setEditing] = useState<string | null>(null);
  const showTab = useRef(showSettingsTab);
  showTab.current = showSettingsTab;
  const requested = useTenantSettingsRequest((s) => s.tenantId);
  const editSettings = (tenantId: string) => {
    showTab.current();
    setEditing(tenantId);
  };
  useEffect(() => {
    if (!requested) return;
    useTenantSettingsRequest.getState().clear();
    showTab.current();
    setEditing(requested);
  }, [requested]);
  return [editing, setEditing, editSettings] as const;
}
