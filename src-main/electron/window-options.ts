import type { BrowserWindow as ElectronWindow, BrowserWindowConstructorOptions } from 'electron';

/** Electron's `BrowserWindow` class, passed in so the options can be checked without Electron. */
export type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => ElectronWindow;

/**
 * Opens the main window: sandboxed, isolated, no Node, no webviews, and no middle click (Blink's
 * `Auxclick`) that could open a link in a new window. The options are a literal at the
 * `new BrowserWindow(...)` call on purpose: Electronegativity (in `npm test`) reads them only there,
 * and the parameter keeps Electron's class name for the same reason.
 */
export function openMainWindow(BrowserWindow: BrowserWindowClass, preloadPath: string): ElectronWindow {
  return new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'BYOM Desk',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
}
