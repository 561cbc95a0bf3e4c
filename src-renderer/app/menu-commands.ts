// The desktop app's menu asks the page to run a command (`app.command`): the page does what its own
// buttons, shortcuts and palette do (app/commands.ts). In the web harness nothing sends these.
import { bridge, asAppError } from '../bridge';
import { useAppStore } from './app-store';
import { runPageCommand } from './commands';

/** Listens for the menu's commands; answers the function that stops listening. */
export function followMenuCommands(): () => void {
  return bridge().on('app.command', ({ command }) => {
    // As the page's own shortcuts: nothing behind an open dialog (a deletion running, a typed name).
    if (document.querySelector('dialog[open]')) return;
    void runPageCommand(command).catch((error: unknown) => useAppStore.getState().showError(asAppError(error)));
  });
}
