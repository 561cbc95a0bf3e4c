// The desktop app's sign-in page goes to the system browser (RFC 8252: never an embedded window,
// where the app could read what the person types). Only https, or plain http to a tenant on this
// computer (a loopback address): anything else is refused before it reaches the OS.
import { isLoopbackHost } from '../../src-shared/tenant-url';
import type { Logger } from '../log/logger';

export function isSignInPageUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username !== '' || parsed.password !== '') return false;
  return parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname));
}

/** `shell.openExternal` behind the check; answers false (the page then offers the link) when refused or failing. */
export function createSignInPageOpener(openExternal: (url: string) => Promise<void>, log: Logger): (url: string) => Promise<boolean> {
  return async (url) => {
    if (!isSignInPageUrl(url)) {
      log.warn('shell.signin_page_refused');
      return false;
    }
    try {
      await openExternal(url);
      return true;
    } catch {
      log.warn('shell.open_external_failed', { host: new URL(url).host });
      return false;
    }
  };
}
