// The desktop app's conventions as the Electron entry point wires them (src-main/index.ts, run with
// a fake electron): the menu reaches the page, About names the versions, a second launch brings the
// window up, and the window opens where it was closed, on a display that is there.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { aboutDialog } from '../../src-main/desktop/about';
import type { MenuItemTemplate } from '../../src-main/desktop/app-menu';
import { alationDocs } from '../../src-shared/alation-docs';
import { createFakeElectron, type FakeDisplays } from '../support/fake-electron';

const laptop = { workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitor = { workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };

async function startApp(options: { displays?: FakeDisplays; windowState?: unknown } = {}) {
  const fake = createFakeElectron({ displays: options.displays });
  vi.resetModules();
  vi.doMock('electron', () => ({ ...fake.module, default: fake.module }));
  const dataDir = mkdtempSync(join(tmpdir(), 'byom-desktop-'));
  if (options.windowState) {
    writeFileSync(join(dataDir, 'window-state.json'), JSON.stringify({ schemaVersion: 1, data: { main: options.windowState } }));
  }
  process.env.BYOM_DESK_DATA_DIR = dataDir;
  await import('../../src-main/index');
  fake.makeReady();
  await vi.waitFor(() => expect(fake.windows[0]?.loadedUrl).toBeDefined());
  const win = fake.windows[0]!;
  const template = (fake.menus.at(-1) as { template: MenuItemTemplate[] }).template;
  const menu = (name: string) => template.find((m) => (m.label ?? '').replace('&', '') === name)!.submenu!;
  const item = (menuName: string, label: string) => menu(menuName).find((i) => i.label === label)!;
  return { fake, win, dataDir, item };
}

afterEach(() => {
  delete process.env.BYOM_DESK_DATA_DIR;
});

describe('the application menu in the app', () => {
  it('is the app’s menu, and its commands reach the page in our window', async () => {
    const { fake, win, item } = await startApp();
    expect(fake.menus).toHaveLength(1);
    item('View', 'Inventory').click!();
    item('File', 'New Draft').click!();
    expect(win.webContents.sent).toEqual([
      { channel: 'byom-desk-event:app.command', payload: { command: 'go.inventory' } },
      { channel: 'byom-desk-event:app.command', payload: { command: 'draft.new' } },
    ]);
  });

  it('opens the Alation docs in the OS browser', async () => {
    const { fake, item } = await startApp();
    item('Help', alationDocs[0].label).click!();
    await vi.waitFor(() => expect(fake.opened).toEqual([alationDocs[0].url]));
  });
});

describe('the About dialog', () => {
  it('names the app’s, Electron’s, Chromium’s and Node’s versions', () => {
    const about = aboutDialog({
      appName: 'BYOM Desk',
      appVersion: '1.4.0',
      versions: { electron: '45.5.0', chrome: '142.0.7444.59', node: '22.20.0', v8: '14.2.231.14' },
      platform: 'darwin',
      arch: 'arm64',
      osRelease: '24.6.0',
    });
    expect(about.title).toBe('About BYOM Desk');
    expect(about.message).toBe('BYOM Desk 1.4.0');
    expect(about.detail.split('\n')).toEqual([
      'Version: 1.4.0',
      'Electron: 45.5.0',
      'Chromium: 142.0.7444.59',
      'Node: 22.20.0',
      'V8: 14.2.231.14',
      'OS: darwin arm64 24.6.0',
    ]);
    expect(about.buttons[about.copyButton]).toBe('Copy');
  });

  it('shows over the window from Help, and Copy puts the versions on the clipboard', async () => {
    const { fake, win, item } = await startApp();
    fake.answerMessageBoxWith(1);
    item('Help', 'About BYOM Desk').click!();
    await vi.waitFor(() => expect(fake.clipboardTexts).toHaveLength(1));
    const shown = fake.messageBoxes[0]!;
    expect(shown.parent).toBe(win);
    expect(shown.options.detail).toContain(`Node: ${process.versions.node}`);
    expect(shown.options.detail).toMatch(/Electron: .+\nChromium: .+/);
    expect(fake.clipboardTexts[0]).toBe(`BYOM Desk 1.2.3\n${String(shown.options.detail)}`);
  });
});

describe('a second launch', () => {
  it('brings the running window up, restored and focused', async () => {
    const { fake, win } = await startApp();
    win.minimized = true;
    win.focused = false;
    fake.module.app.emit('second-instance');
    expect([win.minimized, win.shown, win.focused]).toEqual([false, true, true]);
  });
});

describe('the main window’s place', () => {
  it('is where it was closed, and shown maximized when it was', async () => {
    const saved = { bounds: { x: 1700, y: 100, width: 1500, height: 1000 }, maximized: true };
    const { win } = await startApp({ displays: [laptop, monitor], windowState: saved });
    expect(win.bounds).toEqual(saved.bounds);
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect([win.shown, win.maximized]).toEqual([true, true]);
  });

  it('is on the laptop’s display when the monitor it was closed on is gone, and is saved on close', async () => {
    const saved = { bounds: { x: 2500, y: 300, width: 1200, height: 800 }, maximized: false };
    const { win, dataDir } = await startApp({ displays: [laptop], windowState: saved });
    expect(win.bounds).toEqual({ x: 120, y: 63, width: 1200, height: 800 });
    win.setBounds({ x: 30, y: 40, width: 1100, height: 700 });
    win.emit('close');
    const file = JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8'));
    expect(file.data.main).toEqual({ bounds: { x: 30, y: 40, width: 1100, height: 700 }, maximized: false });
  });

  it('moves back onto a display when its display is unplugged while the app runs', async () => {
    const { fake, win } = await startApp({ displays: [laptop, monitor] });
    win.setBounds({ x: 2000, y: 100, width: 1200, height: 800 });
    fake.setDisplays([laptop]);
    fake.module.screen.emit('display-removed');
    expect(win.bounds).toEqual({ x: 120, y: 63, width: 1200, height: 800 });
  });
});
