// Credential expiries as the page holds them: read from main on start, kept current by
// `expiry.changed`, with a clock so a key becomes due while the page stays open. A click on an OS
// reminder (`expiry.open-rotation`) opens the rotation for that key, as the banner's button does.
import type { BridgeApi } from '../../../src-shared/contract';
import { create } from 'zustand';
import {
  defaultLeadHours,
  dueExpiries,
  expiryKey,
  type CredentialExpiry,
  type DueExpiry,
  type ExpiryList,
} from '../../../src-shared/expiry';
import { asAppError, bridge } from '../../bridge';
import { useAppStore } from '../../app/app-store';
import { useRotationStore } from '../rotation/rotation-store';

interface ExpiryState {
  expiries: CredentialExpiry[];
  leadHours: number;
  loaded: boolean;
  /** Ticks every 30 s: what is due is worked out against it. */
  now: number;
  /** Reminders dismissed in this page's life, by credential, expiry date and state (a key that then expires reminds again). */
  dismissed: ReadonlySet<string>;
  attach(): Promise<void>;
  /** Throws what main refused (the one error policy: app/failures.ts). */
  set(target: { tenantId: string; credentialId: string; credentialName: string }, expiresAt: string | null): Promise<void>;
  /** Throws what main refused. */
  setLeadHours(hours: number): Promise<void>;
  dismiss(due: readonly DueExpiry[]): void;
}

export const dismissKey = (due: DueExpiry) => `${expiryKey(due.expiry)}@${due.expiry.expiresAt}:${due.state}`;

/** What the banner reminds of now: due, and not dismissed. */
export function shownReminders(s: Pick<ExpiryState, 'expiries' | 'leadHours' | 'now' | 'dismissed'>): DueExpiry[] {
  return dueExpiries(s.expiries, s.now, s.leadHours).filter((d) => !s.dismissed.has(dismissKey(d)));
}

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createExpiryStore(api: () => BridgeApi = bridge) {
  let attached = false;
  return create<ExpiryState>((set) => {
    const put = (list: ExpiryList) => set({ expiries: list.expiries, leadHours: list.leadHours, loaded: true, now: Date.now() });
    const write = async (call: () => Promise<ExpiryList>): Promise<void> => put(await call());
    return {
      expiries: [],
      leadHours: defaultLeadHours,
      loaded: false,
      now: Date.now(),
      dismissed: new Set(),
      async attach() {
        if (attached) return;
        attached = true;
        api().on('expiry.changed', put);
        api().on('expiry.open-rotation', (target) => useRotationStore.getState().open(target));
        setInterval(() => set({ now: Date.now() }), 30_000);
        try {
          put(await api().listCredentialExpiries());
        } catch (error) {
          set({ loaded: true });
          useAppStore.getState().showError(asAppError(error));
        }
      },
      set: (target, expiresAt) => write(() => api().setCredentialExpiry({ ...target, expiresAt })),
      setLeadHours: (hours) => write(() => api().setReminderLeadHours({ hours })),
      dismiss: (due) => set((s) => ({ dismissed: new Set([...s.dismissed, ...due.map(dismissKey)]) })),
    };
  });
}

export const useExpiryStore = createExpiryStore();
