// The Settings screen's channels.
import type { HandlerSlice } from '../ipc/handlers';
import type { AppSettingsStore } from './app-settings-store';

export function settingsHandlers(settings: AppSettingsStore) {
  return {
    getAppSettings: async () => settings.get(),
    updateAppSettings: async (change) => settings.update(change),
  } satisfies HandlerSlice;
}
