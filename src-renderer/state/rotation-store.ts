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
  /** Opens the Rotate keys screen on this credential, with a fresh form. */
  open(source: RotationTarget): void;
  started(jobId: string, on: RotationMatch[]): void;
  clear(): void;
}

export const useRotationStore = create<RotationState>((set) => ({
  source: null,
  jobId: null,
  startedOn: null,
  open: (source) => {
    set({ source, jobId: null, startedOn: null });
    useAppStore.getState().goTo('rotation');
  },
  started: (jobId, startedOn) => set({ jobId, startedOn }),
  clear: () => set({ source: null, jobId: null, startedOn: null }),
}));
