// The application menu (src-main/desktop/app-menu.ts), per platform: the menus a user of that OS
// looks for, the Edit roles without which copy and paste do nothing in a text field on macOS, the
// accelerators, and the commands that reach the page.
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuItemTemplate } from '../../src-main/desktop/app-menu';
import { alationDocs } from '../../src-shared/alation-docs';
import { actionCommands, pageCommands, settingsCommand, type PageCommand } from '../../src-shared/app-commands';

function menuFor(platform: NodeJS.Platform, developerItems = false) {
  const sent: PageCommand[] = [];
  const links: string[] = [];
  let abouts = 0;
  const template = buildMenuTemplate(
    { platform, appName: 'BYOM Desk', developerItems },
    { showAbout: () => abouts++, sendToPage: (c) => sent.push(c), openLink: (u) => links.push(u) },
  );
  return { template, sent, links, abouts: () => abouts };
}

const labelOf = (item: MenuItemTemplate) => (item.label ?? '').replace('&', '');
const topMenus = (template: MenuItemTemplate[]) => template.map(labelOf);
const menuNamed = (template: MenuItemTemplate[], name: string) => template.find((m) => labelOf(m) === name)!.submenu!;
const rolesIn = (items: MenuItemTemplate[]) => items.map((i) => i.role).filter(Boolean);
const itemNamed = (items: MenuItemTemplate[], label: string) => items.find((i) => i.label === label)!;
const everyItem = (items: MenuItemTemplate[]): MenuItemTemplate[] => items.flatMap((i) => [i, ...everyItem(i.submenu ?? [])]);

describe('the macOS menu', () => {
  const { template, sent, links, abouts } = menuFor('darwin');

  it('has the App, File, Edit, View, Window and Help menus, the App menu first and named after the app', () => {
    expect(topMenus(template)).toEqual(['BYOM Desk', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(rolesIn(template[0]!.submenu!)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit']);
    // The system's Window menu (its list of windows) and Help menu (its search field) come from their roles.
    expect(template.find((m) => m.label === 'Window')!.role).toBe('window');
    expect(template.find((m) => m.label === 'Help')!.role).toBe('help');
    // No Alt mnemonics on macOS: an & would be shown as it is.
    expect(template.every((m) => !m.label?.includes('&'))).toBe(true);
  });

  it('has an Edit menu with undo, redo, cut, copy, paste and select all, so text fields take the keys', () => {
    const edit = rolesIn(menuNamed(template, 'Edit'));
    for (const role of ['undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'selectAll']) expect(edit).toContain(role);
  });

  it('opens About from the App menu, and closes the window from File', () => {
    itemNamed(template[0]!.submenu!, 'About BYOM Desk').click!();
    expect(abouts()).toBe(1);
    expect(rolesIn(menuNamed(template, 'File'))).toEqual(['close']);
    expect(rolesIn(menuNamed(template, 'Window'))).toEqual(['minimize', 'zoom', 'front']);
  });

  it('sends the page a command for each main screen, on Cmd/Ctrl+1 to 6, and for a new draft', () => {
    const view = menuNamed(template, 'View');
    const screens = ['Tenants', 'Setup', 'Inventory', 'Drafts', 'Rotate Keys', 'Audit Log'];
    screens.forEach((label, index) => {
      const item = itemNamed(view, label);
      expect(item.accelerator).toBe(`CmdOrCtrl+${index + 1}`);
      item.click!();
    });
    expect(sent).toEqual(['go.tenants', 'go.setup', 'go.inventory', 'go.drafts', 'go.rotation', 'go.audit']);
    const newDraft = itemNamed(menuNamed(template, 'File'), 'New Draft');
    expect(newDraft.accelerator).toBe('CmdOrCtrl+Shift+N');
    newDraft.click!();
    expect(sent.at(-1)).toBe('draft.new');
  });

  it('opens the Alation docs from Help, each in the OS browser, over https', () => {
    const help = menuNamed(template, 'Help');
    for (const doc of alationDocs) itemNamed(help, doc.label).click!();
    expect(links).toEqual(alationDocs.map((d) => d.url));
    expect(links.every((u) => u.startsWith('https://'))).toBe(true);
  });

  it('keeps no two items on one accelerator', () => {
    const accelerators = everyItem(template).flatMap((i) => (i.accelerator ? [i.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});

describe.each(['win32', 'linux'] as const)('the %s menu', (platform) => {
  const { template, sent, abouts } = menuFor(platform);

  it('has File, Edit, View, Window and Help with Alt mnemonics, and no App menu', () => {
    expect(template.map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
  });

  it('ends File with the quit item, named as that system names it', () => {
    const file = menuNamed(template, 'File');
    const quit = file.at(-1)!;
    expect(quit.role).toBe('quit');
    expect(quit.label).toBe(platform === 'win32' ? 'Exit' : 'Quit');
  });

  it('has the Edit menu with undo, redo, cut, copy, paste and select all', () => {
    expect(rolesIn(menuNamed(template, 'Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
    expect(menuNamed(template, 'Edit').at(-1)!.label).toBe('Settings');
  });

  it('puts About at the end of Help, and the same screen commands in View', () => {
    const help = menuNamed(template, 'Help');
    help.at(-1)!.click!();
    expect(help.at(-1)!.label).toBe('About BYOM Desk');
    expect(abouts()).toBe(1);
    itemNamed(menuNamed(template, 'View'), 'Inventory').click!();
    expect(sent).toEqual(['go.inventory']);
  });
});

describe.each(['darwin', 'win32', 'linux'] as const)('every command of the page, on %s', (platform) => {
  it('is in a menu once, with the accelerator the page shows in its help, and sends that command', () => {
    const { template, sent } = menuFor(platform);
    const commandItems = everyItem(template).filter((i) => i.click && !i.label?.startsWith('About') && !i.role);
    const docs = commandItems.filter((i) => alationDocs.some((d) => d.label === i.label));
    for (const item of commandItems) if (!docs.includes(item)) item.click!();
    expect([...sent].sort()).toEqual([...pageCommands].sort());
    const settings = commandItems.find((i) => i.accelerator === settingsCommand.accelerator)!;
    expect(settings.label).toBe(platform === 'darwin' ? 'Settings…' : 'Settings');
    expect(menuNamed(template, platform === 'darwin' ? 'BYOM Desk' : 'Edit')).toContain(settings);
    for (const command of actionCommands) {
      const item = commandItems.find((i) => i.label === command.label)!;
      expect(item.accelerator).toBe('accelerator' in command ? command.accelerator : undefined);
    }
  });
});

describe('developer items', () => {
  it('reload and developer tools are in View only for a build that is not packaged', () => {
    const packaged = rolesIn(menuNamed(menuFor('linux', false).template, 'View'));
    const development = rolesIn(menuNamed(menuFor('linux', true).template, 'View'));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) {
      expect(packaged).not.toContain(role);
      expect(development).toContain(role);
    }
    // Zoom and full screen are there either way.
    expect(packaged).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });
});
