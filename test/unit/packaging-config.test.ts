// The packaging (`npm run dist`), checked without building: electron-builder cannot download
// Electron here, so this reads the configuration electron-builder loads, the entitlements, the
// icons it is given, and runs the afterPack hook on a stand-in Electron binary that carries a real
// fuse wire, read back with @electron/fuses.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import loadedConfig from '../../electron-builder.config';
import { appId } from '../../src-main/desktop/app-identity';
import { builderConfig, entitlementsFile, generatedIconsDir, notarizationCredentials } from '../../tools/packaging/builder-config';
import { flipFusesAfterPack, packedExecutable, type PackedApp } from '../../tools/packaging/fuses';
import { linuxIconSizes, renderIcons } from '../../tools/packaging/render-icons';

const root = join(import.meta.dirname, '../..');
const targetsOf = (platformConfig: unknown) =>
  ((platformConfig as { target: (string | { target: string; arch?: string[] })[] }).target ?? []).map((t) =>
    typeof t === 'string' ? { target: t } : t,
  );

describe('the electron-builder configuration', () => {
  it('is what electron-builder loads from electron-builder.config.ts (named by npm run dist)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.scripts.dist).toBe(
      'electron-vite build && tsx tools/packaging/render-icons.ts && electron-builder --config electron-builder.config.ts --publish never',
    );
    // Building needs the Electron download: it is no part of npm test.
    expect(`${pkg.scripts.test} ${pkg.scripts['test:all']}`).not.toContain('dist');
    expect(loadedConfig.appId).toBe(appId);
    expect(loadedConfig.productName).toBe('BYOM Desk');
  });

  it('packs what electron-vite built, starting at package.json’s main, into an asar', () => {
    const config = builderConfig({});
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']);
    expect(pkg.main).toBe('./out/main/index.js');
    expect(config.publish).toBeNull();
  });

  it('builds a dmg and a zip for macOS, NSIS for Windows, an AppImage and a deb for Linux', () => {
    const config = builderConfig({});
    expect(targetsOf(config.mac)).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(targetsOf(config.win)).toEqual([{ target: 'nsis', arch: ['x64', 'arm64'] }]);
    expect(targetsOf(config.linux)).toEqual([{ target: 'AppImage' }, { target: 'deb' }]);
    // deb needs a maintainer; it can be set for a real release.
    expect(builderConfig({ BYOM_DESK_MAINTAINER: 'Ops <ops@acme.example>' }).linux!.maintainer).toBe('Ops <ops@acme.example>');
  });

  it('signs macOS builds with the hardened runtime and the app’s own entitlements file', () => {
    const mac = builderConfig({}).mac!;
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.entitlements).toBe(entitlementsFile);
    expect(mac.entitlementsInherit).toBe(entitlementsFile);
  });

  it('grants the hardened runtime JIT for V8 and nothing else, in a plist macOS can read', () => {
    const path = join(root, entitlementsFile);
    expect(existsSync(path)).toBe(true);
    // parse throws on anything that is not a well-formed property list.
    const entitlements = parsePlist(readFileSync(path, 'utf8'));
    expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true });
  });
});

describe('notarization and signing, from the environment', () => {
  const appleId = { APPLE_ID: 'ops@acme.example', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh-ijkl-mnop', APPLE_TEAM_ID: 'TEAM123456' };
  const apiKey = { APPLE_API_KEY: '/secure/AuthKey_ABC.p8', APPLE_API_KEY_ID: 'ABC123', APPLE_API_ISSUER: 'issuer-uuid' };

  it('notarizes when a whole set of Apple credentials is in the environment, and only then', () => {
    expect(builderConfig({}).mac!.notarize).toBe(false);
    expect(builderConfig(appleId).mac!.notarize).toBe(true);
    expect(builderConfig(apiKey).mac!.notarize).toBe(true);
    expect(builderConfig({ APPLE_KEYCHAIN_PROFILE: 'byom-notary' }).mac!.notarize).toBe(true);
    expect(notarizationCredentials(apiKey)).toBe('api-key');
  });

  it('refuses a set given in part, naming what is missing and never a value', () => {
    const partial = { APPLE_ID: 'ops@acme.example', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh-ijkl-mnop' };
    let message = '';
    try {
      builderConfig(partial);
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('Notarization (apple-id) needs APPLE_TEAM_ID as well as APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD.');
    expect(message).not.toContain('abcd-efgh');
    expect(() => builderConfig({ APPLE_API_KEY_ID: 'ABC123' })).toThrow('needs APPLE_API_KEY, APPLE_API_ISSUER');
  });

  it('signs Windows with signtool (WIN_CSC_LINK) by default, or Azure Trusted Signing when it is configured', () => {
    expect(builderConfig({}).win!.signtoolOptions).toEqual({ signingHashAlgorithms: ['sha256'] });
    const azure = {
      BYOM_DESK_AZURE_SIGNING_ENDPOINT: 'https://eus.codesigning.azure.net/',
      BYOM_DESK_AZURE_SIGNING_ACCOUNT: 'acme-signing',
      BYOM_DESK_AZURE_SIGNING_PROFILE: 'public-trust',
      BYOM_DESK_WIN_PUBLISHER: 'Acme Corp',
    };
    const win = builderConfig(azure).win!;
    expect(win.azureSignOptions).toEqual({
      endpoint: 'https://eus.codesigning.azure.net/',
      codeSigningAccountName: 'acme-signing',
      certificateProfileName: 'public-trust',
      publisherName: 'Acme Corp',
    });
    expect(win.signtoolOptions).toBeUndefined();
    expect(() => builderConfig({ ...azure, BYOM_DESK_WIN_PUBLISHER: undefined })).toThrow('BYOM_DESK_WIN_PUBLISHER');
  });

  it('makes a release build fail unsigned, and on macOS without notarization', () => {
    const dev = builderConfig({});
    expect([dev.mac!.forceCodeSigning, dev.win!.forceCodeSigning]).toEqual([false, false]);
    const release = builderConfig({ BYOM_DESK_RELEASE: '1', ...apiKey }, 'darwin');
    expect([release.mac!.forceCodeSigning, release.win!.forceCodeSigning]).toEqual([true, true]);
    expect(() => builderConfig({ BYOM_DESK_RELEASE: '1' }, 'darwin')).toThrow('needs notarization credentials');
    // Windows and Linux have no notarization: a release there needs only its signing.
    expect(builderConfig({ BYOM_DESK_RELEASE: '1' }, 'win32').win!.forceCodeSigning).toBe(true);
  });
});

/** A file laid out as Electron's binary is around its fuses: the sentinel, version 1, the wire's length, the wire. */
function standInElectron(path: string, wire: string): void {
  const sentinel = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX');
  const fuses = Buffer.from([1, wire.length, ...Buffer.from(wire)]);
  writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 7), sentinel, fuses, Buffer.alloc(4096, 7)]));
}

