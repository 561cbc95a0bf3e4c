// The page's keyboard shortcuts, from the commands table. In the desktop app the menu owns every
// accelerator (it sends `app.command`), so the page handles only its own keys (`?`); in the web
// harness, where there is no menu, the page handles them all. Never behind an open dialog, and a
// plain key typed into a field stays text.
import { useEffect } from 'react';
import { asAppError } from '../bridge';
import { useAppStore } from './app-store';
import { pageCommandEntries, runPageCommand } from './commands';
import { isMacPlatform, isTyping, matchesAccelerator } from './keyboard';

export function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || document.querySelector('dialog[open]')) return;
      const info = useAppStore.getState().appInfo;
      const mac = isMacPlatform(info?.platform);
      const menuOwnsAccelerators = info?.shell === 'electron';
      const entry = pageCommandEntries.find((c) =>
        c.key !== undefined
          ? event.key === c.key && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)
          : c.accelerator !== undefined && !menuOwnsAccelerators && matchesAccelerator(event, c.accelerator, mac),
      );
      if (!entry) return;
      event.preventDefault();
      void runPageCommand(entry.command).catch((error: unknown) => useAppStore.getState().showError(asAppError(error)));
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
