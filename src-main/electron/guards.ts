// Electron's security checklist, the parts that act on every web contents and session: no
// navigation, no new windows, no webviews, no permissions. Written against small structural types
// so the unit tests can drive them with a fake electron.
import type { Logger } from '../log/logger';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface GuardedWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate',
    listener: (event: PreventableEvent & { url?: string }) => void,
  ): void;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): void;
}

export interface GuardedSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void;
  setDevicePermissionHandler?(handler: (...args: unknown[]) => boolean): void;
}

export interface GuardDeps {
  openExternal(url: string): Promise<void>;
  log: Logger;
}

export function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/** https links go to the OS browser; everything else is dropped. Never opened inside the app. */
export function openOutside(url: string, deps: GuardDeps): void {
  if (isHttpsUrl(url)) {
    deps.openExternal(url).catch(() => deps.log.warn('shell.open_external_failed', { host: new URL(url).host }));
  } else {
    deps.log.warn('guard.blocked_link', { scheme: safeScheme(url) });
  }
}

export function hardenWebContents(contents: GuardedWebContents, deps: GuardDeps): void {
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url, deps);
    return { action: 'deny' };
  });
  const refuseNavigation = (event: PreventableEvent & { url?: string }) => {
    event.preventDefault();
    if (event.url) openOutside(event.url, deps);
  };
  contents.on('will-navigate', refuseNavigation);
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function denyAllPermissions(session: GuardedSession, log: Logger): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('guard.permission_denied', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}

function safeScheme(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '(unparseable)';
  }
}
