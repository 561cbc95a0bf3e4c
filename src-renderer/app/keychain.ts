import { useState } from 'react';
import { useAppStore } from './app-store';
import { showFailure } from './failures';
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
      await useAppStore.getState().recheckKeychain();
      await useTenantsStore.getState().load();
    } catch (error) {
      showFailure(error);
    } finally {
      setChecking(false);
    }
  };
  return { checking, recheck };
}
