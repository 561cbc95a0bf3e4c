// The desktop conventions, wired to Electron's pieces (passed in, so the unit tests drive them with
// fakes): the application menu, the About dialog, and a main window that opens where it was closed
// and stays on a display that is there.
import type { PageCommand } from '../../src-shared/app-commands';
import { aboutDialog, type AboutFacts } from '../desktop/about';
import { buildMenuTemplate, type MenuActions, type MenuItemTemplate, type MenuOptions } from '../desktop/app-menu';
import {
  boundsAfterDisplayChange,
  placeWindow,
  windowStateOf,
  type DisplayArea,
  type Rect,
  type WindowPlacement,
  type WindowStateStore,
} from '../desktop/window-state';
import type { Logger } from '../log/logger';
import { openOutside } from './guards';

export interface MenuModule {
  buildFromTemplate(template: MenuItemTemplate[]): unknown;
  setApplicationMenu(menu: unknown): void;
}

export interface AboutBoxOptions {
  type: 'info';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
}

/** Electron's `dialog`: over a window (a sheet on macOS) or on its own. */
export interface MessageBoxModule {
  showMessageBox(parent: StatefulWindow, options: AboutBoxOptions): Promise<{ response: number }>;
  showMessageBox(options: AboutBoxOptions): Promise<{ response: number }>;
}

export interface ClipboardModule {
  writeText(text: string): void;
}

export interface ScreenModule {
  getAllDisplays(): DisplayArea[];
  getPrimaryDisplay(): DisplayArea;
  on(event: 'display-removed' | 'display-metrics-changed', listener: () => void): unknown;
  removeListener(event: 'display-removed' | 'display-metrics-changed', listener: () => void): unknown;
}

export interface StatefulWindow {
  getBounds(): Rect;
  getNormalBounds(): Rect;
  setBounds(bounds: Rect): void;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  maximize(): void;
  show(): void;
  focus(): void;
  on(event: 'close' | 'closed', listener: () => void): unknown;
}

export interface DesktopShellDeps {
  Menu: MenuModule;
  dialog: MessageBoxModule;
  clipboard: ClipboardModule;
  mainWindow(): StatefulWindow | null;
  menu: Omit<MenuOptions, 'platform'> & { platform?: NodeJS.Platform };
  about: AboutFacts;
  /** Sends the page an `app.command` event. */
  sendToPage(command: PageCommand): void;
  openExternal(url: string): Promise<void>;
  log: Logger;
}

/** The About dialog, over the main window when there is one; Copy puts the versions on the clipboard. */
export async function showAboutDialog(deps: Pick<DesktopShellDeps, 'dialog' | 'clipboard' | 'mainWindow' | 'about'>): Promise<void> {
  const about = aboutDialog(deps.about);
  const options: AboutBoxOptions = {
    type: 'info',
    title: about.title,
    message: about.message,
    detail: about.detail,
    buttons: about.buttons,
    defaultId: about.defaultId,
    cancelId: about.cancelId,
  };
  const parent = deps.mainWindow();
  const { response } = parent ? await deps.dialog.showMessageBox(parent, options) : await deps.dialog.showMessageBox(options);
  if (response === about.copyButton) deps.clipboard.writeText(`${about.message}\n${about.detail}`);
}

/** Builds the application menu for this platform and makes it the app's. */
export function installApplicationMenu(deps: DesktopShellDeps): MenuItemTemplate[] {
  const actions: MenuActions = {
    showAbout: () => {
      showAboutDialog(deps).catch(() => deps.log.warn('shell.about_failed'));
    },
    sendToPage: (command) => deps.sendToPage(command),
    // The links are ours, but the rule is the page's: https only, to the OS browser.
    openLink: (url) => openOutside(url, deps),
  };
  const template = buildMenuTemplate({ platform: process.platform, ...deps.menu }, actions);
  deps.Menu.setApplicationMenu(deps.Menu.buildFromTemplate(template));
  return template;
}

/** Where the main window opens: as it was last closed, on a display that is there now. */
export function initialPlacement(store: WindowStateStore, screen: ScreenModule): WindowPlacement {
  return placeWindow(store.load(), screen.getAllDisplays(), screen.getPrimaryDisplay());
}

/** Shows the window for the first time, maximized if it was when it was closed. */
export function showPlaced(win: StatefulWindow, placement: WindowPlacement): void {
  if (placement.maximized) {
    // maximize() also shows the window, on the display its bounds are on.
    win.maximize();
    win.focus();
  } else {
    win.show();
  }
}

/**
 * Saves the window's size, position and maximized state when it closes, and moves it back onto a
 * display when the one it was on is removed (or shrinks) while the app runs.
 */
export function rememberWindowState(win: StatefulWindow, store: WindowStateStore, screen: ScreenModule): void {
  const keepVisible = () => {
    if (win.isMaximized() || win.isFullScreen()) return;
    const moved = boundsAfterDisplayChange(win.getBounds(), screen.getAllDisplays(), screen.getPrimaryDisplay());
    if (moved) win.setBounds(moved);
  };
  screen.on('display-removed', keepVisible);
  screen.on('display-metrics-changed', keepVisible);
  win.on('close', () => store.save(windowStateOf(win.getNormalBounds(), win.isMaximized())));
  win.on('closed', () => {
    screen.removeListener('display-removed', keepVisible);
    screen.removeListener('display-metrics-changed', keepVisible);
  });
}
