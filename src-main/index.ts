// The Electron shell: the only file that wires the plain-Node services to Electron itself.
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session, shell } from 'electron';
import { appHost, appIndexUrl, appScheme, appSchemePrivileges, createAppProtocolHandler } from './electron/app-protocol';
import { denyAllPermissions, hardenWebContents } from './electron/guards';
import { registerIpcHandlers } from './electron/ipc';
import { electronStoreDocumentFiles } from './electron/store-files';
import { mainWindowOptions } from './electron/window-options';
import { createDispatcher } from './ipc/dispatcher';
import { trustedOriginOf, type TrustedOrigin } from './ipc/trusted-sender';
import { createFileLogger, SecretRedactor } from './log/logger';
import { logFilePath, resolveDataDir } from './paths';
import { createKeyringSecretStore } from './secrets/keyring-store';
import { keychainServiceName } from './secrets/secret-store';
import { createHandlers } from './services';

// Must run before `ready`.
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
app.enableSandbox();

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const ownWebContents = new Set<number>();
let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error('BYOM Desk could not start:', error instanceof Error ? error.message : error);
    app.quit();
  });
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(app.getPath('userData'));
  const redactor = new SecretRedactor();
  const log = createFileLogger(logFilePath(dataDir), redactor);
  const openExternal = (url: string) => shell.openExternal(url);

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, { openExternal, log }));
  denyAllPermissions(session.defaultSession, log);

  const rendererDir = join(import.meta.dirname, '../renderer');
  protocol.handle(appScheme, createAppProtocolHandler(rendererDir));

  const trusted: TrustedOrigin[] = [{ protocol: `${appScheme}:`, host: appHost }];
  if (devServerUrl) trusted.push(trustedOriginOf(devServerUrl));

  const handlers = createHandlers({
    shell: 'electron',
    appName: 'BYOM Desk',
    appVersion: app.getVersion(),
    dataDir,
    secrets: createKeyringSecretStore(keychainServiceName()),
    files: electronStoreDocumentFiles(dataDir),
    log,
    redactor,
    openExternal: async (url) => {
      await openExternal(url);
      return true;
    },
  });
  registerIpcHandlers(ipcMain, createDispatcher(handlers, trusted, log), (id) => ownWebContents.has(id));

  mainWindow = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs')));
  const id = mainWindow.webContents.id;
  ownWebContents.add(id);
  mainWindow.on('closed', () => {
    ownWebContents.delete(id);
    mainWindow = null;
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  await mainWindow.loadURL(devServerUrl ?? appIndexUrl);
  log.info('app.started', { version: app.getVersion(), dev: Boolean(devServerUrl) });
}

app.on('window-all-closed', () => app.quit());
