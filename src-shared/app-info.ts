export type KeychainStatus =
  | { available: true; backend: string }
  | { available: false; backend: string; code: 'keychain_unavailable' | 'keychain_locked'; message: string };

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
  /** Where profiles, drafts and logs are kept (never secrets: those are in the keychain). */
  dataDir: string;
  /** `electron` in the desktop app, `web-harness` when served by `npm run web`, `command-line` in `byom-desk`. */
  shell: 'electron' | 'web-harness' | 'command-line';
  keychain: KeychainStatus;
}
