// The page's one error policy (src-renderer/app/failures.ts) and a store made with a fake bridge:
// store actions throw what main refused; the control that started the action shows it beside
// itself when it is about that control, and the banner shows what is the app's.
import { afterEach, describe, expect, it } from 'vitest';
import { useAppStore } from '../../src-renderer/app/app-store';
import { showFailure } from '../../src-renderer/app/failures';
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
});
