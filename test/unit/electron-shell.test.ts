import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createAppProtocolHandler } from '../../src-main/electron/app-protocol';
import { denyAllPermissions, hardenWebContents } from '../../src-main/electron/guards';
import { openMainWindow, type BrowserWindowClass } from '../../src-main/electron/window-options';
import { confDocumentFiles } from '../../src-main/storage/document-file';
import { contentSecurityPolicy } from '../../src-shared/csp';
import { FakeSession, FakeWebContents, createFakeElectron } from '../support/fake-electron';
import { memoryLogger } from '../support/memory-logger';

function preventable(url?: string) {
  return {
    url,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('the main window options', () => {
  // What the app passes to `new BrowserWindow(...)`, caught by a stand-in for Electron's class.
  let prefs: Record<string, unknown> = {};
  const CatchOptions = function (options: { webPreferences: Record<string, unknown> }) {
    prefs = options.webPreferences;
  } as unknown as BrowserWindowClass;
  openMainWindow(CatchOptions, '/app/preload/index.cjs');
  it('turn on the sandbox and context isolation and keep Node out of the page', () => {
    expect(prefs.sandbox).toBe(true);
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });
  it('keep web security on and webviews, insecure content and experimental features off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.navigateOnDragDrop).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    // A middle click (auxclick) on a link could open it in a new window: Blink's feature is off.
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs.preload).toBe('/app/preload/index.cjs');
  });
});

