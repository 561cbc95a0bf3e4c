// The app's screens, in one table: each one's path (`#/<id>`), its label in the navigation bar, how
// its code is loaded (its own chunk, fetched the first time it is opened), and, for the screens that
// keep what they show in the address (`#/inventory?…`), how they write it and read it back.
import type { ComponentType } from 'react';
import { parseAuditView, serializeAuditView, currentAuditView, useAuditView } from '../features/audit/view-state';
import { parseView, serializeView, useInventoryView } from '../features/inventory/view-state';

export interface Route {
  id: string;
  label: string;
  load(): Promise<ComponentType>;
  /** The screen's view in the address query: written on every change, read back from a pasted or edited address. */
  address?: { write(): string; read(query: string): void };
}

export const routes = [
  { id: 'tenants', label: 'Tenants', load: async () => (await import('../features/tenants/TenantsScreen')).TenantsScreen },
  { id: 'setup', label: 'Setup', load: async () => (await import('../features/setup/SetupScreen')).SetupScreen },
  {
    id: 'inventory',
    label: 'Inventory',
    load: async () => (await import('../features/inventory/InventoryScreen')).InventoryScreen,
    address: {
      write: () => serializeView(useInventoryView.getState()),
      read: (query: string) => useInventoryView.setState(parseView(query)),
    },
  },
  { id: 'drafts', label: 'Drafts', load: async () => (await import('../features/drafts/DraftsScreen')).DraftsScreen },
  { id: 'rotation', label: 'Rotate keys', load: async () => (await import('../features/rotation/RotationScreen')).RotationScreen },
  {
    id: 'audit',
    label: 'Audit log',
    load: async () => (await import('../features/audit/AuditScreen')).AuditScreen,
    address: {
      write: () => serializeAuditView(currentAuditView()),
      read: (query: string) => useAuditView.setState(parseAuditView(query)),
    },
  },
  { id: 'settings', label: 'Settings', load: async () => (await import('../features/settings/SettingsScreen')).SettingsScreen },
] as const satisfies readonly Route[];

export type ScreenId = (typeof routes)[number]['id'];

export const routeOf = (id: ScreenId): Route => routes.find((r) => r.id === id)!;
