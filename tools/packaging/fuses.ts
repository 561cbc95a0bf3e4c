// Electron fuses: switches compiled into the Electron binary, flipped in the packaged copy after
// electron-builder packs it and before it signs it (afterPack), so that no command line flag or
// environment variable can turn them back. Every fuse of the wire is decided here: an Electron with
// a fuse this list does not name fails the build (strictlyRequireAllFuses) until someone decides it.
import { join } from 'node:path';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';

/** What each fuse is set to, and why: the README's Packaging section says the same. */
export const fuseSettings = {
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node that runs any script.
  [FuseV1Options.RunAsNode]: false,
  // The cookie store is encrypted with a key from the OS keychain, as Chromium does.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could preload any script into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would open a debugger on the main process, keychain access and all.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app's code (app.asar) must match the hash electron-builder embeds (macOS and Windows).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar is loaded: no unpacked app folder put beside it.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // Electron's default; BYOM Desk ships no V8 snapshot of its own.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The page is served from app://byom-desk/, never file://: file: gets no extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  // Electron's default: WebAssembly bounds checks by trap handlers.
  [FuseV1Options.WasmTrapHandlers]: true,
} as const satisfies Record<FuseV1Options, boolean>;

/** The part of electron-builder's afterPack context this hook reads. */
export interface PackedApp {
  appOutDir: string;
  electronPlatformName: string;
  /** electron-builder's Arch enum: 3 is arm64. */
  arch: number;
  packager: { appInfo: { productFilename: string }; executableName?: string };
}

const arm64 = 3;

/** The packaged Electron executable (for macOS the .app, whose framework holds the fuses). */
export function packedExecutable(context: PackedApp): string {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    default:
      return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
  }
}

export function fuseConfig(context: PackedApp): FuseV1Config {
  return {
    version: FuseVersion.V1,
    strictlyRequireAllFuses: true,
    // Apple silicon refuses to run a binary whose ad-hoc signature no longer matches; an unsigned
    // local build needs it redone. A signed build is signed again after this hook anyway.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === arm64,
    ...fuseSettings,
  };
}

/** electron-builder's afterPack hook: flips the fuses, then reads them back and fails the build if any differs. */
export async function flipFusesAfterPack(context: PackedApp): Promise<void> {
  const executable = packedExecutable(context);
  await flipFuses(executable, fuseConfig(context));
  const wire = await getCurrentFuseWire(executable);
  const wrong = Object.entries(fuseSettings).filter(
    ([index, on]) => wire[Number(index) as FuseV1Options] !== (on ? FuseState.ENABLE : FuseState.DISABLE),
  );
  if (wrong.length > 0) {
    const names = wrong.map(([index]) => FuseV1Options[Number(index)]).join(', ');
    throw new Error(`Electron fuses not set as configured in ${executable}: ${names}`);
  }
}
