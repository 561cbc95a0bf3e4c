// The commands the desktop app's menu sends the page (the `app.command` event). Main only names
// them; the page decides what each does, as it does for its own buttons. One list, so the menu, the
// event's schema and the page's handler cannot drift apart.
import { z } from 'zod';

/** The main screens, in the order of the navigation bar; the menu's View items and Ctrl/Cmd+1..6. */
export const screenCommands = [
  { command: 'go.tenants', screen: 'tenants', label: 'Tenants' },
  { command: 'go.setup', screen: 'setup', label: 'Setup' },
  { command: 'go.inventory', screen: 'inventory', label: 'Inventory' },
  { command: 'go.drafts', screen: 'drafts', label: 'Drafts' },
  { command: 'go.rotation', screen: 'rotation', label: 'Rotate Keys' },
  { command: 'go.audit', screen: 'audit', label: 'Audit Log' },
] as const;

export const pageCommands = [...screenCommands.map((s) => s.command), 'draft.new'] as const;
export type PageCommand = (typeof pageCommands)[number];

export const appCommandEventSchema = z.strictObject({ command: z.enum(pageCommands) });
export type AppCommandEvent = z.infer<typeof appCommandEventSchema>;
