// Against a real gnome-keyring in the private D-Bus session that `npm test` starts.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { defaultKeychainService, keychainServiceName } from '../../src-main/secrets/secret-store';

const run = promisify(execFile);
const service = `BYOM Desk test ${randomUUID()}`;
const store = createKeyringSecretStore(service);
/** Services of their own, per test, so no test reads what another wrote, in whatever order they run. */
const used = new Set<string>([service]);
function ownStore(): { service: string; store: ReturnType<typeof createKeyringSecretStore> } {
  const name = `${service} ${randomUUID()}`;
  used.add(name);
  return { service: name, store: createKeyringSecretStore(name) };
}

afterAll(async () => {
  for (const name of used) {
    const s = createKeyringSecretStore(name);
    for (const account of await s.listAccounts()) await s.delete(account);
  }
});

describe('the OS keychain store (Secret Service)', () => {
  it('reports the keychain as available', async () => {
    expect(await store.status()).toEqual({ available: true, backend: 'Secret Service' });
  });

  it('stores, reads, lists and deletes secrets', async () => {
    const { store } = ownStore();
    await store.set('profile/a/clientSecret', 'secret-a-Ω-✓');
    await store.set('profile/a/refreshToken', 'secret-b');
    await store.set('profile/b/apiToken', 'secret-c');
    expect(await store.get('profile/a/clientSecret')).toBe('secret-a-Ω-✓');
    expect(await store.listAccounts()).toEqual(['profile/a/clientSecret', 'profile/a/refreshToken', 'profile/b/apiToken']);
    expect(await store.listAccounts('profile/a/')).toEqual(['profile/a/clientSecret', 'profile/a/refreshToken']);

    await store.set('profile/a/clientSecret', 'replaced');
    expect(await store.get('profile/a/clientSecret')).toBe('replaced');

    expect(await store.delete('profile/a/clientSecret')).toBe(true);
    expect(await store.delete('profile/a/clientSecret')).toBe(false);
    expect(await store.get('profile/a/clientSecret')).toBeNull();
    expect(await store.listAccounts('profile/a/')).toEqual(['profile/a/refreshToken']);
  });

  it('keeps services apart, so tests never see a person’s entries', async () => {
    const mine = ownStore().store;
    const other = ownStore().store;
    await mine.set('profile/a/refreshToken', 'mine');
    await other.set('profile/a/refreshToken', 'elsewhere');
    expect(await mine.get('profile/a/refreshToken')).toBe('mine');
    expect(await other.get('profile/a/refreshToken')).toBe('elsewhere');
    expect(await other.delete('profile/a/refreshToken')).toBe(true);
    expect(await mine.get('profile/a/refreshToken')).toBe('mine');
    expect(await other.listAccounts()).toEqual([]);
  });

  it('answers 600 mixed calls at 16 in flight with no failure, even while another process deletes entries under its lists', async () => {
    const { service: busyService, store: busy } = ownStore();
    // A second store is a second queue, as a second process would be: its deletes land between
    // the search and the reads of the first store's lists.
    const rival = createKeyringSecretStore(busyService);
    const failures: string[] = [];
    const limit = pLimit(16);
    const ops = Array.from({ length: 600 }, (_, i) => {
      const account = `profile/p${i % 25}/clientSecret`;
      const op = ['set', 'get', 'getMissing', 'list', 'delete', 'status'][i % 6]!;
      return limit(async () => {
        try {
          if (op === 'set') await busy.set(account, `value-${i}`);
          else if (op === 'get') await busy.get(account);
          else if (op === 'getMissing') expect(await busy.get(`missing/${i}`)).toBeNull();
          else if (op === 'list') await busy.listAccounts('profile/');
          else if (op === 'delete') await busy.delete(account);
          else expect(await busy.status()).toEqual({ available: true, backend: 'Secret Service' });
        } catch (error) {
          failures.push(`${op}: ${error instanceof Error ? error.message : String(error)}`);
        }
      });
    });
    const churn = (async () => {
      for (let i = 0; i < 40; i++) {
        await rival.set(`churn/${i}`, 'x');
        await rival.delete(`churn/${i}`);
      }
    })();
    await Promise.all([...ops, churn]);
    expect(failures).toEqual([]);
    for (const account of await busy.listAccounts()) await busy.delete(account);
  }, 120_000);

  /** A store whose library search is `answer` (given the call's number, from 1), and how often it was called. */
  function storeSearching(answer: (call: number) => { account: string; password: string }[]) {
    let calls = 0;
    const store = createKeyringSecretStore(ownStore().service, {
      findCredentials: async () => answer(++calls),
    });
    return { store, calls: () => calls };
  }
  const found = [{ account: 'profile/a/refreshToken', password: 'secret-b' }];

  it('reads a list again when an entry vanished under it, and still fails at once when the keychain is gone', async () => {
    const vanished = new Error(
      'zbus error: org.freedesktop.DBus.Error.UnknownMethod: Object does not exist at path “/org/freedesktop/secrets/collection/login/19”',
    );
    const gone = new Error('zbus error: org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided');
    const flaky = storeSearching((call) => {
      if (call <= 2) throw vanished;
      return found;
    });
    expect(await flaky.store.listAccounts('profile/')).toEqual(['profile/a/refreshToken']);
    expect(flaky.calls()).toBe(3);

    const broken = storeSearching(() => {
      throw gone;
    });
    await expect(broken.store.listAccounts()).rejects.toMatchObject({ code: 'keychain_unavailable' });
    expect(broken.calls()).toBe(1);
  });

  it('makes a call again when the keychain daemon died while holding it, and only once', async () => {
    // What D-Bus answers every caller of a GNOME Keyring that crashed under them; D-Bus starts it
    // again for the next call.
    const died = new Error('Platform failure: DBus error: Message recipient disconnected from message bus without replying');
    const once = storeSearching((call) => {
      if (call === 1) throw died;
      return found;
    });
    expect(await once.store.listAccounts('profile/')).toEqual(['profile/a/refreshToken']);
    expect(once.calls()).toBe(2);

    const dead = storeSearching(() => {
      throw died;
    });
    await expect(dead.store.listAccounts()).rejects.toMatchObject({ code: 'keychain_unavailable' });
    expect(dead.calls()).toBe(2);
  });

  it('says when every call made so far has ended, so a quit does not cut one off', async () => {
    let finish: (() => void) | undefined;
    const slow = createKeyringSecretStore(ownStore().service, {
      findCredentials: () => new Promise((resolve) => (finish = () => resolve([]))),
    });
    const listing = slow.listAccounts();
    let settled = false;
    const quiet = slow.settled!().then(() => (settled = true));
    await vi.waitFor(() => expect(finish).toBeDefined());
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    finish!();
    await quiet;
    expect(await listing).toEqual([]);
  });

  it('gives up on a call that never ends (a keychain waiting for an unlock), then goes on once it ends or its time is up', async () => {
    // The library's search is the test's: the first one never ends until the test says so.
    let finishLate: (() => void) | undefined;
    let lateEnded = false;
    const searches: string[] = [];
    // Each queued call reads the clock first (is the keychain's last proof recent?): a read is a call that started.
    let clockReads = 0;
    const late = createKeyringSecretStore(ownStore().service, {
      findCredentials: () => {
        searches.push(finishLate ? 'next' : 'late');
        if (finishLate) return Promise.resolve([]);
        return new Promise((resolve) => (finishLate = () => resolve([]))).then((found) => ((lateEnded = true), found as never[]));
      },
      now: () => (clockReads++, Date.now()),
      operationTimeoutMs: 300,
      lingerMs: 60_000,
    });
    const given = late.listAccounts();
    const next = late.listAccounts();
    await vi.waitFor(() => expect(searches).toEqual(['late']));
    const readsWhileLingering = clockReads;
    // The first call is given up on while the library still runs it: it was its deadline, not its end.
    await expect(given).rejects.toMatchObject({ code: 'keychain_locked', message: expect.stringMatching(/did not answer/) });
    expect(lateEnded).toBe(false);
    // The next call does not start while the one given up on still runs, so the two never overlap...
    await new Promise((resolve) => setImmediate(resolve));
    expect(clockReads).toBe(readsWhileLingering);
    expect(searches).toEqual(['late']);
    // ...and runs as soon as it ends.
    finishLate!();
    expect(await next).toEqual([]);
    expect(lateEnded).toBe(true);
    expect(searches).toEqual(['late', 'next']);
    expect(clockReads).toBeGreaterThan(readsWhileLingering);

    // A call that never ends holds the queue only for its time limit.
    const stuck = createKeyringSecretStore(ownStore().service, {
      findCredentials: () => new Promise(() => {}),
      operationTimeoutMs: 200,
      lingerMs: 300,
    });
    await expect(stuck.listAccounts()).rejects.toMatchObject({ code: 'keychain_locked' });
    expect(await stuck.status()).toEqual({ available: true, backend: 'Secret Service' });
  });

  it('takes its service name from BYOM_DESK_KEYCHAIN_SERVICE, defaulting to "BYOM Desk"', () => {
    expect(keychainServiceName({})).toBe(defaultKeychainService);
    expect(keychainServiceName({ BYOM_DESK_KEYCHAIN_SERVICE: 'Tests' })).toBe('Tests');
    expect(defaultKeychainService).toBe('BYOM Desk');
  });

  it('fails every operation at once, naming the cause and the fix, when no Secret Service runs', async () => {
    const outcome = await probe(['node', ...probeArgs], { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/byom-desk-bus' });
    expect(outcome.status).toMatchObject({ available: false, code: 'keychain_unavailable' });
    expect(outcome.status!.message).toMatch(/No Secret Service is running/);
    expect(outcome.status!.message).toMatch(/GNOME Keyring/);
    for (const op of ['set', 'get', 'list']) {
      expect(outcome[op]!.code, op).toBe('keychain_unavailable');
      expect(outcome[op]!.message, op).toMatch(/never stores secrets in plain files/);
      // Its own answer, not the deadline's ("did not answer within 15 seconds"): it did not wait.
      expect(outcome[op]!.message, op).not.toMatch(/did not answer/);
    }
  });

  it('fails with "locked" and how to unlock it when the keyring is locked', async () => {
    // A login keyring made (and unlocked) in one private session, then found locked in the next,
    // where D-Bus activation starts gnome-keyring and nobody unlocks it.
    const home = mkdtempSync(join(tmpdir(), 'byom-locked-home-'));
    // In the foreground and stopped once the keyring is made, so no daemon outlives the test.
    const makeKeyring = `printf %s PASS | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 & k=$!
      until [ -f "$HOME/.local/share/keyrings/login.keyring" ]; do sleep 0.1; done; kill $k; wait $k || true`;
    await run('dbus-run-session', ['--', 'bash', '-c', makeKeyring], {
      env: { ...process.env, HOME: home, DBUS_SESSION_BUS_ADDRESS: '' },
      timeout: 30_000,
    });
    const outcome = await probe(['dbus-run-session', '--', 'node', ...probeArgs], { HOME: home, DBUS_SESSION_BUS_ADDRESS: '' });
    expect(outcome.status).toMatchObject({ available: false, code: 'keychain_locked' });
    for (const op of ['set', 'get', 'list']) {
      expect(outcome[op]!.code, op).toBe('keychain_locked');
      expect(outcome[op]!.message, op).toMatch(/is locked\. Unlock it/);
    }
  });

  it('says a default keyring is missing when the Secret Service has none', async () => {
    const home = mkdtempSync(join(tmpdir(), 'byom-empty-home-'));
    const outcome = await probe(['dbus-run-session', '--', 'node', ...probeArgs], { HOME: home, DBUS_SESSION_BUS_ADDRESS: '' });
    expect(outcome.status).toMatchObject({ available: false, code: 'keychain_unavailable' });
    expect(outcome.set!.message).toMatch(/no default keyring/);
  });
});

const probeArgs = ['--import', 'tsx', 'test/integration/fixtures/keychain-probe.ts', service];

async function probe(command: string[], env: Record<string, string>) {
  const [file, ...args] = command;
  const { stdout } = await run(file!, args, { env: { ...process.env, ...env }, timeout: 30_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, { code?: string; message?: string; ms?: number }>;
}
