// @vitest-environment jsdom
// The reminder above every screen: what it says of keys expired and expiring, the rotation one
// click away, dismissed for the session, and the lead time saved only once it is typed whole.
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ExpiryBanner } from '../../src-renderer/app/ExpiryBanner';
import { LeadTimeControl } from '../../src-renderer/features/expiry/LeadTimeControl';
import { useAppStore } from '../../src-renderer/app/app-store';
import { useRotationStore } from '../../src-renderer/features/rotation/rotation-store';
import type { BridgeApi } from '../../src-shared/contract';
import type { CredentialExpiry, ExpiryList } from '../../src-shared/expiry';

const tenantId = '1f0c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7';
const expiry = (credentialId: string, credentialName: string, inMs: number): CredentialExpiry => ({
  tenantId,
  credentialId,
  credentialName,
  expiresAt: new Date(Date.now() + inMs).toISOString(),
  setAt: new Date().toISOString(),
  source: 'user',
});

function installBridge(list: ExpiryList, leadHoursSet: number[]) {
  const api: Partial<BridgeApi> = {
    listTenantProfiles: async () => ({
      profiles: [{ id: tenantId, name: 'Acme', environment: { label: 'staging', color: '#bf8700' } }] as never,
      notices: [],
    }),
    listCredentialExpiries: async () => list,
    setReminderLeadHours: async ({ hours }) => {
      leadHoursSet.push(hours);
      return { ...list, leadHours: hours };
    },
    on: () => () => {},
  };
  Object.defineProperty(window, 'byomDesk', { value: api, configurable: true });
}

afterEach(() => cleanup());

describe('the expiry reminder banner', () => {
  it(
    'names each key due with its tenant and time, opens its rotation, ' +
      'keeps the lead time typed whole, and is dismissed for the session',
    async () => {
      const list: ExpiryList = {
        expiries: [
          expiry('sts', 'Bedrock STS', 55 * 60_000 + 30_000),
          expiry('old', 'Azure secret', -2 * 3_600_000 - 60_000),
          expiry('later', 'Far off', 40 * 86_400_000),
        ],
        leadHours: 24,
        due: [],
      };
      const leadHoursSet: number[] = [];
      installBridge(list, leadHoursSet);
      render(
        <>
          <ExpiryBanner />
          <LeadTimeControl />
        </>,
      );

      const banner = await screen.findByRole('region', { name: 'Expiry reminders' });
      expect(banner.textContent).toContain('1 key has expired, 1 expires within 24 h');
      const items = screen.getAllByRole('listitem').map((li) => li.textContent);
      expect(items).toEqual([
        expect.stringMatching(/Acme.*Azure secret.*expired 2 h ago/),
        expect.stringMatching(/Acme.*Bedrock STS.*expires in 55 min/),
      ]);
      expect(banner.textContent).not.toContain('Far off');

      fireEvent.click(screen.getByRole('button', { name: 'Rotate Bedrock STS on Acme' }));
      expect(useRotationStore.getState().source).toEqual({ tenantId, credentialId: 'sts' });
      expect(useAppStore.getState().screen).toBe('rotation');

      const lead = screen.getByLabelText('Hours before a key expires to remind');
      fireEvent.input(lead, { target: { value: '7' } });
      fireEvent.input(lead, { target: { value: '72' } });
      expect(leadHoursSet).toEqual([]);
      await act(async () => {
        fireEvent.blur(lead);
      });
      expect(leadHoursSet).toEqual([72]);
      expect(banner.textContent).toContain('within 72 h');

      fireEvent.click(screen.getByRole('button', { name: 'Dismiss the expiry reminders' }));
      expect(screen.queryByRole('region', { name: 'Expiry reminders' })).toBeNull();
    },
  );
});
