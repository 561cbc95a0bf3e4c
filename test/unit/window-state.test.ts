// The main window opens where it was closed, on a display that is there now
// (src-main/desktop/window-state.ts and the shell's half in src-main/electron/desktop-shell.ts).
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rememberWindowState, showPlaced } from '../../src-main/electron/desktop-shell';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import {
  createWindowStateStore,
  defaultWindowSize,
  placeWindow,
  type DisplayArea,
  type Rect,
  type WindowState,
} from '../../src-main/desktop/window-state';
import { memoryLogger } from '../support/memory-logger';

const laptop: DisplayArea = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
// A monitor to the right of the laptop.
const monitor: DisplayArea = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
// A monitor above the laptop, at negative coordinates (macOS arranges them so).
const above: DisplayArea = { workArea: { x: -200, y: -1080, width: 1920, height: 1055 } };

const state = (bounds: Rect, maximized = false): WindowState => ({ bounds, maximized });
const inside = (r: Rect, area: Rect) =>
  r.x >= area.x && r.y >= area.y && r.x + r.width <= area.x + area.width && r.y + r.height <= area.y + area.height;

describe('where the window opens', () => {
  it('the first time: the default size, centered on the primary display', () => {
    expect(placeWindow(null, [monitor, laptop], monitor)).toEqual({
      bounds: { x: 1440 + (2560 - 1280) / 2, y: (1400 - 820) / 2, width: 1280, height: 820 },
      maximized: false,
    });
    // On a screen smaller than the default size, the window fits the screen.
    const small: DisplayArea = { workArea: { x: 0, y: 0, width: 1024, height: 700 } };
    expect(placeWindow(null, [small], small).bounds).toEqual({ x: 0, y: 0, width: 1024, height: 700 });
  });

  it('where it was closed, on whichever display that was, at the same size', () => {
    const onMonitor = state({ x: 2000, y: 100, width: 1600, height: 1000 });
    expect(placeWindow(onMonitor, [laptop, monitor], laptop)).toEqual(onMonitor);
    const onAbove = state({ x: 0, y: -1000, width: 1000, height: 700 });
    expect(placeWindow(onAbove, [laptop, above], laptop)).toEqual(onAbove);
  });

  it('maximized, when it was maximized, on the display it was on', () => {
    const placed = placeWindow(state({ x: 1600, y: 50, width: 1300, height: 900 }, true), [laptop, monitor], laptop);
    expect(placed.maximized).toBe(true);
    expect(inside(placed.bounds, monitor.workArea)).toBe(true);
  });

  it('back on the primary display when the display it was on was removed, keeping its size', () => {
    // Closed on the monitor; the laptop is opened undocked.
    const placed = placeWindow(state({ x: 2500, y: 300, width: 1200, height: 800 }, true), [laptop], laptop);
    expect(placed.bounds).toEqual({ x: 120, y: 63, width: 1200, height: 800 });
    expect(placed.maximized).toBe(true);
  });

  it('wholly on its display when it hung off an edge, shrunk when it is larger than the display', () => {
    // Half off the laptop's right edge and under its bottom: moved in, size kept.
    const hanging = placeWindow(state({ x: 1000, y: 600, width: 1000, height: 700 }), [laptop], laptop);
    expect(hanging.bounds).toEqual({ x: 440, y: 200, width: 1000, height: 700 });
    // Saved on a big monitor, now on the laptop's smaller display at the same coordinates.
    const tooBig = placeWindow(state({ x: 0, y: 0, width: 2400, height: 1300 }), [laptop], laptop);
    expect(tooBig.bounds).toEqual(laptop.workArea);
    // Above the top of the display (where the title bar could not be grabbed): moved down.
    const aboveTop = placeWindow(state({ x: 100, y: -200, width: 1000, height: 700 }), [laptop], laptop);
    expect(aboveTop.bounds.y).toBe(25);
  });

  it('on the display it is mostly on, when it straddles two', () => {
    // 300 px on the laptop, 900 px on the monitor.
    const placed = placeWindow(state({ x: 1140, y: 100, width: 1200, height: 800 }), [laptop, monitor], laptop);
    expect(inside(placed.bounds, monitor.workArea)).toBe(true);
    expect(placed.bounds).toEqual({ x: 1440, y: 100, width: 1200, height: 800 });
  });
});

const stateFile = (bounds: unknown) => JSON.stringify({ schemaVersion: 1, data: { main: { bounds, maximized: false } } });

