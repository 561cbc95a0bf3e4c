// "Usable" is proven by a write to a probe entry of its own at most every 10 s (README, Security
// model): against the real gnome-keyring, with the store's clock in the test's hands. The library is
// the real one; the mock only counts the probe writes it is asked for.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';

const probeWrites = vi.hoisted(() => ({ count: 0 }));

vi.mock('@napi-rs/keyring', async (importOriginal) => {
  const real = await importOriginal<typeof import('@napi-rs/keyring')>();
  class CountingEntry extends real.AsyncEntry {
    readonly #account: string;
    constructor(service: string, account: string, options?: ConstructorParameters<typeof real.AsyncEntry>[2]) {
      super(service, account, options);
      this.#account = account;
    }
    override setPassword(password: string, signal?: AbortSignal | null) {
      if (this.#account.startsWith('__byom-desk-probe__/')) probeWrites.count += 1;
      return super.setPassword(password, signal);
    }
  }
  return { ...real, AsyncEntry: CountingEntry };
});

const services: string[] = [];
/** A store of its own, on a clock the test moves. */
function storeOnClock() {
  const clock = { ms: 1_000_000 };
  const service = `BYOM Desk probe interval ${randomUUID()}`;
  services.push(service);
  return { clock, store: createKeyringSecretStore(service, { now: () => clock.ms }) };
}

beforeEach(() => {
  probeWrites.count = 0;
});
afterAll(async () => {
  for (const service of services) {
    const store = createKeyringSecretStore(service);
    for (const account of await store.listAccounts()) await store.delete(account);
  }
});

describe('the keychain probe', () => {
  it('proves the keychain usable with a write at most every 10 s, for reads that find nothing and for lists', async () => {
    const { clock, store } = storeOnClock();
    // Nothing there: believed only after a write proves the keychain is not a locked one.
    expect(await store.get('missing/a')).toBeNull();
    expect(probeWrites.count).toBe(1);
    clock.ms += 9_999;
    expect(await store.get('missing/b')).toBeNull();
    expect(await store.listAccounts()).toEqual([]);
    expect(probeWrites.count).toBe(1);
    clock.ms += 1;
    expect(await store.listAccounts()).toEqual([]);
    expect(probeWrites.count).toBe(2);
  });

  it('counts a write of a real entry as a proof, and "Check again" always probes afresh', async () => {
    const { clock, store } = storeOnClock();
    await store.set('profile/p/clientSecret', 'secret-1');
    clock.ms += 5_000;
    expect(await store.get('missing/c')).toBeNull();
    expect(probeWrites.count).toBe(0);
    expect(await store.status()).toEqual({ available: true, backend: 'Secret Service' });
    expect(await store.status()).toEqual({ available: true, backend: 'Secret Service' });
    expect(probeWrites.count).toBe(2);
  });
});
