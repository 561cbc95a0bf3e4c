// The app's settings as the page sees them. Made with the bridge passed in, so a test can give it a
// fake one; the app's own store uses the window's bridge.
import { create } from 'zustand';
import type { AppSettings, AppSettingsChange } from '../../../src-shared/app-settings';
import type { BridgeApi } from '../../../src-shared/contract';
import { bridge } from '../../bridge';

type SettingsBridge = Pick<BridgeApi, 'getAppSettings' | 'updateAppSettings' | 'on'>;

export interface SettingsState {
  /** null until main has answered. */
  settings: AppSettings | null;
  /** Reads the settings and follows their changes (another window, the command line). Throws what main refused. */
  attach(): Promise<void>;
  /** Saves a change, all or none. Throws main's validation error, which names each refused field. */
  save(change: AppSettingsChange): Promise<AppSettings>;
}

export function createSettingsStore(api: () => SettingsBridge) {
  let following = false;
  return create<SettingsState>((set) => ({
    settings: null,
    attach: async () => {
      if (!following) {
        following = true;
        api().on('settings.changed', (settings) => set({ settings }));
      }
      set({ settings: await api().getAppSettings() });
    },
    save: async (change) => {
      const settings = await api().updateAppSettings(change);
      set({ settings });
      return settings;
    },
  }));
}

export const useSettingsStore = createSettingsStore(bridge);

/** Shows the theme the settings chose: `system` leaves it to the OS (styles.css uses light-dark()). */
export function applyTheme(theme: AppSettings['theme'] | undefined, root: HTMLElement = document.documentElement): void {
  if (!theme || theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
}
