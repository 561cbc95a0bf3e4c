// Which key the Rotate keys screen is rotating: set by the inventory's Rotate button and by an
// expiry reminder, so either opens the rotation for that key, prefilled. The rotation it started,
// and the matches it started on, live here too, so leaving the screen and coming back shows it.
import { create } from 'zustand';
import type { RotationMatch, RotationTarget } from '../../src-shared/rotation';
import { useAppStore } from './app-store';

interface RotationState {
  source: RotationTarget | null;
  /** The last rotation started from this screen, and the matches it was started on. */
  jobId: string | null;
  startedOn: RotationMatch[] | null;
  /** Whether that rotation was the fallback (a retry of it is the fallback again). */
  fallback: boolean;
  /** Opens the Rotate keys screen on this credential, with a fresh form. */
  open(source: RotationTarget): void;
  started(jobId: string, on: RotationMatch[], fallback: boolean): void;
  clear(): void;
}

export const useRotationStore = create<RotationState>((set) => ({
  source: null,
  jobId: null,
  startedOn: null,
  fallback: false,
  open: (source) => {
    set({ source, jobId: null, startedOn: null, fallback: false });
    useAppStore.getState().goTo('rotation');
  },
  started: (jobId, startedOn, fallback) => set({ jobId, startedOn, fallback }),
  clear: () => set({ source: null, jobId: null, startedOn: null, fallback: false }),
}));
