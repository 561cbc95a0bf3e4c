// The page's one error policy (src-renderer/app/failures.ts) and a store made with a fake bridge:
// store actions throw what main refused; the control that started the action shows it beside
// itself when it is about that control, and the banner shows what is the app's.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useAppStore } from '../../src-renderer/app/app-store';
import { showFailure, showFailureOf } from '../../src-renderer/app/failures';
import { createSignInStore } from '../../src-renderer/features/tenants/signin-store';
import { createTenantsStore } from '../../src-renderer/features/tenants/tenants-store';
import { createSettingsStore } from '../../src-renderer/features/settings/settings-store';
import { defaultAppSettings } from '../../src-shared/app-settings';
import type { BridgeApi } from '../../src-shared/contract';
import type { AppErrorShape } from '../../src-shared/errors';

afterEach(() => useAppStore.setState({ errors: [] }));

const refusedField: AppErrorShape = {
  code: 'validation',
  message: 'That setting cannot be saved: at most 16.',
  details: { fields: [{ path: 'tenantRequestCap', message: 'at most 16' }] },
};

describe('the one error policy', () => {
  it('shows a refusal beside the control that asked for it, and nothing in the banner', () => {
    const inline: AppErrorShape[] = [];
    expect(showFailure(refusedField, (e) => inline.push(e))).toEqual(refusedField);
    expect(inline).toEqual([refusedField]);
    expect(useAppStore.getState().errors).toEqual([]);
  });

  it('puts the app’s own failures in the banner, even when the control has a place for errors', () => {
    const inline: AppErrorShape[] = [];
    for (const code of ['keychain_locked', 'internal', 'storage'] as const)
      showFailure({ code, message: `${code} failed` }, (e) => inline.push(e));
    expect(inline).toEqual([]);
    expect(useAppStore.getState().errors.map((e) => e.code)).toEqual(['keychain_locked', 'internal', 'storage']);
  });

  it('shows one failure once in the banner when two parts of the page meet it at once', async () => {
    const keychain: AppErrorShape = { code: 'keychain_locked', message: 'The Secret Service is locked.' };
    showFailureOf(Promise.reject(keychain));
    showFailureOf(Promise.reject({ ...keychain }));
    showFailureOf(Promise.reject({ code: 'storage', message: 'The data folder is read-only.' }));
    await vi.waitFor(() => expect(useAppStore.getState().errors.map((e) => e.code)).toEqual(['keychain_locked', 'storage']));
  });

  it('puts any failure in the banner when the control has no place for it, a thrown Error too', () => {
    showFailure(refusedField);
    showFailure(new Error('the bridge went away'));
    expect(useAppStore.getState().errors.map((e) => [e.code, e.message])).toEqual([
      ['validation', refusedField.message],
      ['internal', 'the bridge went away'],
    ]);
  });
});

describe('a store made with a fake bridge', () => {
  it('throws what main refused and keeps what it had; a saved change is what main answered', async () => {
    let stored = { ...defaultAppSettings };
    const fake = {
      getAppSettings: async () => stored,
      updateAppSettings: async (change: Partial<typeof stored>) => {
        if (change.tenantRequestCap !== undefined && change.tenantRequestCap > 16) throw refusedField;
        stored = { ...stored, ...change };
        return stored;
      },
      on: () => () => undefined,
    } as unknown as BridgeApi;
    const store = createSettingsStore(() => fake);
    await store.getState().attach();
    await expect(store.getState().save({ tenantRequestCap: 40 })).rejects.toEqual(refusedField);
    expect(store.getState().settings).toEqual(defaultAppSettings);
    await store.getState().save({ theme: 'dark' });
    expect(store.getState().settings).toEqual({ ...defaultAppSettings, theme: 'dark' });
  });

  it('throws a list it could not read, and does not call it read', async () => {
    const storage: AppErrorShape = { code: 'storage', message: 'profiles.json cannot be read.' };
    const store = createTenantsStore(() => ({ listTenantProfiles: async () => Promise.reject(storage) }) as unknown as BridgeApi);
    await expect(store.getState().load()).rejects.toEqual(storage);
    expect(store.getState().loaded).toBe(false);
  });

  it('shows a failure after a finished sign-in (reading the tenants again) in the banner, not as an unhandled rejection', async () => {
    let finished: ((event: unknown) => void) | undefined;
    const fake = {
      on: (name: string, listener: (event: unknown) => void) => ((finished = listener), () => undefined),
      startBrowserSignIn: async () => ({
        authorizationUrl: 'https://t.example/auth',
        redirectUri: 'http://127.0.0.1:1/cb',
        openedByMain: true,
      }),
    } as unknown as BridgeApi;
    const storage: AppErrorShape = { code: 'storage', message: 'profiles.json cannot be read.' };
    const tenants = createTenantsStore(() => ({ listTenantProfiles: async () => Promise.reject(storage) }) as unknown as BridgeApi);
    const store = createSignInStore(() => fake, tenants);
    await store.getState().start('t1');
    const entry = store.getState().byTenant.t1!;
    expect(entry).toMatchObject({ status: 'waiting', authorizationUrl: 'https://t.example/auth' });
    // Signed in; reading the tenants again then fails: the app's own failure, so the banner says it.
    finished!({ tenantId: 't1', operationId: (entry as { operationId: string }).operationId, outcome: 'signed-in' });
    await vi.waitFor(() => expect(useAppStore.getState().errors).toContainEqual(expect.objectContaining(storage)));
    expect(store.getState().byTenant.t1).toBeUndefined();
  });
});
