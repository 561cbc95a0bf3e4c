// electron-builder's configuration (`npm run dist`): what goes into the packages, the targets per
// OS, and signing and notarization, all of whose credentials come from environment variables and
// never from a file in the repository. A function of the environment, so a test can check it
// without building (test/unit/packaging-config.test.ts).
import type { Configuration } from 'electron-builder';
import { appId, productName } from '../../src-main/desktop/app-identity';
import { flipFusesAfterPack } from './fuses';

/** Where tools/packaging/render-icons.ts writes the icons it renders from build/icon.svg. */
export const generatedIconsDir = 'build/generated';
export const entitlementsFile = 'build/entitlements.mac.plist';

type Env = Readonly<Record<string, string | undefined>>;

/** The three ways electron-builder can authenticate to Apple's notary service, in the order it tries them. */
const notarizationMethods = [
  { method: 'apple-id', variables: ['APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'] },
  { method: 'api-key', variables: ['APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER'] },
  { method: 'keychain-profile', variables: ['APPLE_KEYCHAIN_PROFILE'] },
] as const;

export type NotarizationMethod = (typeof notarizationMethods)[number]['method'];

/**
 * Which notarization credentials the environment holds, or null for none. A set given in part is
 * refused before anything is built, naming what is missing (never the values).
 */
export function notarizationCredentials(env: Env): NotarizationMethod | null {
  for (const { method, variables } of notarizationMethods) {
    const present = variables.filter((name) => Boolean(env[name]));
    if (present.length === 0) continue;
    const missing = variables.filter((name) => !env[name]);
    if (missing.length > 0) throw new Error(`Notarization (${method}) needs ${missing.join(', ')} as well as ${present.join(', ')}.`);
    return method;
  }
  return null;
}

/** Azure Trusted Signing for Windows, when its four settings are in the environment (README, Packaging). */
function azureSigning(env: Env): NonNullable<Configuration['win']>['azureSignOptions'] {
  const endpoint = env.BYOM_DESK_AZURE_SIGNING_ENDPOINT;
  const codeSigningAccountName = env.BYOM_DESK_AZURE_SIGNING_ACCOUNT;
  const certificateProfileName = env.BYOM_DESK_AZURE_SIGNING_PROFILE;
  const publisherName = env.BYOM_DESK_WIN_PUBLISHER;
  if (!endpoint && !codeSigningAccountName && !certificateProfileName) return null;
  if (!endpoint || !codeSigningAccountName || !certificateProfileName || !publisherName) {
    throw new Error(
      'Azure Trusted Signing needs BYOM_DESK_AZURE_SIGNING_ENDPOINT, BYOM_DESK_AZURE_SIGNING_ACCOUNT, ' +
        'BYOM_DESK_AZURE_SIGNING_PROFILE and BYOM_DESK_WIN_PUBLISHER.',
    );
  }
  return { endpoint, codeSigningAccountName, certificateProfileName, publisherName };
}

/** The configuration for a build on `platform` (the OS `npm run dist` runs on) with `env`'s credentials. */
export function builderConfig(env: Env = process.env, platform: NodeJS.Platform = process.platform): Configuration {
  // A release build must be signed (and notarized on macOS): a missing secret fails the build
  // instead of shipping a package that Gatekeeper or SmartScreen blocks.
  const release = env.BYOM_DESK_RELEASE === '1';
  const notarization = notarizationCredentials(env);
  if (release && platform === 'darwin' && notarization === null) {
    throw new Error('BYOM_DESK_RELEASE=1 on macOS needs notarization credentials (README, Packaging).');
  }
  const azureSignOptions = azureSigning(env);

  return {
    appId,
    productName,
    copyright: 'Copyright © BYOM Desk contributors',
    directories: { output: 'dist', buildResources: 'build' },
    // What electron-vite built, and package.json; the production dependencies are added by
    // electron-builder itself (native modules, such as the keyring's, unpacked from the asar).
    files: ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json'],
    asar: true,
    // The fuses are flipped in the packed copy of Electron, before it is signed.
    afterPack: flipFusesAfterPack,
    publish: null,

    mac: {
      target: [
        { target: 'dmg', arch: ['arm64', 'x64'] },
        { target: 'zip', arch: ['arm64', 'x64'] },
      ],
      category: 'public.app-category.developer-tools',
      icon: `${generatedIconsDir}/icon.png`,
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: entitlementsFile,
      entitlementsInherit: entitlementsFile,
      // Signing reads CSC_LINK and CSC_KEY_PASSWORD (or a Developer ID identity in the keychain).
      notarize: notarization !== null,
      forceCodeSigning: release,
    },

    win: {
      target: [{ target: 'nsis', arch: ['x64', 'arm64'] }],
      icon: `${generatedIconsDir}/icon.png`,
      // A certificate file signs through WIN_CSC_LINK and WIN_CSC_KEY_PASSWORD (signtool); Azure
      // Trusted Signing (a certificate kept in Azure, as new certificates must be) through azureSignOptions.
      ...(azureSignOptions ? { azureSignOptions } : { signtoolOptions: { signingHashAlgorithms: ['sha256'] } }),
      forceCodeSigning: release,
    },
    nsis: {
      oneClick: false,
      perMachine: false,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      createStartMenuShortcut: true,
      shortcutName: 'BYOM Desk',
      // Uninstalling keeps the tenant profiles and drafts (secrets are in the OS keychain anyway).
      deleteAppDataOnUninstall: false,
    },

    linux: {
      target: ['AppImage', 'deb'],
      category: 'Development',
      icon: `${generatedIconsDir}/icons`,
      executableName: 'byom-desk',
      synopsis: 'Manage Alation AI bring-your-own-model providers across many tenants',
      maintainer: env.BYOM_DESK_MAINTAINER ?? 'BYOM Desk <byom-desk@example.invalid>',
    },
    // electron-builder's default deb dependencies already include libsecret-1-0 (the Secret
    // Service); the keyring module carries its own D-Bus client.
  };
}
