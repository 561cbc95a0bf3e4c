import { useState } from 'react';
import { asAppError, bridge } from '../bridge';
import { useAppStore } from './app-store';
import { useTenantsStore } from '../features/tenants/tenants-store';

/**
 * "Check again" after the user unlocked the keychain: probes it, then reads the tenant list again
 * so every profile's secret state is fresh. No restart needed.
 */
export function useKeychainRecheck(): { checking: boolean; recheck(): Promise<void> } {
  const [checking, setChecking] = useState(false);
  const recheck = async () => {
    setChecking(true);
    try {
      const keychain = await bridge().checkKeychain();
      const info = useAppStore.getState().appInfo;
      if (info) useAppStore.getState().setAppInfo({ ...info, keychain });
      await useTenantsStore.getState().load();
    } catch (error) {
      useAppStore.getState().showError(asAppError(error));
    } finally {
      setChecking(false);
    }
  };
  return { checking, recheck };
}
