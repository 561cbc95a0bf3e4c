// Where the main window opens: the size, position and maximized state it had when it was last
// closed, kept on a display that is there now. A window last seen on a display that was removed
// (a laptop undocked) comes back on the primary display instead of off screen; one half off a
// display is moved fully onto it. Plain Node: the shell passes in the displays it has.
import { z } from 'zod';
import type { Logger } from '../log/logger';
import type { DocumentFiles } from '../storage/document-file';
import { openVersionedDocument, type Migrations, type VersionedDocument } from '../storage/versioned-document';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the shell knows of a display: its work area (the screen less the task bar, dock or menu bar). */
export interface DisplayArea {
  workArea: Rect;
}

export interface WindowState {
  /** The window's normal (not maximized) bounds, so that un-maximizing after a restart goes back to them. */
  bounds: Rect;
  maximized: boolean;
}

export interface WindowPlacement {
  bounds: Rect;
  maximized: boolean;
}

export const defaultWindowSize = { width: 1280, height: 820 } as const;
export const minimumWindowSize = { width: 960, height: 600 } as const;

const coordinate = z.number().int().min(-100_000).max(100_000);
const length = z.number().int().min(1).max(100_000);
const windowStateSchema = z.strictObject({
  bounds: z.strictObject({ x: coordinate, y: coordinate, width: length, height: length }),
  maximized: z.boolean(),
});
const windowStateDocumentSchema = z.strictObject({ main: windowStateSchema.nullable() });
type WindowStateDocument = z.infer<typeof windowStateDocumentSchema>;

function overlapArea(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}

/** The size, no larger than the work area and no smaller than the window's minimum (when that fits). */
function fitSize(width: number, height: number, area: Rect): { width: number; height: number } {
  return {
    width: clamp(width, Math.min(minimumWindowSize.width, area.width), area.width),
    height: clamp(height, Math.min(minimumWindowSize.height, area.height), area.height),
  };
}

function centeredIn(area: Rect, width: number, height: number): Rect {
  const size = fitSize(width, height, area);
  return {
    x: area.x + Math.round((area.width - size.width) / 2),
    y: area.y + Math.round((area.height - size.height) / 2),
    ...size,
  };
}

/** The display the rectangle is most on, or null when it is on none of them. */
export function displayShowing(rect: Rect, displays: readonly DisplayArea[]): DisplayArea | null {
  let best: DisplayArea | null = null;
  let bestArea = 0;
  for (const display of displays) {
    const area = overlapArea(rect, display.workArea);
    if (area > bestArea) {
      best = display;
      bestArea = area;
    }
  }
  return best;
}

/** The rectangle moved (and shrunk if it must be) to lie wholly inside the work area. */
export function keepInside(rect: Rect, area: Rect): Rect {
  const size = fitSize(rect.width, rect.height, area);
  return {
    x: clamp(rect.x, area.x, area.x + area.width - size.width),
    y: clamp(rect.y, area.y, area.y + area.height - size.height),
    ...size,
  };
}

/**
 * Where to open the window. No saved state: the default size, centered on the primary display.
 * A saved window is put back on the display it is most on, wholly inside it; one on no display
 * now keeps its size and is centered on the primary display.
 */
export function placeWindow(saved: WindowState | null, displays: readonly DisplayArea[], primary: DisplayArea): WindowPlacement {
  if (!saved) return { bounds: centeredIn(primary.workArea, defaultWindowSize.width, defaultWindowSize.height), maximized: false };
  const display = displayShowing(saved.bounds, displays);
  const bounds = display
    ? keepInside(saved.bounds, display.workArea)
    : centeredIn(primary.workArea, saved.bounds.width, saved.bounds.height);
  return { bounds, maximized: saved.maximized };
}

/**
 * The window's bounds again, when a display it was on is gone while the app runs: null when it is
 * still wholly visible (nothing to do), else where to move it.
 */
export function boundsAfterDisplayChange(current: Rect, displays: readonly DisplayArea[], primary: DisplayArea): Rect | null {
  const display = displayShowing(current, displays);
  const moved = display ? keepInside(current, display.workArea) : centeredIn(primary.workArea, current.width, current.height);
  const same = moved.x === current.x && moved.y === current.y && moved.width === current.width && moved.height === current.height;
  return same ? null : moved;
}

/** Rounds what the OS reports (fractional under display scaling) to what the file keeps. */
export function windowStateOf(normalBounds: Rect, maximized: boolean): WindowState {
  return {
    bounds: {
      x: Math.round(normalBounds.x),
      y: Math.round(normalBounds.y),
      width: Math.max(1, Math.round(normalBounds.width)),
      height: Math.max(1, Math.round(normalBounds.height)),
    },
    maximized,
  };
}

export interface WindowStateStore {
  /** The saved state, or null when there is none or the file cannot be read (it is then moved aside). */
  load(): WindowState | null;
  /** Never throws: a window that cannot remember its size must not stop the app from closing. */
  save(state: WindowState): void;
}

const migrations: Migrations = {};

/** `<dataDir>/window-state.json`, a versioned document like every other. */
export function createWindowStateStore(files: DocumentFiles, log: Logger): WindowStateStore {
  let doc: VersionedDocument<WindowStateDocument> | null = null;
  const open = () =>
    (doc ??= openVersionedDocument<WindowStateDocument>({
      files,
      name: 'window-state',
      version: 1,
      migrations,
      schema: windowStateDocumentSchema,
      empty: () => ({ main: null }),
      log,
    }));
  return {
    load() {
      try {
        return open().load().value.main;
      } catch {
        log.warn('window_state.unreadable');
        return null;
      }
    },
    save(state) {
      try {
        open().save({ main: state });
      } catch {
        log.warn('window_state.not_saved');
      }
    },
  };
}
