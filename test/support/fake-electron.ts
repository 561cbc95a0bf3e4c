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

interface FakeRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Displays by their work areas; the first is the primary one. */
export type FakeDisplays = { workArea: FakeRect }[];

export function createFakeElectron(options: { failLoad?: Error; displays?: FakeDisplays } = {}) {
  const calls: string[] = [];
  const errorBoxes: { title: string; content: string }[] = [];
  const windows: FakeBrowserWindow[] = [];
  const ipcHandlers = new Map<string, (event: unknown, input: unknown) => unknown>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const opened: string[] = [];
  const notifications: FakeNotification[] = [];
  const menus: unknown[] = [];
  const messageBoxes: { parent: unknown; options: Record<string, unknown> }[] = [];
  const clipboardTexts: string[] = [];
  const screenEvents = new EventEmitter();
  let displays: FakeDisplays = options.displays ?? [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  let messageBoxResponse = 0;
  let readyResolve: () => void = () => {};
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | undefined;
    constructor(readonly options: Record<string, unknown>) {
      super();
      const { x, y, width, height } = options as Partial<FakeRect>;
      // Electron centers a window given no position on the primary display.
      const primary = displays[0]!.workArea;
      this.bounds = {
        width: width ?? 800,
        height: height ?? 600,
        x: x ?? primary.x + Math.round((primary.width - (width ?? 800)) / 2),
        y: y ?? primary.y + Math.round((primary.height - (height ?? 600)) / 2),
      };
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    async loadURL(url: string) {
      if (options.failLoad) throw options.failLoad;
      this.loadedUrl = url;
    }
    bounds: FakeRect = { x: 0, y: 0, width: 0, height: 0 };
    maximized = false;
    minimized = false;
    shown = false;
    focused = false;
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
    }
    focus() {
      this.focused = true;
    }
    show() {
      this.shown = true;
    }
    getBounds() {
      return { ...this.bounds };
    }
    getNormalBounds() {
      return { ...this.bounds };
    }
    setBounds(bounds: FakeRect) {
      this.bounds = { ...bounds };
    }
    isMaximized() {
      return this.maximized;
    }
    isFullScreen() {
      return false;
    }
    maximize() {
      this.maximized = true;
      this.shown = true;
    }
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
    dialog: {
      showErrorBox: (title: string, content: string) => errorBoxes.push({ title, content }),
      showMessageBox: async (...args: unknown[]) => {
        const [parent, options] = args.length === 2 ? args : [undefined, args[0]];
        messageBoxes.push({ parent, options: options as Record<string, unknown> });
        return { response: messageBoxResponse };
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => menus.push(menu),
    },
    clipboard: { writeText: (text: string) => clipboardTexts.push(text) },
    screen: Object.assign(screenEvents, {
      getAllDisplays: () => displays,
      getPrimaryDisplay: () => displays[0]!,
    }),
    webContents: { fromId: (id: number) => windows.find((w) => w.webContents.id === id)?.webContents },
    shell: {
      openExternal: async (url: string) => {
        opened.push(url);
      },
    },
  };
  return {
    module,
    calls,
    windows,
    ipcHandlers,
    protocolHandlers,
    opened,
    notifications,
    defaultSession,
    errorBoxes,
    makeReady: readyResolve,
    menus,
    messageBoxes,
    clipboardTexts,
    /** Changes the displays, as when one is unplugged; emit `display-removed` on `module.screen` after. */
    setDisplays: (next: FakeDisplays) => (displays = next),
    answerMessageBoxWith: (response: number) => (messageBoxResponse = response),
  };
}
