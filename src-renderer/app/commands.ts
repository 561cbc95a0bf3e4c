// What each of the app's commands does in the page. The commands themselves (names, labels,
// shortcuts) are the shared table in src-shared/app-commands.ts; the menu, the shortcuts, the help
// overlay and the palette all run them from here.
import { actionCommands, screenCommands, settingsCommand, type PageCommand } from '../../src-shared/app-commands';
import { useAppStore } from './app-store';
import { useTenantEditRequest } from '../features/tenants/edit-request';
import { useOverlayStore } from './overlay-store';

export interface PageCommandEntry {
  command: PageCommand;
  /** As the palette and the help show it. */
  title: string;
  /** Electron's syntax; the desktop menu owns it (the page listens in the web harness only). */
  accelerator?: string;
  /** A shortcut only the page handles, in every shell. */
  key?: string;
}

const screenTitle = (label: string) => `Go to ${label}`;

/** Every command, in the order the help lists them. */
export const pageCommandEntries: PageCommandEntry[] = [
  ...screenCommands.map((s) => ({ command: s.command, title: screenTitle(s.label), accelerator: s.accelerator })),
  { command: settingsCommand.command, title: 'Open Settings', accelerator: settingsCommand.accelerator },
  ...actionCommands.map((a) => ({
    command: a.command,
    title: a.label.replace(/…$/, ''),
    ...('accelerator' in a ? { accelerator: a.accelerator } : {}),
    ...('key' in a ? { key: a.key } : {}),
  })),
];

/** Runs a command as the page's own buttons would. */
export async function runPageCommand(command: PageCommand): Promise<void> {
  const app = useAppStore.getState();
  const screen = [...screenCommands, settingsCommand].find((s) => s.command === command)?.screen;
  if (screen) {
    app.goTo(screen);
    return;
  }
  switch (command) {
    case 'tenant.new':
      useTenantEditRequest.getState().requestAdd();
      return;
    case 'setup.new': {
      // The setup store comes with the Setup screen's chunk. A run under way is shown, not dropped.
      const { useSetupStore } = await import('../features/setup/setup-store');
      const setup = useSetupStore.getState();
      if (!setup.outcome && !setup.busy) setup.reset();
      app.goTo('setup');
      return;
    }
    case 'draft.new': {
      const { useDraftsStore } = await import('../features/drafts/drafts-store');
      app.goTo('drafts');
      useDraftsStore.getState().startNew();
      return;
    }
    case 'inventory.refresh': {
      // As the Inventory's Refresh button: the tenants its filter chose, else all of them.
      const [{ useInventoryStore }, { useInventoryView }, { useTenantsStore }] = await Promise.all([
        import('../features/inventory/inventory-store'),
        import('../features/inventory/view-state'),
        import('../features/tenants/tenants-store'),
      ]);
      app.goTo('inventory');
      const tenants = useTenantsStore.getState();
      if (!tenants.loaded) await tenants.load();
      const known = useTenantsStore.getState().profiles.map((p) => p.id);
      const chosen = useInventoryView.getState().filters.tenantIds.filter((id) => known.includes(id));
      const ids = chosen.length > 0 ? chosen : known;
      if (ids.length > 0) await useInventoryStore.getState().refresh(ids);
      return;
    }
    case 'palette.open':
      useOverlayStore.getState().show('palette');
      return;
    case 'help.shortcuts':
      useOverlayStore.getState().show('shortcuts');
      return;
  }
}
