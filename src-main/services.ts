// Composes the main-process services into the contract's handlers. Plain Node: the Electron shell
// and the web harness both call this with their own adapters.
import { testTenantConnection } from './alation/connection-test';
import type { Handlers } from './ipc/handlers';
import { CancellableOperations } from './ipc/operations';
import { TenantClients } from './profiles/tenant-clients';
import { TenantProfiles } from './profiles/tenant-profiles';
import { ProviderSetup } from './setup/provider-setup';
import type { Logger, SecretRedactor } from './log/logger';
import type { SecretStore } from './secrets/secret-store';
import type { DocumentFiles } from './storage/document-file';

export interface ServiceDeps {
  shell: 'electron' | 'web-harness';
  appName: string;
  appVersion: string;
  dataDir: string;
  secrets: SecretStore;
  files: DocumentFiles;
  log: Logger;
  redactor: SecretRedactor;
  /** Opens an https link in the OS browser; answers false when this shell cannot. */
  openExternal(url: string): Promise<boolean>;
}

export function createHandlers(deps: ServiceDeps): Handlers {
  const profiles = new TenantProfiles(deps);
  const clients = new TenantClients(profiles, deps);
  const operations = new CancellableOperations();
  const setup = new ProviderSetup({ clientFor: (id) => clients.clientFor(id), log: deps.log, redactor: deps.redactor });
  const notices = profiles.notices.map(({ kind, message }) => ({ kind, message }));

  return {
    getAppInfo: async () => ({
      name: deps.appName,
      version: deps.appVersion,
      platform: process.platform,
      dataDir: deps.dataDir,
      shell: deps.shell,
      keychain: await deps.secrets.status(),
    }),
    checkKeychain: () => deps.secrets.status(),
    openExternalLink: async ({ url }) => {
      deps.log.info('shell.open_external', { host: new URL(url).host });
      return { opened: await deps.openExternal(url) };
    },

    listTenantProfiles: async () => ({ profiles: await profiles.list(), notices }),
    createTenantProfile: (input) => profiles.create(input),
    updateTenantProfile: async ({ id, profile }) => {
      const updated = await profiles.update(id, profile);
      clients.forget(id);
      return updated;
    },
    deleteTenantProfile: async ({ id }) => {
      const removed = await profiles.remove(id);
      clients.forget(id);
      return removed;
    },
    testTenantConnection: (input) =>
      operations.run(input.operationId, async (signal) => {
        const common = { redactor: deps.redactor, log: deps.log, ...(signal ? { signal } : {}) };
        if ('draft' in input) {
          // Unsaved values get a client of their own, closed after the test.
          return testTenantConnection({ ...(await profiles.connectionTargetForDraft(input.draft, input.id)), ...common });
        }
        const target = await profiles.connectionTarget(input.id);
        return testTenantConnection({ ...target, client: await clients.clientFor(input.id), ...common });
      }),
    cancelOperation: ({ operationId }) => ({ cancelled: operations.cancel(operationId) }),

    startProviderSetup: (input) => setup.start(input),
    validateSetupModel: (input) => setup.validateModel(input),
    createSetupConfig: (input) => setup.createConfig(input),
    cancelProviderSetup: (input) => setup.cancel(input),
    finishProviderSetup: ({ runId }) => {
      setup.finish(runId);
      return { finished: true };
    },
    listTenantConfigs: ({ tenantId }) => setup.listConfigs(tenantId),
  };
}

