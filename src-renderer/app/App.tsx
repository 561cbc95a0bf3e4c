import { useEffect } from 'react';
import { asAppError, bridge } from '../bridge';
import { AuditScreen } from '../screens/AuditScreen';
import { DraftsScreen } from '../screens/DraftsScreen';
import { InventoryScreen } from '../screens/InventoryScreen';
import { RotationScreen } from '../screens/RotationScreen';
import { SetupScreen } from '../screens/SetupScreen';
import { TenantsScreen } from '../screens/TenantsScreen';
import { useAppStore, type ScreenId } from '../state/app-store';
import { useJobsStore } from '../state/jobs-store';
import { ErrorBanner } from './ErrorBanner';
import { ExpiryBanner } from './ExpiryBanner';
import { NavBar } from './NavBar';
import { StatusBar } from './StatusBar';

const screenComponents: Record<ScreenId, () => React.JSX.Element> = {
  tenants: TenantsScreen,
  setup: SetupScreen,
  inventory: InventoryScreen,
  drafts: DraftsScreen,
  rotation: RotationScreen,
  audit: AuditScreen,
};

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

  const Screen = screenComponents[screen];
  return (
    <div className="app-frame">
      <NavBar />
      <div className="app-main">
        <ErrorBanner />
        <ExpiryBanner />
        <main className="screen" aria-labelledby="screen-title">
          <Screen />
        </main>
      </div>
      <StatusBar />
    </div>
  );
}
