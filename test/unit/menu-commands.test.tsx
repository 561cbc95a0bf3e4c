// @vitest-environment jsdom
// The desktop menu's commands, as the page receives them (`app.command`): each opens its screen,
// in the address too (so a reload stays there), and New Draft opens an empty draft.
import { afterEach, describe, expect, it } from 'vitest';
import { followMenuCommands } from '../../src-renderer/app/menu-commands';
import { useAppStore } from '../../src-renderer/app/app-store';
import { useDraftsStore } from '../../src-renderer/features/drafts/drafts-store';
import type { AppCommandEvent } from '../../src-shared/app-commands';
import type { BridgeApi } from '../../src-shared/contract';

function bridgeWithMenu() {
  const listeners = new Map<string, (payload: AppCommandEvent) => void>();
  const api: Partial<BridgeApi> = {
    on: ((name: string, listener: (payload: AppCommandEvent) => void) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    }) as BridgeApi['on'],
  };
  Object.defineProperty(window, 'byomDesk', { value: api, configurable: true });
  return (payload: AppCommandEvent) => listeners.get('app.command')!(payload);
}

afterEach(() => {
  useAppStore.setState({ screen: 'tenants' });
  history.replaceState(null, '', '#/tenants');
});

describe('the menu’s commands in the page', () => {
  it('open each main screen, in the address too', () => {
    const send = bridgeWithMenu();
    const stop = followMenuCommands();
    for (const [command, screen] of [
      ['go.inventory', 'inventory'],
      ['go.audit', 'audit'],
      ['go.rotation', 'rotation'],
      ['go.tenants', 'tenants'],
    ] as const) {
      send({ command });
      expect(useAppStore.getState().screen).toBe(screen);
      expect(window.location.hash.startsWith(`#/${screen}`)).toBe(true);
    }
    stop();
  });

  it('New Draft opens the Drafts screen on an empty draft', async () => {
    const send = bridgeWithMenu();
    const stop = followMenuCommands();
    useDraftsStore.setState({ openId: 'some-draft', creating: false });
    send({ command: 'draft.new' });
    await expect.poll(() => useDraftsStore.getState().creating).toBe(true);
    expect(useDraftsStore.getState().openId).toBeNull();
    expect(useAppStore.getState().screen).toBe('drafts');
    stop();
  });
});
