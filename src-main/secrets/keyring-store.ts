import { randomUUID } from 'node:crypto';
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import pLimit from 'p-limit';
import { AppError } from '../../src-shared/errors';
import type { KeychainProblemCode, SecretStore } from './secret-store';

const probePrefix = '__byom-desk-probe__/';
const operationTimeoutMs = 15_000;
/** A write that worked proves the keychain usable for this long; "nothing there" is then believed. */
const usableForMs = 10_000;
/** A call given up on still runs in the library: the next one waits for it this long at most. */
const lingerMs = 60_000;
/** A list that loses an item half-way is read again this often before it counts as a failure. */
const listAttempts = 6;

export function keychainBackendName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

export interface KeyringStoreOptions {
  platform?: NodeJS.Platform;
  now?: () => number;
  /** The library's search; tests pass one that fails the way a busy Secret Service does. */
  findCredentials?: typeof findCredentialsAsync;
  /** How long one call may take before it counts as a keychain waiting for an unlock. */
  operationTimeoutMs?: number;
  /** How long the queue waits for a call given up on to end. */
  lingerMs?: number;
}

/**
 * The OS keychain through @napi-rs/keyring. On Linux every entry is pinned to the Secret Service:
 * the library would otherwise fall back to the kernel keyring, which forgets everything at logout
 * and is not what the user agreed to. There is no plaintext fallback: when the keychain cannot be
 * used, every operation fails with an error that says why and what to do.
 *
 * Every call goes through one queue. The keychain daemon answers one call at a time anyway
 * (measured: ~10-15 ms a call at 1 or 4 in flight alike), and interleaving our own writes with a
 * list is what made lists fail half-way ("object does not exist") under load.
 */
