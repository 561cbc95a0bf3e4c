// The desktop app's menu, as a plain template: no Electron here (the shell passes it to
// `Menu.buildFromTemplate`), so a test can read every platform's menu on any machine.
//
// macOS gets the standard App, File, Edit, View, Window and Help menus; Windows and Linux the same
// commands where those systems keep them (Exit in File, About in Help, Alt+letter mnemonics). The
// Edit menu is not decoration: without its cut, copy, paste and select all roles, those keys do
// nothing in a text field on macOS.
import { alationDocs } from '../../src-shared/alation-docs';
import { actionCommands, screenCommands, settingsCommand, type PageCommand } from '../../src-shared/app-commands';

/** The roles this menu uses: a subset of Electron's, so the template is a valid Electron template. */
export type MenuRole =
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'startSpeaking'
  | 'stopSpeaking'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'window'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'close'
  | 'help';

export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'separator';
  accelerator?: string;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface MenuActions {
  /** The About dialog (app, Electron, Chromium and Node versions). */
  showAbout(): void;
  /** Asks the page to run one of its commands (the `app.command` event). */
  sendToPage(command: PageCommand): void;
  /** Opens a documentation page in the OS browser. */
  openLink(url: string): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  appName: string;
  /** Reload and developer tools, for a build that is not packaged. */
  developerItems: boolean;
}

const separator: MenuItemTemplate = { type: 'separator' };

/** A menu item for one of the app's commands, with its label and accelerator from the one table. */
function commandItem(
  command: { command: PageCommand; label: string; accelerator?: string },
  actions: MenuActions,
  label = command.label,
): MenuItemTemplate {
  return {
    label,
    ...(command.accelerator ? { accelerator: command.accelerator } : {}),
    click: () => actions.sendToPage(command.command),
  };
}

const action = (name: (typeof actionCommands)[number]['command']) => actionCommands.find((a) => a.command === name)!;

/** Windows and Linux mark each top menu's Alt+letter; macOS has no mnemonics. */
function topLabel(label: string, mac: boolean): string {
  return mac ? label : `&${label}`;
}

function fileMenu(mac: boolean, options: MenuOptions, actions: MenuActions): MenuItemTemplate {
  return {
    label: topLabel('File', mac),
    submenu: [
      commandItem(action('tenant.new'), actions),
      commandItem(action('setup.new'), actions),
      commandItem(action('draft.new'), actions),
      separator,
      // macOS closes the window from File and quits from the App menu; elsewhere File ends with Exit.
      mac ? { role: 'close' } : { role: 'quit', label: options.platform === 'win32' ? 'Exit' : 'Quit' },
    ],
  };
}

function editMenu(mac: boolean, actions: MenuActions): MenuItemTemplate {
  const clipboard: MenuItemTemplate[] = [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }];
  return {
    label: topLabel('Edit', mac),
    submenu: mac
      ? [
          { role: 'undo' },
          { role: 'redo' },
          separator,
          ...clipboard,
          { role: 'pasteAndMatchStyle' },
          { role: 'delete' },
          { role: 'selectAll' },
          separator,
          { label: 'Speech', submenu: [{ role: 'startSpeaking' }, { role: 'stopSpeaking' }] },
        ]
      : [
          { role: 'undo' },
          { role: 'redo' },
          separator,
          ...clipboard,
          { role: 'delete' },
          separator,
          { role: 'selectAll' },
          separator,
          commandItem(settingsCommand, actions, 'Settings'),
        ],
  };
}

function viewMenu(mac: boolean, options: MenuOptions, actions: MenuActions): MenuItemTemplate {
  const screens = screenCommands.map((s) => commandItem(s, actions));
  const developer: MenuItemTemplate[] = options.developerItems
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, separator]
    : [];
  return {
    label: topLabel('View', mac),
    submenu: [
      ...screens,
      separator,
      commandItem(action('palette.open'), actions),
      commandItem(action('inventory.refresh'), actions),
      commandItem(action('help.shortcuts'), actions),
      separator,
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  };
}

function windowMenu(mac: boolean): MenuItemTemplate {
  // On macOS the `window` role makes it the system's Window menu (the list of open windows).
  return mac
    ? { label: 'Window', role: 'window', submenu: [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }] }
    : { label: topLabel('Window', mac), submenu: [{ role: 'minimize' }, { role: 'close' }] };
}

function helpMenu(mac: boolean, options: MenuOptions, actions: MenuActions): MenuItemTemplate {
  const docs: MenuItemTemplate[] = alationDocs.map((doc) => ({ label: doc.label, click: () => actions.openLink(doc.url) }));
  const about: MenuItemTemplate[] = mac ? [] : [separator, { label: `About ${options.appName}`, click: () => actions.showAbout() }];
  // The `help` role gives macOS's Help menu its search field.
  return { label: topLabel('Help', mac), role: 'help', submenu: [...docs, ...about] };
}

export function buildMenuTemplate(options: MenuOptions, actions: MenuActions): MenuItemTemplate[] {
  const mac = options.platform === 'darwin';
  const appMenu: MenuItemTemplate = {
    label: options.appName,
    submenu: [
      // Our own About (the same dialog as on Windows and Linux), not the `about` role's panel,
      // which shows neither Chromium's nor Node's version.
      { label: `About ${options.appName}`, click: () => actions.showAbout() },
      separator,
      commandItem(settingsCommand, actions),
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };
  return [
    ...(mac ? [appMenu] : []),
    fileMenu(mac, options, actions),
    editMenu(mac, actions),
    viewMenu(mac, options, actions),
    windowMenu(mac),
    helpMenu(mac, options, actions),
  ];
}
