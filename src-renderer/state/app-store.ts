import { create } from 'zustand';
import type { AppInfo } from '../../src-shared/app-info';
import type { AppErrorShape } from '../../src-shared/errors';

export const screens = [
  { id: 'tenants', label: 'Tenants' },
  { id: 'setup', label: 'Setup' },
  { id: 'inventory', label: 'Inventory' },
  { id: 'drafts', label: 'Drafts' },
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

export const useAppStore = create<AppState>((set) => ({
  screen: 'tenants',
  appInfo: null,
  errors: [],
  goTo: (screen) => set({ screen }),
  setAppInfo: (appInfo) => set({ appInfo }),
  // The newest five are kept: a burst of failures should not bury the screen.
  showError: (error) => set((s) => ({ errors: [...s.errors, { ...error, id: nextErrorId++ }].slice(-5) })),
  dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
}));
