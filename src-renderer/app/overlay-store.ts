// Which of the app's overlays is open: the command palette (Ctrl/Cmd+K) or the shortcuts help (?).
import { create } from 'zustand';

export type Overlay = 'palette' | 'shortcuts';

export const useOverlayStore = create<{ open: Overlay | null; show(overlay: Overlay): void; close(): void }>((set) => ({
  open: null,
  show: (open) => set({ open }),
  close: () => set({ open: null }),
}));
