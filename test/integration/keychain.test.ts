// Against a real gnome-keyring in the private D-Bus session that `npm test` starts.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import { defaultKeychainService, keychainServiceName } from '../../src-main/secrets/secret-store';

const run = promisify(execFile);
const service = `BYOM Desk test ${randomUUID()}`;
const store = createKeyringSecretStore(service);

afterAll(async () => {
  for (const account of await store.listAccounts()) await store.delete(account);
});

describe('the OS keychain store (Secret Service)', () => {
  it('reports the keychain as available', async () => {
    expect(await store.status()).toEqual({ available: true, backend: 'Secret Service' });
  });

  it('stores, reads, lists and deletes secrets', async () => {
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
    const other = createKeyringSecretStore(`${service} other`);
    await other.set('profile/a/refreshToken', 'elsewhere');
    expect(await store.get('profile/a/refreshToken')).toBe('secret-b');
    expect(await other.delete('profile/a/refreshToken')).toBe(true);
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
      expect(outcome[op]!.ms!, op).toBeLessThan(5_000);
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
