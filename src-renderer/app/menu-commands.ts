// The desktop app's menu asks the page to run a command (`app.command`): open a screen, start a
// new draft. The page does what its own buttons do; in the web harness nothing sends these.
import { screenCommands, type AppCommandEvent } from '../../src-shared/app-commands';
import { bridge } from '../bridge';
import { useAppStore } from '../state/app-store';

export async function runMenuCommand({ command }: AppCommandEvent): Promise<void> {
  const screen = screenCommands.find((s) => s.command === command)?.screen;
  if (screen) {
    useAppStore.getState().goTo(screen);
    return;
  }
  if (command === 'draft.new') {
    // The drafts store comes with the Drafts screen's chunk: loaded when first asked for.
    const { useDraftsStore } = await import('../state/drafts-store');
    useAppStore.getState().goTo('drafts');
    useDraftsStore.getState().startNew();
  }
}

/** Listens for the menu's commands; answers the function that stops listening. */
export function followMenuCommands(): () => void {
  return bridge().on('app.command', (event) => {
    void runMenuCommand(event);
  });
}