describe('the web contents guards', () => {
  it('deny every new window and send only https links to the OS browser', async () => {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    const log = memoryLogger();
    hardenWebContents(contents as never, { openExternal: async (u) => void opened.push(u), log });
    expect(contents.windowOpenHandler!({ url: 'https://docs.example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'http://insecure.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(opened).toEqual(['https://docs.example.com/']);
    expect(log.entries.filter((e) => e.event === 'guard.blocked_link')).toHaveLength(3);
  });

  it('prevent every navigation, redirect and webview', () => {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    hardenWebContents(contents as never, { openExternal: async (u) => void opened.push(u), log: memoryLogger() });
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = preventable('https://elsewhere.example/');
      contents.emit(event, e);
      expect(e.prevented, event).toBe(true);
    }
    const toFile = preventable('file:///etc/passwd');
    contents.emit('will-navigate', toFile);
    expect(toFile.prevented).toBe(true);
    expect(opened).toEqual(['https://elsewhere.example/']);
  });

  it('deny every permission request and check', () => {
    const session = new FakeSession();
    denyAllPermissions(session as never, memoryLogger());
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      session.permissionRequestHandler!({}, permission, (g) => (granted = g));
      expect(granted, permission).toBe(false);
    }
    expect(session.permissionCheckHandler!({}, 'media')).toBe(false);
    expect(session.devicePermissionHandler!({})).toBe(false);
  });
});

describe('the app:// protocol', () => {
  const root = mkdtempSync(join(tmpdir(), 'byom-renderer-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<html></html>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'byom-outside.txt'), 'secret');
  const handler = createAppProtocolHandler(root);

  it('serves the built files with the strict CSP', async () => {
    const res = await handler(new Request('app://byom-desk/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval/);
    const js = await handler(new Request('app://byom-desk/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toBe('console.log(1)');
  });

  it('refuses other hosts and any path outside the renderer folder', async () => {
    expect((await handler(new Request('app://other-host/index.html'))).status).toBe(404);
    for (const path of ['/../byom-outside.txt', '/%2e%2e/byom-outside.txt', '/assets/..%2f..%2fbyom-outside.txt', '/%00']) {
      const res = await handler(new Request(`app://byom-desk${path}`));
      expect(res.status, path).toBe(404);
    }
  });
});

describe('the Electron entry point', () => {
  it('locks down the app before and after ready, and loads the app from app://', async () => {
    const fake = createFakeElectron();
    vi.resetModules();
    vi.doMock('electron', () => ({ ...fake.module, default: fake.module }));
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-electron-'));
    process.env.BYOM_DESK_DATA_DIR = dataDir;
    try {
      await import('../../src-main/index');
      // Before ready: the privileged scheme, the sandbox for every renderer, the single-instance lock.
      expect(fake.calls[0]).toMatch(/^registerSchemesAsPrivileged:.*"scheme":"app"/);
      expect(fake.calls).toContain('enableSandbox');
      expect(fake.calls).toContain('requestSingleInstanceLock');
      expect(fake.windows).toHaveLength(0);

      fake.makeReady();
      await vi.waitFor(() => expect(fake.windows[0]?.loadedUrl).toBe('app://byom-desk/index.html'));
      const win = fake.windows[0]!;
      expect((win.options.webPreferences as Record<string, unknown>).sandbox).toBe(true);
      expect(fake.protocolHandlers.has('app')).toBe(true);

      // The handlers installed on the window refuse: no new window, ever; an https link goes to the OS browser.
      expect(win.webContents.windowOpenHandler!({ url: 'https://docs.example.com/' })).toEqual({ action: 'deny' });
      for (const url of ['file:///etc/passwd', 'http://insecure.example/', 'app://byom-desk/index.html']) {
        expect(win.webContents.windowOpenHandler!({ url }), url).toEqual({ action: 'deny' });
      }
      const navigation = preventable('file:///etc/passwd');
      win.webContents.emit('will-navigate', navigation);
      expect(navigation.prevented).toBe(true);
      await vi.waitFor(() => expect(fake.opened).toEqual(['https://docs.example.com/']));
      // Every permission the page could ask for is refused, asked or checked.
      for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
        let granted: boolean | undefined;
        fake.defaultSession.permissionRequestHandler!(win.webContents, permission, (g) => (granted = g));
        expect(granted, permission).toBe(false);
      }
      expect(fake.defaultSession.permissionCheckHandler!(win.webContents, 'media')).toBe(false);

      // Every contract channel is registered, and only the app's own top frame may call it.
      const handler = fake.ipcHandlers.get('byom-desk:openExternalLink')!;
      const own = { sender: { id: win.webContents.id }, senderFrame: { url: 'app://byom-desk/index.html', parent: null } };
      expect(await handler(own, { url: 'https://example.com/' })).toEqual({ ok: true, value: { opened: true } });
      expect(fake.opened).toEqual(['https://docs.example.com/', 'https://example.com/']);
      const subFrame = { ...own, senderFrame: { url: 'app://byom-desk/index.html', parent: {} } };
      const stranger = { ...own, sender: { id: 9999 } };
      const foreign = { ...own, senderFrame: { url: 'https://evil.example/', parent: null } };
      for (const event of [subFrame, stranger, foreign]) {
        const result = (await handler(event, { url: 'https://example.com/' })) as { ok: boolean; error?: { code: string } };
        expect(result.error?.code).toBe('untrusted_sender');
      }
      expect(fake.opened).toHaveLength(2);

      // The app's documents go through the real electron-store, in the file format plain Node reads.
      const setLead = fake.ipcHandlers.get('byom-desk:setReminderLeadHours')!;
      expect(await setLead(own, { hours: 7 })).toMatchObject({ ok: true, value: { leadHours: 7 } });
      const path = join(dataDir, 'credential-expiries.json');
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ schemaVersion: 1, data: { settings: { leadHours: 7 } } });
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(confDocumentFiles(dataDir).open('credential-expiries').read()).toMatchObject({ data: { settings: { leadHours: 7 } } });
    } finally {
      delete process.env.BYOM_DESK_DATA_DIR;
    }
  });

  it('shows and logs a start that fails, and exits instead of leaving an app with no window', async () => {
    const fake = createFakeElectron({ failLoad: new Error('ERR_FILE_NOT_FOUND: out/renderer/index.html') });
    vi.resetModules();
    vi.doMock('electron', () => ({ ...fake.module, default: fake.module }));
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-electron-'));
    process.env.BYOM_DESK_DATA_DIR = dataDir;
    try {
      await import('../../src-main/index');
      fake.makeReady();
      await vi.waitFor(() => expect(fake.calls).toContain('exit:1'));
      expect(fake.errorBoxes).toEqual([{ title: 'BYOM Desk could not start', content: expect.stringContaining('ERR_FILE_NOT_FOUND') }]);
      const log = readFileSync(join(dataDir, 'logs', 'main.log'), 'utf8');
      expect(log).toMatch(/"event":"app.start_failed"/);
    } finally {
      delete process.env.BYOM_DESK_DATA_DIR;
    }
  });

  it('on quit, waits for the services to wind down before it quits', async () => {
    const fake = createFakeElectron();
    vi.resetModules();
    vi.doMock('electron', () => ({ ...fake.module, default: fake.module }));
    process.env.BYOM_DESK_DATA_DIR = mkdtempSync(join(tmpdir(), 'byom-electron-'));
    try {
      await import('../../src-main/index');
      fake.makeReady();
      await vi.waitFor(() => expect(fake.windows[0]?.loadedUrl).toBeDefined());
      const quit = preventable();
      fake.module.app.emit('before-quit', quit);
      expect(quit.prevented).toBe(true);
      expect(fake.calls).not.toContain('quit');
      await vi.waitFor(() => expect(fake.calls).toContain('quit'));
      // The second before-quit (from that quit) goes through.
      const again = preventable();
      fake.module.app.emit('before-quit', again);
      expect(again.prevented).toBe(false);
    } finally {
      delete process.env.BYOM_DESK_DATA_DIR;
    }
  });

  it('quits at once when another instance already runs', async () => {
    const fake = createFakeElectron();
    fake.module.app.singleInstance = false;
    vi.resetModules();
    vi.doMock('electron', () => ({ ...fake.module, default: fake.module }));
    await import('../../src-main/index');
    expect(fake.calls).toContain('quit');
  });
});

describe('the app’s own store (electron-store)', () => {
  async function electronStoreFiles(dataDir: string) {
    const fake = createFakeElectron();
    vi.resetModules();
    vi.doMock('electron', () => ({ ...fake.module, default: fake.module }));
    const { electronStoreDocumentFiles } = await import('../../src-main/electron/store-files');
    return electronStoreDocumentFiles(dataDir);
  }
  const document = { schemaVersion: 2, data: { profiles: [{ id: 'a', name: 'Acme “EU” ✓', labels: ['emea'] }] } };

  it('writes what plain Node (conf) reads, and reads what it writes, owner-readable only', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-store-'));
    const app = await electronStoreFiles(dataDir);
    const node = confDocumentFiles(dataDir);
    const written = app.open('tenant-profiles');
    written.write(document);
    expect(written.path).toBe(app.pathOf('tenant-profiles'));
    expect(JSON.parse(readFileSync(join(dataDir, 'tenant-profiles.json'), 'utf8'))).toEqual(document);
    expect(statSync(join(dataDir, 'tenant-profiles.json')).mode & 0o777).toBe(0o600);
    expect(node.open('tenant-profiles').read()).toEqual(document);

    const changed = { ...document, data: { profiles: [] } };
    node.open('tenant-profiles').write(changed);
    expect(app.open('tenant-profiles').read()).toEqual(changed);
    app.remove('tenant-profiles');
    expect(app.open('tenant-profiles').read()).toEqual({});
  });

  it('refuses a corrupt file with a SyntaxError and leaves it as it is, so the app moves it aside instead of wiping it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'byom-store-'));
    writeFileSync(join(dataDir, 'drafts.json'), '{"schemaVersion": 1, "data": {"dra');
    const app = await electronStoreFiles(dataDir);
    expect(() => app.open('drafts')).toThrow(SyntaxError);
    expect(readFileSync(join(dataDir, 'drafts.json'), 'utf8')).toBe('{"schemaVersion": 1, "data": {"dra');
  });
});
