// Which key the Rotate keys screen is rotating: set by the inventory's Rotate button and by an
// expiry reminder, so either opens the rotation for that key, prefilled. The rotation it started,
// the matches it started on, and the key each target holds, live here too, so leaving the screen
// and coming back shows it, and a retry tells main which key to expect on each target.
import { create } from 'zustand';
import type { BridgeApi } from '../../../src-shared/contract';
import { bridge } from '../../bridge';
import type { RotationKey, RotationMatch, RotationTarget } from '../../../src-shared/rotation';
import { useAppStore } from '../../app/app-store';

export const targetKey = (t: RotationTarget) => `${t.tenantId}:${t.credentialId}`;

/** What a target held when a rotation started on it, and what it holds if that rotation's PATCH went through. */
export interface StartedKey {
  before: RotationKey;
  after: RotationKey;
}

interface RotationState {
  source: RotationTarget | null;
  /** The last rotation started from this screen, and the matches it was started on. */
  jobId: string | null;
  startedOn: RotationMatch[] | null;
  /** Whether that rotation was the fallback (a retry of it is the fallback again). */
  fallback: boolean;
  /** By target (`targetKey`): the key each rotation started from this screen expected, and the one it sent (its visible end only). */
  keys: Record<string, StartedKey>;
  /** Opens the Rotate keys screen on this credential, with a fresh form. */
  open(source: RotationTarget): void;
  started(jobId: string, on: RotationMatch[], fallback: boolean, keys: Record<string, StartedKey>): void;
  clear(): void;
  /** Rotates the key on the chosen credentials: a job in main. */
  startRotation: BridgeApi['startRotation'];
}

const fresh = { jobId: null, startedOn: null, fallback: false, keys: {} };

/** The store, made with the bridge passed in (a test gives it a fake one). */
export function createRotationStore(api: () => BridgeApi = bridge) {
  return create<RotationState>((set) => ({
    source: null,
    ...fresh,
    open: (source) => {
      set({ source, ...fresh });
      useAppStore.getState().goTo('rotation');
    },
    started: (jobId, startedOn, fallback, keys) => set((s) => ({ jobId, startedOn, fallback, keys: { ...s.keys, ...keys } })),
    clear: () => set({ source: null, ...fresh }),
    startRotation: (input) => api().startRotation(input),
  }));
}

export const useRotationStore = createRotationStore();
