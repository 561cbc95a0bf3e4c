// A stand-in for the `electron` module: records what the shell asks of it, so unit tests can check
// every security setting without the Electron binary.
import { EventEmitter } from 'node:events';

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  url = 'app://byom-desk/index.html';
  isDestroyed() {
    return false;
  }
  getURL() {
    return this.url;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class FakeSession {
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | undefined;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | undefined;
  setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']) {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']) {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermissionHandler']) {
    this.devicePermissionHandler = h;
  }
}

export function createFakeElectron(options: { failLoad?: Error } = {}) {
  const calls: string[] = [];
  const errorBoxes: { title: string; content: string }[] = [];
  const windows: FakeBrowserWindow[] = [];
  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const opened: string[] = [];
  const notifications: FakeNotification[] = [];
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | undefined;
    constructor(readonly options: Record<string, unknown>) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      if (options.failLoad) throw options.failLoad;
      this.loadedUrl = url;
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    show() {}
  }

  class FakeNotification extends EventEmitter {
    static supported = true;
    static isSupported() {
      return FakeNotification.supported;
    }
    shown = false;
    constructor(readonly options: { title: string; body: string }) {
      super();
      notifications.push(this);
    }
    show() {
      this.shown = true;
    }
  }

  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    singleInstance: true,
    enableSandbox: () => calls.push('enableSandbox'),
    requestSingleInstanceLock: () => {
      calls.push('requestSingleInstanceLock');
      return app.singleInstance;
    },
    quit: () => calls.push('quit'),
    exit: (code: number) => calls.push(`exit:${code}`),
    whenReady: () => ready,
    getPath: (name: string) => `/fake/${name}`,
    getVersion: () => '1.2.3',
  });

  const defaultSession = new FakeSession();
  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    ipcMain: {
      handle: (channel: string, h: (e: unknown, i: unknown) => unknown) => ipcHandlers.set(channel, h),
      // electron-store answers its renderer half here; the app never uses it, but the real store registers it.
      on: (channel: string) => calls.push(`ipcMain.on:${channel}`),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => calls.push(`registerSchemesAsPrivileged:${JSON.stringify(schemes)}`),
      handle: (scheme: string, h: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, h),
    },
    session: { defaultSession },
    dialog: { showErrorBox: (title: string, content: string) => errorBoxes.push({ title, content }) },
    webContents: { fromId: (id: number) => windows.find((w) => w.webContents.id === id)?.webContents },
    shell: {
      openExternal: async (url: string) => {
        opened.push(url);
      },
    },
  };
  return { module, calls, windows, ipcHandlers, protocolHandlers, opened, notifications, defaultSession, errorBoxes, makeReady: readyResolve };
}