function packed(platform: string, appOutDir: string): PackedApp {
  const packager = { appInfo: { productFilename: 'BYOM Desk' }, executableName: 'byom-desk' };
  return { appOutDir, electronPlatformName: platform, arch: 1, packager };
}

describe('the Electron fuses', () => {
  it('are flipped by the afterPack hook, as listed, in the packed binary', async () => {
    expect(builderConfig({}).afterPack).toBe(flipFusesAfterPack);
    const dir = mkdtempSync(join(tmpdir(), 'byom-fuses-'));
    // Electron 45's wire has nine fuses; start from the opposite of every setting.
    standInElectron(join(dir, 'byom-desk'), '101011101');
    await flipFusesAfterPack(packed('linux', dir));
    const wire = await getCurrentFuseWire(join(dir, 'byom-desk'));
    const on = (fuse: FuseV1Options) => String.fromCharCode(wire[fuse]!);
    // Written out, not read from the hook's own list: a fuse changed there fails here.
    expect(on(FuseV1Options.RunAsNode)).toBe('0');
    expect(on(FuseV1Options.EnableNodeCliInspectArguments)).toBe('0');
    expect(on(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe('0');
    expect(on(FuseV1Options.OnlyLoadAppFromAsar)).toBe('1');
    expect(on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe('1');
    expect(on(FuseV1Options.EnableCookieEncryption)).toBe('1');
    expect(on(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe('0');
  });

  it('fail the build when Electron has a fuse no one has decided on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'byom-fuses-'));
    standInElectron(join(dir, 'byom-desk'), '0000000000');
    await expect(flipFusesAfterPack(packed('linux', dir))).rejects.toThrow(/strictlyRequireAllFuses/);
  });

  it('are looked for in each OS’s packed executable', () => {
    expect(packedExecutable(packed('darwin', '/d/mac-arm64'))).toBe('/d/mac-arm64/BYOM Desk.app');
    expect(packedExecutable(packed('win32', '/d/win-unpacked'))).toBe('/d/win-unpacked/BYOM Desk.exe');
    expect(packedExecutable(packed('linux', '/d/linux-unpacked'))).toBe('/d/linux-unpacked/byom-desk');
  });
});

describe('the app icon', () => {
  const pngSize = (file: string) => {
    const png = readFileSync(file);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    return [png.readUInt32BE(16), png.readUInt32BE(20)];
  };

  it('is rendered from the SVG in the repo to the PNGs each OS’s build takes', () => {
    const out = mkdtempSync(join(tmpdir(), 'byom-icons-'));
    renderIcons(join(root, 'build/icon.svg'), out);
    // macOS and Windows: one 1024 px PNG, which electron-builder turns into .icns and .ico.
    expect(pngSize(join(out, 'icon.png'))).toEqual([1024, 1024]);
    for (const size of linuxIconSizes) expect(pngSize(join(out, 'icons', `${size}x${size}.png`))).toEqual([size, size]);
    const config = builderConfig({});
    expect([config.mac!.icon, config.win!.icon]).toEqual([`${generatedIconsDir}/icon.png`, `${generatedIconsDir}/icon.png`]);
    expect(config.linux!.icon).toBe(`${generatedIconsDir}/icons`);
  });
});
