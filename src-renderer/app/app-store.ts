import { create } from 'zustand';
import { currentAuditView, serializeAuditView } from '../audit/view-state';
import { serializeView, useInventoryView } from '../inventory/view-state';
import { writeAddress } from './address';
import type { AppInfo } from '../../src-shared/app-info';
import type { AppErrorShape } from '../../src-shared/errors';

export const screens = [
  { id: 'tenants', label: 'Tenants' },
  { id: 'setup', label: 'Setup' },
  { id: 'inventory', label: 'Inventory' },
  { id: 'drafts', label: 'Drafts' },
  { id: 'rotation', label: 'Rotate keys' },
  { id: 'audit', label: 'Audit log' },
  { id: 'settings', label: 'Settings' },
] as const;

export type ScreenId = (typeof screens)[number]['id'];

export interface ShownError extends AppErrorShape {
  id: number;
}

interface AppState {
  screen: ScreenId;
  appInfo: AppInfo | null;
  errors: ShownError[];
  goTo(screen: ScreenId): void;
  setAppInfo(info: AppInfo): void;
  showError(error: AppErrorShape): void;
  dismissError(id: number): void;
}

let nextErrorId = 1;

/** The screen is kept in the address (`#/inventory?…`), so a reload stays where the user was. */
function screenFromAddress(): ScreenId {
  if (typeof window === 'undefined') return 'tenants';
  const id = /^#\/([a-z]+)/.exec(window.location.hash)?.[1];
  return screens.find((s) => s.id === id)?.id ?? 'tenants';
}

/** The screen, with what it shows when it keeps that in the address. */
function showInAddress(screen: ScreenId): void {
  const query =
    screen === 'inventory' ? serializeView(useInventoryView.getState()) : screen === 'audit' ? serializeAuditView(currentAuditView()) : '';
  writeAddress(screen, query);
}

export const useAppStore = create<AppState>((set) => ({
  screen: screenFromAddress(),
  appInfo: null,
  errors: [],
  goTo: (screen) => {
    showInAddress(screen);
    set({ screen });
  },
  setAppInfo: (appInfo) => set({ appInfo }),
  // The newest five are kept: a burst of failures should not bury the screen.
  showError: (error) => set((s) => ({ errors: [...s.errors, { ...error, id: nextErrorId++ }].slice(-5) })),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
}));
