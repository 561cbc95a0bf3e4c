// The app's commands: one table that the desktop menu, the page's shortcuts, the help overlay (`?`)
// and the command palette all draw from. Main only names them and sends them (the `app.command`
// event); the page decides what each does, as it does for its own buttons. One list, so the menu,
// the event's schema, the shortcuts and the page's handler cannot drift apart.
import { z } from 'zod';

/** The main screens, in the order of the navigation bar; the menu's View items and Ctrl/Cmd+1..6. */
export const screenCommands = [
  { command: 'go.tenants', screen: 'tenants', label: 'Tenants', accelerator: 'CmdOrCtrl+1' },
  { command: 'go.setup', screen: 'setup', label: 'Setup', accelerator: 'CmdOrCtrl+2' },
  { command: 'go.inventory', screen: 'inventory', label: 'Inventory', accelerator: 'CmdOrCtrl+3' },
  { command: 'go.drafts', screen: 'drafts', label: 'Drafts', accelerator: 'CmdOrCtrl+4' },
  { command: 'go.rotation', screen: 'rotation', label: 'Rotate Keys', accelerator: 'CmdOrCtrl+5' },
  { command: 'go.audit', screen: 'audit', label: 'Audit Log', accelerator: 'CmdOrCtrl+6' },
] as const;

/** Settings: the App menu on macOS, Edit elsewhere (as VS Code and GitHub Desktop place it). */
export const settingsCommand = { command: 'go.settings', screen: 'settings', label: 'Settings…', accelerator: 'CmdOrCtrl+,' } as const;

/**
 * The actions. `accelerator` is Electron's syntax (the menu shows and owns it in the desktop app;
 * the page listens for it in the web harness); `key` is a shortcut only the page handles, in both.
 */
export const actionCommands = [
  { command: 'tenant.new', label: 'New Tenant…', accelerator: 'CmdOrCtrl+Shift+T' },
  { command: 'setup.new', label: 'New Provider Setup', accelerator: 'CmdOrCtrl+Shift+S' },
  { command: 'draft.new', label: 'New Draft', accelerator: 'CmdOrCtrl+Shift+N' },
  { command: 'inventory.refresh', label: 'Refresh Inventory', accelerator: 'F5' },
  { command: 'palette.open', label: 'Command Palette…', accelerator: 'CmdOrCtrl+K' },
  { command: 'help.shortcuts', label: 'Keyboard Shortcuts', key: '?' },
] as const;

export const pageCommands = [
  ...screenCommands.map((s) => s.command),
  settingsCommand.command,
  ...actionCommands.map((a) => a.command),
] as const;
export type PageCommand = (typeof pageCommands)[number];

export const appCommandEventSchema = z.strictObject({ command: z.enum(pageCommands) });
export type AppCommandEvent = z.infer<typeof appCommandEventSchema>;
