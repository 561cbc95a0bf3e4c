import { useEffect } from 'react';
import { asAppError, bridge } from '../bridge';
import { useAppStore } from '../state/app-store';
import { UnfinishedOperations } from '../operations/UnfinishedOperations';
import { useJobsStore } from '../state/jobs-store';
import { ErrorBanner } from './ErrorBanner';
import { ExpiryBanner } from './ExpiryBanner';
import { NavBar } from './NavBar';
import { LazyScreen } from './screens';
import { StatusBar } from './StatusBar';

export function App() {
  const screen = useAppStore((s) => s.screen);
  const setAppInfo = useAppStore((s) => s.setAppInfo);
  const showError = useAppStore((s) => s.showError);

  useEffect(() => {
    bridge()
      .getAppInfo()
      .then(setAppInfo, (error: unknown) => showError(asAppError(error)));
    void useJobsStore.getState().attach();
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
    </div>
  );
}
