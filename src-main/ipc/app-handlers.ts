// The app itself, as the page asks about it: what it is and where its data lives, whether the
// keychain can be used now, and a link opened in the OS browser.
import type { HandlerSlice } from './handlers';
import type { ServiceDeps } from '../services';

export function appHandlers(deps: ServiceDeps) {
  return {
    getAppInfo: async () => ({
      name: deps.appName,
      version: deps.appVersion,
      platform: process.platform,
      dataDir: deps.dataDir,
      shell: deps.shell,
      keychain: await deps.secrets.status(),
    }),
    checkKeychain: () => deps.secrets.status(),
    openExternalLink: async ({ url }) => {
      deps.log.info('shell.open_external', { host: new URL(url).host });
      return { opened: await deps.openExternal(url) };
    },
  } satisfies HandlerSlice;
}
