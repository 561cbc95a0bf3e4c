// Tenant profiles as the page changes them: list, add, edit, remove (everything kept for a removed
// tenant is forgotten with it), the connection test of a saved profile or of the edit form, and the
// tenant list as a file.
import type { LimitFunction } from 'p-limit';
import type { StoreNoticeView } from '../../src-shared/store-notice';
import { testTenantConnection } from '../alation/connection-test';
import type { HandlerSlice } from '../ipc/handlers';
import type { CancellableOperations } from '../ipc/operations';
import type { Logger, SecretRedactor } from '../log/logger';
import type { TenantClients } from './tenant-clients';
import { tenantListHandlers } from './tenant-list-handlers';
import type { TenantProfiles } from './tenant-profiles';

export interface ProfileHandlerDeps {
  profiles: TenantProfiles;
  clients: TenantClients;
  /** Connection tests the page may cancel by the id it gave. */
  cancellable: CancellableOperations;
  log: Logger;
  redactor: SecretRedactor;
  globalLimit: LimitFunction;
  /** Notices of the documents read on start (a file moved aside, a migration), shown with the list. */
  notices: StoreNoticeView[];
  /** Forgets everything kept for a removed tenant: sign-in, client, inventory, tests, expiries. */
  forgetTenant(id: string): Promise<void>;
}

export function profileHandlers(deps: ProfileHandlerDeps) {
  const { profiles, clients } = deps;
  return {
    listTenantProfiles: async () => ({ profiles: await profiles.list(), notices: deps.notices }),
    createTenantProfile: (input) => profiles.create(input),
    updateTenantProfile: async ({ id, profile }) => {
      const { view, connectionChanged } = await profiles.update(id, profile);
      // A new name, environment or labels keeps the client and its token.
      if (connectionChanged) clients.settle(id);
      return view;
    },
    deleteTenantProfile: async ({ id }) => {
      const removed = await profiles.remove(id);
      await deps.forgetTenant(id);
      return removed;
    },
    testTenantConnection: (input) =>
      deps.cancellable.run(input.operationId, async (signal) => {
        const common = { redactor: deps.redactor, log: deps.log, globalLimit: deps.globalLimit, ...(signal ? { signal } : {}) };
        const savedId = 'draft' in input ? undefined : input.id;
        const draft = 'draft' in input ? await profiles.draftConnection(input.draft, input.id) : undefined;
        if (draft?.kind === 'draft') {
          // Unsaved values get a client of their own, closed after the test.
          const report = await testTenantConnection({ ...draft.target, ...common });
          // The test's token replaced the saved profile's at the tenant (one per OAuth client).
          if (draft.supersedes) clients.dropToken(draft.supersedes);
          return report;
        }
        const profile = profiles.get(savedId ?? draft!.id);
        return clients.withClient(profile.id, (client) =>
          testTenantConnection({ baseUrl: profile.baseUrl, ...(profile.caPem ? { caPem: profile.caPem } : {}), client, ...common }),
        );
      }),
    cancelOperation: ({ operationId }) => ({ cancelled: deps.cancellable.cancel(operationId) }),
    // The tenant list as a file: export, preview an import, import.
    ...tenantListHandlers({ profiles, clients }),
  } satisfies HandlerSlice;
}
