// Composes the main-process services into the contract's handlers. Plain Node: the Electron shell
// and the web harness both call this with their own adapters.
import type { Handlers } from './ipc/handlers';
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
  };
}
