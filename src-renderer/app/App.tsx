import { lazy, Suspense, useEffect } from 'react';
import { applyTheme, useSettingsStore } from '../features/settings/settings-store';
import { useAppStore } from './app-store';
import { showFailureOf } from './failures';
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
  const overlay = useOverlayStore((s) => s.open);
  const theme = useSettingsStore((s) => s.settings?.theme);
  useGlobalShortcuts();
  useEffect(() => applyTheme(theme), [theme]);

  useEffect(() => {
    showFailureOf(useAppStore.getState().loadAppInfo());
    void useJobsStore.getState().attach();
    showFailureOf(useSettingsStore.getState().attach());
  }, []);

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
