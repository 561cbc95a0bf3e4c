import type { KeychainStatus } from '../../src-shared/app-info';

export type KeychainProblemCode = 'keychain_unavailable' | 'keychain_locked';

/**
 * Where secrets live: the OS keychain, one entry per account. Accounts are names we choose
 * (`profile/<id>/clientSecret`); the values never go anywhere else.
 */
export interface SecretStore {
  readonly backend: string;
  /** Probes the keychain: is it there and unlocked? Never throws. */
  status(): Promise<KeychainStatus>;
  set(account: string, secret: string): Promise<void>;
  get(account: string): Promise<string | null>;
  /** True when an entry was removed. */
  delete(account: string): Promise<boolean>;
  /** The accounts under this service whose names start with `prefix`. */
  listAccounts(prefix?: string): Promise<string[]>;
  /**
   * Resolves once every call made so far has ended. Awaited on quit: a keychain call cut off by the
   * process's end can crash the user's GNOME Keyring. Stores with nothing in flight leave it out.
   */
  settled?(): Promise<void>;
}

export const defaultKeychainService = 'BYOM Desk';

/** `BYOM_DESK_KEYCHAIN_SERVICE` lets tests use their own service and never touch a person's entries. */
export function keychainServiceName(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.BYOM_DESK_KEYCHAIN_SERVICE?.trim();
  return fromEnv ? fromEnv : defaultKeychainService;
}

/** A keychain failure: the store could not be used, as opposed to an entry that is not there. */
export function isKeychainProblem(error: unknown): error is { code: KeychainProblemCode; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'keychain_unavailable' || code === 'keychain_locked';
}
