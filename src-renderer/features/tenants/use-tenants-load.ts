// The Tenants and Setup screens read the tenant list when they open, and offer "Try again" when that
// fails. The failure itself is shown by the one error policy: beside the screen's heading when it is
// about the list, in the banner when it is the app's (storage, the bridge): the retry is offered in
// both cases.
import { useCallback, useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/errors';
import { showFailure } from '../../app/failures';
import { useTenantsStore } from './tenants-store';

export interface TenantsLoad {
  /** The last read failed: `inline` is what to show on the screen (null: the banner shows it). */
  failed: { inline: AppErrorShape | null } | null;
  /** Reads the list (again). */
  load(): void;
}

export function useTenantsLoad(): TenantsLoad {
  const [failed, setFailed] = useState<TenantsLoad['failed']>(null);
  const load = useCallback(() => {
    setFailed(null);
    useTenantsStore
      .getState()
      .load()
      .catch((error: unknown) => {
        let inline: AppErrorShape | null = null;
        showFailure(error, (shown) => (inline = shown));
        setFailed({ inline });
      });
  }, []);
  return { failed, load };
}