describe('the window state file', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'byom-window-'));

  it('keeps what was saved for the next start', () => {
    const dir = dataDir();
    const saved = state({ x: -150, y: -900, width: 1500, height: 950 }, true);
    createWindowStateStore(confDocumentFiles(dir), memoryLogger()).save(saved);
    expect(createWindowStateStore(confDocumentFiles(dir), memoryLogger()).load()).toEqual(saved);
    expect(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8'))).toEqual({ schemaVersion: 1, data: { main: saved } });
  });

  it.each([
    ['not JSON', '{"schemaVersion": 1, "data": {"main": {"bou'],
    ['a negative size', stateFile({ x: 0, y: 0, width: -5, height: 600 })],
    ['a size in words', stateFile({ x: 0, y: 0, width: 'wide', height: 600 })],
    // 1e400 is a JSON number that JavaScript reads as Infinity.
    ['coordinates at infinity', stateFile({ x: 0, y: 0, width: 900, height: 600 }).replace('"x":0', '"x":1e400')],
  ])('when it is corrupt (%s): the default window, and the file moved aside, not lost', (_what, contents) => {
    const dir = dataDir();
    writeFileSync(join(dir, 'window-state.json'), contents);
    const log = memoryLogger();
    const saved = createWindowStateStore(confDocumentFiles(dir), log).load();
    expect(saved).toBeNull();
    expect(placeWindow(saved, [laptop], laptop).bounds).toMatchObject(defaultWindowSize);
    const aside = readdirSync(dir).filter((f) => f.startsWith('window-state.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(contents);
  });

  it('a state that cannot be written is logged, and the window still closes', () => {
    const log = memoryLogger();
    // A data folder that is a file: nothing can be written under it.
    const notAFolder = join(dataDir(), 'file');
    writeFileSync(notAFolder, '');
    const store = createWindowStateStore(confDocumentFiles(notAFolder), log);
    expect(() => store.save(state({ x: 0, y: 0, width: 1000, height: 700 }))).not.toThrow();
    expect(log.entries.map((e) => e.event)).toContain('window_state.not_saved');
  });
});

class FakeWindow extends EventEmitter {
  maximized = false;
  shown = false;
  constructor(public bounds: Rect) {
    super();
  }
  getBounds = () => ({ ...this.bounds });
  getNormalBounds = () => ({ ...this.bounds });
  setBounds = (b: Rect) => void (this.bounds = b);
  isMaximized = () => this.maximized;
  isFullScreen = () => false;
  maximize = () => void ((this.maximized = true), (this.shown = true));
  show = () => void (this.shown = true);
  focus = () => {};
}

function fakeScreen(displays: DisplayArea[]) {
  return Object.assign(new EventEmitter(), { displays, getAllDisplays: () => displays, getPrimaryDisplay: () => displays[0]! });
}

describe('the window while the app runs', () => {
  it('is saved when it closes: its normal bounds and whether it was maximized', () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-window-'));
    const store = createWindowStateStore(confDocumentFiles(dir), memoryLogger());
    const win = new FakeWindow({ x: 1500.4, y: 80, width: 1700, height: 1000.6 });
    rememberWindowState(win, store, fakeScreen([laptop, monitor]));
    win.maximized = true;
    win.emit('close');
    expect(store.load()).toEqual(state({ x: 1500, y: 80, width: 1700, height: 1001 }, true));
  });

  it('comes back onto a display when the one it is on is unplugged', () => {
    const store = createWindowStateStore(confDocumentFiles(mkdtempSync(join(tmpdir(), 'byom-window-'))), memoryLogger());
    const screen = fakeScreen([laptop, monitor]);
    const win = new FakeWindow({ x: 2000, y: 100, width: 1200, height: 800 });
    rememberWindowState(win, store, screen);
    screen.displays.splice(1, 1);
    screen.emit('display-removed');
    expect(win.bounds).toEqual({ x: 120, y: 63, width: 1200, height: 800 });
    // A change that leaves it visible does not move it.
    win.bounds = { x: 10, y: 40, width: 1000, height: 700 };
    screen.emit('display-metrics-changed');
    expect(win.bounds).toEqual({ x: 10, y: 40, width: 1000, height: 700 });
    // After the window is closed, display changes no longer touch it.
    win.emit('closed');
    expect(screen.listenerCount('display-removed')).toBe(0);
  });

  it('shows maximized when it was closed maximized', () => {
    const maximized = new FakeWindow({ x: 0, y: 25, width: 1000, height: 700 });
    showPlaced(maximized, { bounds: maximized.bounds, maximized: true });
    expect([maximized.shown, maximized.maximized]).toEqual([true, true]);
    const normal = new FakeWindow({ x: 0, y: 25, width: 1000, height: 700 });
    showPlaced(normal, { bounds: normal.bounds, maximized: false });
    expect([normal.shown, normal.maximized]).toEqual([true, false]);
  });
});
