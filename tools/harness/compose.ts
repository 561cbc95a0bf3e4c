import type { EventName } from '../../src-shared/contract-names';
import { createDispatcher, type Dispatcher } from '../../src-main/ipc/dispatcher';
import { createEventHub, type EventHub } from '../../src-main/ipc/events';
import type { TrustedOrigin } from '../../src-main/ipc/trusted-sender';
import { createFileLogger, SecretRedactor, type Logger } from '../../src-main/log/logger';
import { logFilePath } from '../../src-main/paths';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { keychainServiceName, type SecretStore } from '../../src-main/secrets/secret-store';
import { createServices } from '../../src-main/services';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import type { SweepClock } from '../../src-main/sweep-schedule/scheduled-sweep';

export interface NodeServices {
  dispatcher: Dispatcher;
  events: EventHub;
  secrets: SecretStore;
  log: Logger;
  /** The events that describe the present, for a stream that just connected. */
  snapshot(): { name: EventName; payload: unknown }[];
  dispose(): Promise<void>;
}

/** The real main-process services in plain Node: the keychain, conf files, the dispatcher, the events. */
export function composeNodeServices(
  dataDir: string,
  trusted: TrustedOrigin[],
  version: string,
  testing: { sweepClock?: SweepClock } = {},
): NodeServices {
  const redactor = new SecretRedactor();
  const log = createFileLogger(logFilePath(dataDir), redactor);
  const secrets = createKeyringSecretStore(keychainServiceName());
  const events = createEventHub(log);
  const services = createServices({
    shell: 'web-harness',
    appName: 'BYOM Desk',
    appVersion: version,
    dataDir,
    secrets,
    files: confDocumentFiles(dataDir),
    log,
    redactor,
    events,
    // The harness has no OS browser to hand links to; the page tells the user so.
    openExternal: async () => false,
    // No `notify`: a browser tab has no OS notifications of ours; the page's banner reminds instead.
    ...(testing.sweepClock ? { sweepClock: testing.sweepClock } : {}),
  });
  return {
    dispatcher: createDispatcher(services.handlers, trusted, log),
    events,
    secrets,
    log,
    snapshot: () => services.snapshot(),
    dispose: () => services.dispose(),
  };
}
