import { create } from 'zustand';
import { writeAddress } from './address';
import { routeOf, routes, type ScreenId } from './routes';
import type { AppInfo } from '../../src-shared/app-info';
import type { BridgeApi } from '../../src-shared/contract';
import { bridge } from '../bridge';
import type { AppErrorShape } from '../../src-shared/errors';

/** The screens in the navigation bar's order (the routes table's). */
export const screens = routes.map(({ id, label }) => ({ id, label }));
export type { ScreenId };

export interface ShownError extends AppErrorShape {
  id: number;
}

interface AppState {
  screen: ScreenId;
  appInfo: AppInfo | null;
  errors: ShownError[];
  goTo(screen: ScreenId): void;
  /** Asks main for the app's versions, platform, data folder and keychain; a failure is thrown. */
  loadAppInfo(): Promise<void>;
  /** Probes the keychain again (after the user unlocked it) and keeps what it says; a failure is thrown. */
  recheckKeychain(): Promise<void>;
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
  writeAddress(screen, routeOf(screen).address?.write() ?? '');
}

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createAppStore(api: () => BridgeApi = bridge) {
  return create<AppState>((set) => ({
    screen: screenFromAddress(),
    appInfo: null,
    errors: [],
    goTo: (screen) => {
      showInAddress(screen);
      set({ screen });
    },
    loadAppInfo: async () => set({ appInfo: await api().getAppInfo() }),
    recheckKeychain: async () => {
      const keychain = await api().checkKeychain();
      set((s) => (s.appInfo ? { appInfo: { ...s.appInfo, keychain } } : s));
    },
    // The newest five are kept: a burst of failures should not bury the screen. The same failure met
    // by two parts of the page at once (both loading the tenants) is shown once.
    showError: (error) =>
      set((s) =>
        s.errors.some((e) => e.code === error.code && e.message === error.message)
          ? s
          : { errors: [...s.errors, { ...error, id: nextErrorId++ }].slice(-5) },
      ),
    dismissError: (id) => set((s) => ({ errors: s.errors.filter((e) => e.id !== id) })),
  }));
}

export const useAppStore = createAppStore();

/**
 * An address pasted or edited by hand (the web harness; a link): the screen it names, showing what
 * its query says. The app's own moves replace the address without this event.
 */
export function followAddress(): () => void {
  const onHashChange = () => {
    const screen = screenFromAddress();
    routeOf(screen).address?.read(window.location.hash.split('?')[1] ?? '');
    useAppStore.setState({ screen });
  };
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}
