// @vitest-environment jsdom
import { defaultAppSettings } from '../../src-shared/app-settings';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src-renderer/app/App';
import { useAppStore } from '../../src-renderer/app/app-store';
import type { BridgeApi } from '../../src-shared/contract';
import type { AppInfo, KeychainStatus } from '../../src-shared/app-info';

const locked: KeychainStatus = {
  available: false,
  backend: 'Secret Service',
  code: 'keychain_locked',
  message: 'The Secret Service is locked. Unlock it.',
};

function installBridge(keychain: KeychainStatus, recheck: KeychainStatus) {
  const info: AppInfo = { name: 'BYOM Desk', version: '1.0.0', platform: 'linux', dataDir: '/data', shell: 'electron', keychain };
  const api: Partial<BridgeApi> = {
    getAppInfo: async () => info,
    checkKeychain: async () => recheck,
    listTenantProfiles: async () => ({ profiles: [], notices: [] }),
    listJobs: async () => [],
    listCredentialExpiries: async () => ({ expiries: [], leadHours: 24, due: [] }),
    listUnfinishedOperations: async () => [],
    listSweepAlerts: async () => ({ at: null, alerts: [] }),
    getAppSettings: async () => defaultAppSettings,
    on: () => () => {},
  };
  Object.defineProperty(window, 'byomDesk', { value: api, configurable: true });
}

afterEach(() => {
  cleanup();
  useAppStore.setState({ screen: 'tenants', appInfo: null, errors: [] });
});

describe('the app frame', () => {
  it('names every navigation item and marks the current screen', async () => {
    installBridge({ available: true, backend: 'Secret Service' }, { available: true, backend: 'Secret Service' });
    render(<App />);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    // Written out, not read from the app's own list: a screen dropped from the menu fails here.
    const items = [
      ['Tenants', 'Tenants'],
      ['Setup', 'Setup'],
      ['Inventory', 'Inventory'],
      ['Drafts', 'Drafts'],
      ['Rotate keys', 'Rotate keys'],
      ['Audit log', 'Audit log'],
      ['Settings', 'Settings'],
    ] as const;
    expect(
      within(nav)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(items.map(([label]) => label));
    for (const [label, heading] of items) {
      await act(async () => fireEvent.click(within(nav).getByRole('button', { name: label })));
      expect(screen.getByRole('heading', { level: 1 }).textContent, label).toBe(heading);
      const current = within(nav)
        .getAllByRole('button')
        .filter((b) => b.getAttribute('aria-current') === 'page');
      expect(
        current.map((b) => b.textContent),
        label,
      ).toEqual([label]);
    }
    expect(await screen.findByText('Keychain: Secret Service ready')).toBeTruthy();
  });

  it('says when the keychain is locked, and checks again on request', async () => {
    installBridge(locked, { available: true, backend: 'Secret Service' });
    render(<App />);
    expect(await screen.findByText(/Keychain unavailable: The Secret Service is locked/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Check again' })));
    expect(await screen.findByText('Keychain: Secret Service ready')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Check again' })).toBeNull();
  });

  it('shows an unhandled error with its fields until dismissed', async () => {
    installBridge({ available: true, backend: 'Secret Service' }, { available: true, backend: 'Secret Service' });
    render(<App />);
    act(() =>
      useAppStore.getState().showError({
        code: 'validation',
        message: 'The request was refused: url: must be an https:// address.',
        details: { fields: [{ path: 'url', message: 'must be an https:// address' }] },
      }),
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('must be an https:// address');
    expect(alert.querySelector('code')?.textContent).toBe('url');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss error' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
