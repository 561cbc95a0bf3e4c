// The Electron shell: the only file that wires the plain-Node services to Electron itself.
import { join } from 'node:path';
import { release } from 'node:os';
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  Notification,
  protocol,
  screen,
  session,
  shell,
  webContents,
} from 'electron';
import { appHost, appIndexUrl, appScheme, appSchemePrivileges, createAppProtocolHandler } from './electron/app-protocol';
import { denyAllPermissions, hardenWebContents } from './electron/guards';
import { registerIpcHandlers, sendEventToWindows } from './electron/ipc';
import { initialPlacement, installApplicationMenu, rememberWindowState, showPlaced } from './electron/desktop-shell';
import { bringToFront, createNotifier } from './electron/notifications';
import { createSignInPageOpener } from './electron/system-browser';
import { electronStoreDocumentFiles } from './electron/store-files';
import { openMainWindow } from './electron/window-options';
import { createDispatcher } from './ipc/dispatcher';
import { createEventHub } from './ipc/events';
import { trustedOriginOf, type TrustedOrigin } from './ipc/trusted-sender';
import { createFileLogger, SecretRedactor, silentLogger, type Logger } from './log/logger';
import { logFilePath, resolveDataDir } from './paths';
import { createKeyringSecretStore } from './secrets/keyring-store';
import { keychainServiceName } from './secrets/secret-store';
import { createServices, type Services } from './services';
import { appId, productName } from './desktop/app-identity';
import { createWindowStateStore } from './desktop/window-state';
import { lockDataFolder } from './storage/data-folder-lock';

// Must run before `ready`.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
app.enableSandbox();
// Windows shows a notification only for the app whose Start menu shortcut has this id (the installer's).
if (process.platform === 'win32') app.setAppUserModelId(appId);

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const ownWebContents = new Set<number>();
let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;
let log: Logger = silentLogger;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // A second launch (a double click on the icon, a file manager) brings the running window up.
  app.on('second-instance', () => {
    if (mainWindow) bringToFront(mainWindow);
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => failedToStart(error));
}

/** A start that fails must not leave an app with no window: say why, log it, and quit. */
function failedToStart(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  log.error('app.start_failed', { error: error instanceof Error ? error.name : typeof error });
  console.error('BYOM Desk could not start:', message);
  dialog.showErrorBox('BYOM Desk could not start', `${message}\n\nThe log is in the app's data folder (logs/main.log).`);
  app.exit(1);
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(app.getPath('userData'));
  // One writer per data folder: a harness (or another app on BYOM_DESK_DATA_DIR) refuses us here.
  lockDataFolder(dataDir, { holder: 'BYOM Desk', releaseOnExit: true });
  const redactor = new SecretRedactor();
  log = createFileLogger(logFilePath(dataDir), redactor);
  const openExternal = (url: string) => shell.openExternal(url);

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { openExternal, log }));
  denyAllPermissions(session.defaultSession, log);

  const rendererDir = join(import.meta.dirname, '../renderer');
  protocol.handle(appScheme, createAppProtocolHandler(rendererDir));

  const trusted: TrustedOrigin[] = [{ protocol: `${appScheme}:`, host: appHost }];
  if (devServerUrl) trusted.push(trustedOriginOf(devServerUrl));

  const events = createEventHub(log);
  events.subscribe(sendEventToWindows(ownWebContents, (id) => webContents.fromId(id), trusted));
  services = createServices({
    shell: 'electron',
    appName: 'BYOM Desk',
    appVersion: app.getVersion(),
    dataDir,
    secrets: createKeyringSecretStore(keychainServiceName()),
    files: electronStoreDocumentFiles(dataDir),
    log,
    redactor,
    events,
    openExternal: async (url: string) => {
      await openExternal(url);
      return true;
    },
    notify: createNotifier(Notification, () => mainWindow, log),
    openSignInPage: createSignInPageOpener(openExternal, log),
  });
  registerIpcHandlers(ipcMain, createDispatcher(services.handlers, trusted, log), (id) => ownWebContents.has(id));

  installApplicationMenu({
    Menu,
    dialog,
    clipboard,
    mainWindow: () => mainWindow,
    menu: { appName: productName, developerItems: !app.isPackaged },
    about: {
      appName: productName,
      appVersion: app.getVersion(),
      versions: process.versions,
      platform: process.platform,
      arch: process.arch,
      osRelease: release(),
    },
    sendToPage: (command) => events.emit('app.command', { command }),
    openExternal,
    log,
  });

  const windowState = createWindowStateStore(electronStoreDocumentFiles(dataDir), log);
  const placement = initialPlacement(windowState, screen);
  mainWindow = openMainWindow(BrowserWindow, join(import.meta.dirname, '../preload/index.cjs'), placement.bounds);
  rememberWindowState(mainWindow, windowState, screen);
  const id = mainWindow.webContents.id;
  ownWebContents.add(id);
  mainWindow.on('closed', () => {
    ownWebContents.delete(id);
    mainWindow = null;
  });
  mainWindow.once('ready-to-show', () => {
    if (mainWindow) showPlaced(mainWindow, placement);
  });
  await mainWindow.loadURL(devServerUrl ?? appIndexUrl);
  log.info('app.started', { version: app.getVersion(), dev: Boolean(devServerUrl) });
}

// On quit, running jobs are cancelled and waited for, and every tenant connection is closed,
// before the process goes: nothing is left half-sent.
let disposing: Promise<void> | null = null;
app.on('before-quit', (event) => {
  if (!services) return;
  event.preventDefault();
  disposing ??= services
    .dispose()
    .catch(() => log.warn('app.dispose_failed'))
    .finally(() => {
      services = null;
      app.quit();
    });
});

app.on('window-all-closed', () => app.quit());
