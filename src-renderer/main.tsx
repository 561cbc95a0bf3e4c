import './app/effect-timing';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { asAppError, bridge } from './bridge';
import { followMenuCommands } from './app/menu-commands';
import { followAddress, useAppStore } from './app/app-store';
import './styles.css';

// A failed call that no screen handled still reaches the user, with its code and details.
window.addEventListener('unhandledrejection', (event) => {
  event.preventDefault();
  useAppStore.getState().showError(asAppError(event.reason));
});

// Navigation is denied by the shell: https links go to the OS browser through the contract.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[href]');
  if (!(link instanceof HTMLAnchorElement)) return;
  if (new URL(link.href, location.href).origin === location.origin) return;
  event.preventDefault();
  bridge()
    .openExternalLink({ url: link.href })
    .catch((error: unknown) => useAppStore.getState().showError(asAppError(error)));
});

// The desktop app's menu (View, File) reaches the page as `app.command` events.
followMenuCommands();
// An address edited by hand (or a pasted link) shows what it names.
followAddress();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
