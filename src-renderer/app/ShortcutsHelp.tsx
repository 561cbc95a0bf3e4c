// `?`: every keyboard shortcut, from the same table the menu and the palette use.
import { useAppStore } from './app-store';
import { OverlayDialog } from '../components/OverlayDialog';
import { pageCommandEntries } from './commands';
import { displayAccelerator, isMacPlatform } from './keyboard';
import { useOverlayStore } from './overlay-store';
import './overlays.css';

export function ShortcutsHelp() {
  const close = useOverlayStore((s) => s.close);
  const mac = isMacPlatform(useAppStore((s) => s.appInfo?.platform));
  return (
    <OverlayDialog label="Keyboard shortcuts" className="shortcuts-help" onClose={close}>
      <h2>Keyboard shortcuts</h2>
      <table className="shortcuts-table">
        <tbody>
          {pageCommandEntries.map((c) => (
            <tr key={c.command}>
              <td>{c.title}</td>
              <td>
                <kbd>{c.accelerator ? displayAccelerator(c.accelerator, mac) : c.key}</kbd>
              </td>
            </tr>
          ))}
          <tr>
            <td>Close a dialog, the palette or this help</td>
            <td>
              <kbd>Esc</kbd>
            </td>
          </tr>
        </tbody>
      </table>
      <div className="button-row">
        <button type="button" className="button" data-autofocus onClick={close}>
          Close
        </button>
      </div>
    </OverlayDialog>
  );
}
