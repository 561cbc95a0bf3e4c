// Browser sign-ins as the page follows them, per tenant: starting, waiting for the browser (with the
// URL to open or copy), or failed with why. Main tells how each ended (`signin.finished`); a
// completed one reloads the tenants and tests the connection, so the row says Connected.
import { showFailure } from '../../app/failures';
import { create } from 'zustand';
import type { AppErrorShape } from '../../../src-shared/errors';
import type { SignInFinished } from '../../../src-shared/signin';
import type { BridgeApi } from '../../../src-shared/contract';
import { asAppError, bridge } from '../../bridge';
import { startConnectionTests } from './connection-tests';
import { useTenantsStore } from './tenants-store';

export type SignInEntry =
  | { status: 'starting'; operationId: string }
  | { status: 'waiting'; operationId: string; authorizationUrl: string; redirectUri: string; openedByMain: boolean }
  | { status: 'failed'; error: AppErrorShape };

interface SignInState {
  byTenant: Record<string, SignInEntry>;
  start(tenantId: string): Promise<void>;
  cancel(tenantId: string): Promise<void>;
  dismiss(tenantId: string): void;
}

/** The store, made with the bridge and the tenants' store passed in (a test gives it fake ones). */
export function createSignInStore(api: () => BridgeApi = bridge, tenants: Pick<typeof useTenantsStore, 'getState'> = useTenantsStore) {
  let listening = false;
  const store = create<SignInState>(() => ({
    byTenant: {},
    async start(tenantId) {
      if (!listening) {
        listening = true;
        api().on('signin.finished', (event) => void finished(event));
      }
      const operationId = crypto.randomUUID();
      put(tenantId, { status: 'starting', operationId });
      try {
        const started = await api().startBrowserSignIn({ id: tenantId, operationId });
        if (operationOf(tenantId) !== operationId) return;
        put(tenantId, { status: 'waiting', operationId, ...started });
        // The desktop app has opened the system browser; the web harness opens a tab of its own.
        // noopener: the tenant's page gets no handle on this one.
        if (!started.openedByMain) window.open(started.authorizationUrl, '_blank', 'noopener,noreferrer');
      } catch (error) {
        if (operationOf(tenantId) === operationId) put(tenantId, { status: 'failed', error: asAppError(error) });
      }
    },
    async cancel(tenantId) {
      const operationId = operationOf(tenantId);
      put(tenantId, null);
      if (operationId)
        await api()
          .cancelBrowserSignIn({ operationId })
          .catch(() => undefined);
    },
    dismiss: (tenantId) => put(tenantId, null),
  }));

  function put(tenantId: string, entry: SignInEntry | null): void {
    store.setState((s) => {
      const byTenant = { ...s.byTenant };
      if (entry) byTenant[tenantId] = entry;
      else delete byTenant[tenantId];
      return { byTenant };
    });
  }

  function operationOf(tenantId: string): string | undefined {
    const entry = store.getState().byTenant[tenantId];
    return entry && 'operationId' in entry ? entry.operationId : undefined;
  }

  async function finished(event: SignInFinished): Promise<void> {
    // Only the page's latest sign-in of that tenant counts: an older one's end says nothing now.
    if (operationOf(event.tenantId) !== event.operationId) return;
    if (event.outcome === 'failed') return put(event.tenantId, { status: 'failed', error: event.error });
    put(event.tenantId, null);
    if (event.outcome !== 'signed-in') return;
    // What fails next is shown with the sign-in it follows (the one error policy: inline there).
    const showHere = (shown: AppErrorShape) => put(event.tenantId, { status: 'failed', error: shown });
    // The list read again failing is the app's: the banner says it, not this tenant's sign-in.
    await tenants
      .getState()
      .load()
      .catch((error: unknown) => showFailure(error));
    await startConnectionTests([event.tenantId]).catch((error: unknown) => showFailure(error, showHere));
  }

  return store;
}

export const useSignInStore = createSignInStore();
