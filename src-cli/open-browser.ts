// `tenants login` opens the tenant's sign-in page in the system browser, as the desktop app does
// (RFC 8252: the person's own browser, never one of ours), with the OS's own opener. It answers
// false when none can be used (no opener, no display): the command then says to open the address.
import { spawn } from 'node:child_process';
import { isSignInPageUrl } from '../src-main/electron/system-browser';

/** The opener of each OS, and the arguments it takes before the URL. */
function openerFor(platform: NodeJS.Platform): [string, string[]] {
  if (platform === 'darwin') return ['open', []];
  // rundll32 takes the URL as one argument: `cmd /c start` would read its `&` as a command separator.
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler']];
  return ['xdg-open', []];
}

export function openInSystemBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): Promise<boolean> {
  // The same check as the app's: only https, or http to a tenant on this computer.
  if (!isSignInPageUrl(url)) return Promise.resolve(false);
  // A Linux or BSD session without a display (ssh, a server) has no browser to show.
  if (platform !== 'darwin' && platform !== 'win32' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return Promise.resolve(false);
  const [command, args] = openerFor(platform);
  return new Promise<boolean>((resolve) => {
    const child = spawn(command, [...args, url], { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
