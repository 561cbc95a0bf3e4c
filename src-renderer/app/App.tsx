import { lazy, Suspense, useEffect } from 'react';
import { applyTheme, useSettingsStore } from '../features/settings/settings-store';
import { asAppError, bridge } from '../bridge';
import { useAppStore } from './app-store';
import { UnfinishedOperations } from '../features/operations/UnfinishedOperations';
import { useJobsStore } from './jobs-store';
import { ErrorBanner } from './ErrorBanner';
import { ExpiryBanner } from './ExpiryBanner';
import { NavBar } from './NavBar';
import { LazyScreen } from './LazyScreen';
import { StatusBar } from './StatusBar';
import { useOverlayStore } from './overlay-store';
import { useGlobalShortcuts } from './shortcuts';

// The palette and the help are fetched the first time they are opened.
const CommandPalette = lazy(async () => ({ default: (await import('./CommandPalette')).CommandPalette }));
const ShortcutsHelp = lazy(async () => ({ default: (await import('./ShortcutsHelp')).ShortcutsHelp }));

export function App() {
  const screen = useAppStore((s) => s.screen);
  const setAppInfo = useAppStore((s) => s.setAppInfo);
  const showError = useAppStore((s) => s.showError);
  const overlay = useOverlayStore((s) => s.open);
  const theme = useSettingsStore((s) => s.settings?.theme);
  useGlobalShortcuts();
  useEffect(() => applyTheme(theme), [theme]);

  useEffect(() => {
    bridge()
      .getAppInfo()
      .then(setAppInfo, (error: unknown) => showError(asAppError(error)));
    void useJobsStore.getState().attach();
    useSettingsStore
      .getState()
      .attach()
      .catch((error: unknown) => showError(asAppError(error)));
  }, [setAppInfo, showError]);

  return (
    <div className="app-frame">
      <NavBar />
      <div className="app-main">
        <ErrorBanner />
        <ExpiryBanner />
        <UnfinishedOperations />
        <main className="screen" aria-labelledby="screen-title">
          <LazyScreen screen={screen} />
        </main>
      </div>
      <StatusBar />
      <Suspense fallback={null}>
        {overlay === 'palette' && <CommandPalette />}
        {overlay === 'shortcuts' && <ShortcutsHelp />}
      </Suspense>
    </div>
  );
}
