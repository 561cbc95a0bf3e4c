import { createDispatcher, type Dispatcher } from '../../src-main/ipc/dispatcher';
import type { TrustedOrigin } from '../../src-main/ipc/trusted-sender';
import { createFileLogger, SecretRedactor, type Logger } from '../../src-main/log/logger';
import { logFilePath } from '../../src-main/paths';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { keychainServiceName, type SecretStore } from '../../src-main/secrets/secret-store';
import { createHandlers } from '../../src-main/services';
import { confDocumentFiles } from '../../src-main/storage/document-file';

export interface NodeServices {
  dispatcher: Dispatcher;
  secrets: SecretStore;
  log: Logger;
}

/** The real main-process services in plain Node: the keychain, conf files, the dispatcher. */
export function composeNodeServices(dataDir: string, trusted: TrustedOrigin[], version: string): NodeServices {
  const redactor = new SecretRedactor();
  const log = createFileLogger(logFilePath(dataDir), redactor);
  const secrets = createKeyringSecretStore(keychainServiceName());
  const handlers = createHandlers({
    shell: 'web-harness',
    appName: 'BYOM Desk',
    appVersion: version,
    dataDir,
    secrets,
    files: confDocumentFiles(dataDir),
    log,
    redactor,
    // The harness has no OS browser to hand links to; the page tells the user so.
    openExternal: async () => false,
  });
  return { dispatcher: createDispatcher(handlers, trusted, log), secrets, log };
}
