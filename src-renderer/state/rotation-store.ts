// Which key the Rotate keys screen is rotating: set by the inventory's Rotate button and by an
// expiry reminder, so either opens the rotation for that key, prefilled.
import { create } from 'zustand';
import type { RotationTarget } from '../../src-shared/rotation';
import { useAppStore } from './app-store';

interface RotationState {
  source: RotationTarget | null;
  /** Opens the Rotate keys screen on this credential. */
  open(source: RotationTarget): void;
  clear(): void;
}

export const useRotationStore = create<RotationState>((set) => ({
  source: null,
  open: (source) => {
    set({ source });
    useAppStore.getState().goTo('rotation');
  },
  clear: () => set({ source: null }),
}));
