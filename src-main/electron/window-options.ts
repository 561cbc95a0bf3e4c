import type { BrowserWindow as ElectronWindow, BrowserWindowConstructorOptions } from 'electron';
import { defaultWindowSize, minimumWindowSize, type Rect } from '../desktop/window-state';

/** Electron's `BrowserWindow` class, passed in so the options can be checked without Electron. */
export type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => ElectronWindow;

/**
 * Opens the main window at the given bounds: sandboxed, isolated, no Node, no webviews, and no
 * middle click (Blink's `Auxclick`) that could open a link in a new window. The options are a literal at the
 * `new BrowserWindow(...)` call on purpose: Electronegativity (in `npm test`) reads them only there,
 * and the parameter keeps Electron's class name for the same reason.
 */
export function openMainWindow(
  BrowserWindow: BrowserWindowClass,
  preloadPath: string,
  bounds: Partial<Rect> = defaultWindowSize,
): ElectronWindow {
  return new BrowserWindow({
    // Where it was last closed (src-main/desktop/window-state.ts); without x and y Electron centers it.
    x: bounds.x,
    y: bounds.y,
    width: bounds.width ?? defaultWindowSize.width,
    height: bounds.height ?? defaultWindowSize.height,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    show: false,
    title: 'BYOM Desk',
    // The menu bar stays in view on Windows and Linux, as in other desktop apps.
    autoHideMenuBar: false,
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
