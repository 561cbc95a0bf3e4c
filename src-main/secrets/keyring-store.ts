import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import type { KeychainStatus } from '../../src-shared/app-info';
import { AppError } from '../../src-shared/errors';
import type { SecretStore } from './secret-store';

const probeAccount = '__byom-desk-probe__';
const operationTimeoutMs = 15_000;

export function keychainBackendName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

/**
 * The OS keychain through @napi-rs/keyring. On Linux every entry is pinned to the Secret Service:
 * the library would otherwise fall back to the kernel keyring, which forgets everything at logout
 * and is not what the user agreed to. There is no plaintext fallback: when the keychain cannot be
 * used, every operation fails with an error that says why and what to do.
 */
export function createKeyringSecretStore(service: string, platform: NodeJS.Platform = process.platform): SecretStore {
  const backend = keychainBackendName(platform);
  const entry = (account: string) =>
    new AsyncEntry(service, account, platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);

  async function run<T>(operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const signal = AbortSignal.timeout(operationTimeoutMs);
    try {
      return await operation(signal);
    } catch (error) {
      throw keychainError(error, backend, platform, signal.aborted);
    }
  }

  // Reading a missing entry, or listing, succeeds even on a locked keyring; a write does not. So
  // "nothing there" is only believed after a write proves the keychain is usable.
  async function ensureUsable(): Promise<void> {
    await run((signal) => entry(probeAccount).setPassword('probe', signal));
    await run((signal) => entry(probeAccount).deleteCredential(signal));
  }

  const store: SecretStore = {
    backend,
    async status() {
      try {
        await ensureUsable();
        return { available: true, backend };
      } catch (error) {
        const e = error as AppError;
        return { available: false, backend, code: e.code as 'keychain_unavailable' | 'keychain_locked', message: e.message };
      }
    },
    async set(account, secret) {
      await run((signal) => entry(account).setPassword(secret, signal));
    },
    async get(account) {
      const secret = await run((signal) => entry(account).getPassword(signal));
      if (secret === null) await ensureUsable();
      return secret;
    },
    async delete(account) {
      return run((signal) => entry(account).deleteCredential(signal));
    },
    async listAccounts(prefix = '') {
      // findCredentials has no store pin; probing through a pinned entry first makes sure we are
      // talking to an unlocked Secret Service and not to a silent fallback.
      await ensureUsable();
      const found = await run((signal) => findCredentialsAsync(service, null, signal));
      return found.map((c) => c.account).filter((a) => a !== probeAccount && a.startsWith(prefix)).sort();
    },
  };
  return store;
}

function keychainError(error: unknown, backend: string, platform: NodeJS.Platform, timedOut: boolean): AppError {
  const raw = error instanceof Error ? error.message : String(error);
  if (timedOut) {
    return new AppError(
      'keychain_locked',
      `The ${backend} did not answer within ${operationTimeoutMs / 1000} seconds. It may be waiting for you to unlock it: unlock it, then try again.`,
    );
  }
  if (/locked|unlock|prompt was dismissed/i.test(raw)) {
    return new AppError(
      'keychain_locked',
      `The ${backend} is locked. Unlock it (for GNOME Keyring, unlock the Login keyring in Passwords and Keys), then try again.`,
    );
  }
  if (platform === 'linux' && /no result found/i.test(raw)) {
    return new AppError(
      'keychain_unavailable',
      `The ${backend} has no default keyring to keep secrets in, and BYOM Desk never stores them in plain files. Create a keyring and make it the default (GNOME: Passwords and Keys, then New keyring), unlock it, then try again.`,
      { cause: raw.slice(0, 300) },
    );
  }
  const fix =
    platform === 'linux'
      ? 'No Secret Service is running. Install and unlock GNOME Keyring (gnome-keyring) or KWallet, make sure a D-Bus session is running, then restart BYOM Desk.'
      : `Make sure the ${backend} is available for your user account, then restart BYOM Desk.`;
  return new AppError(
    'keychain_unavailable',
    `BYOM Desk cannot use the ${backend}, and it never stores secrets in plain files. ${fix}`,
    { cause: raw.slice(0, 300) },
  );
}