export function createKeyringSecretStore(service: string, options: KeyringStoreOptions = {}): SecretStore {
  const platform = options.platform ?? process.platform;
  const now = options.now ?? Date.now;
  const find = options.findCredentials ?? findCredentialsAsync;
  const backend = keychainBackendName(platform);
  const queue = pLimit(1);
  let provenUsableAt = Number.NEGATIVE_INFINITY;
  /** Library calls that passed their deadline but have not ended: nothing else runs beside them. */
  const lingering = new Set<Promise<unknown>>();
  /** The errors of calls the daemon dropped as it died (see `queued`). */
  const endedUnderCall = new WeakSet<AppError>();

  const entry = (account: string) =>
    new AsyncEntry(service, account, platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);

  /**
   * One library call with a deadline. The deadline is kept here, not only passed as a signal: a
   * call waiting on an unlock prompt does not always honour the signal, and one call that never
   * ends would hold the queue, and every keychain call after it, for ever.
   */
  async function raw<T>(operation: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Through a promise: the library also throws synchronously (no D-Bus session at all).
    const call = Promise.resolve().then(() => operation(controller.signal));
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        const settled: Promise<void> = call.then(
          () => void lingering.delete(settled),
          () => void lingering.delete(settled),
        );
        lingering.add(settled);
        reject(keychainError(new Error('timed out'), backend, platform, true));
      }, options.operationTimeoutMs ?? operationTimeoutMs);
    });
    try {
      return await Promise.race([
        call.catch((error: unknown) => {
          const shown = keychainError(error, backend, platform, controller.signal.aborted);
          if (!controller.signal.aborted && daemonEndedUnderCall(error)) endedUnderCall.add(shown);
          throw shown;
        }),
        deadline,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  // Reading a missing entry, or listing, succeeds even on a locked keyring; a write does not. So
  // "nothing there" is only believed after a write proves the keychain usable. Each probe writes
  // its own entry, so probes can never trip over each other (or over a second app process).
  async function prove(): Promise<void> {
    const account = `${probePrefix}${randomUUID()}`;
    await raw((signal) => entry(account).setPassword('probe', signal));
    await raw((signal) => entry(account).deleteCredential(signal));
    provenUsableAt = now();
  }

  async function ensureUsable(): Promise<void> {
    if (now() - provenUsableAt < usableForMs) return;
    await prove();
  }

  /**
   * Runs `work` in the queue; a failure forgets the proof, so the next call checks again. A call
   * given up on keeps the queue until it ends (a minute at most), so a late write never overlaps
   * the next call, and what its caller queues to undo it runs after it.
   */
  function queued<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      void queue(async () => {
        try {
          resolve(await work());
        } catch (error) {
          provenUsableAt = Number.NEGATIVE_INFINITY;
          // The daemon died holding the call: the whole work once more, proof included, since D-Bus
          // starts the keychain again for it (locked, outside tests, and then that is what the user
          // is told; a list or a missing entry is never believed from a keychain not proven usable).
          if (!(error instanceof AppError && endedUnderCall.has(error))) reject(error);
          else
            await work().then(resolve, (again: unknown) => {
              provenUsableAt = Number.NEGATIVE_INFINITY;
              reject(again);
            });
        }
        if (lingering.size > 0) {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            Promise.allSettled([...lingering]),
            new Promise((r) => (timer = setTimeout(r, options.lingerMs ?? lingerMs))),
          ]);
          clearTimeout(timer);
        }
      });
    });
  }

  async function listOnce(signal: AbortSignal): Promise<string[]> {
    const found = await find(service, null, signal);
    return found.map((c) => c.account);
  }

  return {
    backend,
    // A call still in flight when the process ends can crash GNOME Keyring (see above): on quit,
    // wait for the queue, and for calls given up on, to end.
    settled: () => queued(() => Promise.allSettled([...lingering]).then(() => undefined)),
    async status() {
      try {
        // Always a fresh proof: this is what "Check again" asks.
        await queued(prove);
        return { available: true, backend };
      } catch (error) {
        const e = error as AppError;
        return { available: false, backend, code: e.code as KeychainProblemCode, message: e.message };
      }
    },
    set: (account, secret) =>
      queued(async () => {
        await raw((signal) => entry(account).setPassword(secret, signal));
        provenUsableAt = now();
      }),
    get: (account) =>
      queued(async () => {
        const secret = await raw((signal) => entry(account).getPassword(signal));
        if (secret === null) await ensureUsable();
        return secret;
      }),
    delete: (account) => queued(() => raw((signal) => entry(account).deleteCredential(signal))),
    listAccounts: (prefix = '') =>
      queued(async () => {
        // findCredentials has no store pin; proving through a pinned entry first makes sure we are
        // talking to an unlocked Secret Service and not to a silent fallback.
        await ensureUsable();
        const accounts = await raw(async (signal) => {
          for (let attempt = 1; ; attempt++) {
            try {
              return await listOnce(signal);
            } catch (error) {
              // Another process deleted an entry while it was being read: read the list again,
              // after a short random pause so its next write can land first.
              if (attempt >= listAttempts || !vanishedUnderList(error)) throw error;
              await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40));
            }
          }
        });
        return accounts.filter((a) => !a.startsWith(probePrefix) && a.startsWith(prefix)).sort();
      }),
  };
}

/**
 * D-Bus's answer when the keychain daemon ended while it held the call. GNOME Keyring 42 crashes
 * (a GLib assertion) when a client that has calls in flight is killed, so another app's crash can
 * end it under ours.
 */
function daemonEndedUnderCall(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /Error\.NoReply|disconnected from message bus without replying/i.test(text);
}

/** The Secret Service error for an item that disappeared between the search and reading it. */
function vanishedUnderList(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /Object does not exist at path|No such interface .* on object at path|No such object/i.test(text);
}

function keychainError(error: unknown, backend: string, platform: NodeJS.Platform, timedOut: boolean): AppError {
  const raw = error instanceof Error ? error.message : String(error);
  if (timedOut) {
    return new AppError(
      'keychain_locked',
      `The ${backend} did not answer within ${operationTimeoutMs / 1000} seconds. ` +
        `It may be waiting for you to unlock it: unlock it, then try again.`,
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
      `The ${backend} has no default keyring to keep secrets in, and BYOM Desk never stores them in plain files. Create ` +
        `a keyring and make it the default (GNOME: Passwords and Keys, then New keyring), unlock it, then try again.`,
      { cause: raw.slice(0, 300) },
    );
  }
  const fix =
    platform === 'linux'
      ? 'No Secret Service is running. Install and unlock GNOME Keyring (gnome-keyring) ' +
        'or KWallet, make sure a D-Bus session is running, then try again.'
      : `Make sure the ${backend} is available for your user account, then try again.`;
  return new AppError('keychain_unavailable', `BYOM Desk cannot use the ${backend}, and it never stores secrets in plain files. ${fix}`, {
    cause: raw.slice(0, 300),
  });
}
