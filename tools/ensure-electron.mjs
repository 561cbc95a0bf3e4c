#!/usr/bin/env node
// Makes sure the Electron runtime binary is on disk before `npm start` / `npm run dev`.
//
// Electron 45 no longer downloads its binary when it is installed: `require('electron')` runs
// node_modules/electron/install.js on first use instead. electron-vite reads
// node_modules/electron/path.txt itself and never triggers that download, so on a clean clone it
// stops with a bare "Error: Electron uninstall". This script runs the download first, once, and
// turns a failure into one message that says why and what to do.
//
// Plain Node ESM with node: builtins only, because it runs before anything is built.
//
// Environment:
//   BYOM_DESK_ELECTRON_DIR  the electron package directory to check and install into (for tests;
//                           normally it is resolved from the project root)
//   ELECTRON_EXEC_PATH      an Electron executable to use instead; electron-vite reads it too
//   ELECTRON_MIRROR, electron_config_cache, ELECTRON_GET_USE_PROXY + HTTPS_PROXY
//                           passed through to Electron's installer (@electron/get)
//
// ELECTRON_SKIP_BINARY_DOWNLOAD is deliberately not honoured here: it only means "do not download
// during `npm ci`". If the binary is missing when the app is started, we still try to get it,
// and we remove the variable from the installer's environment so it cannot skip the download and
// still report success. (Electron 45.5's installer does not read it, but older ones did.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const INSTALL_TIMEOUT_MS = 10 * 60 * 1000;
const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';

function findElectronDir() {
  if (process.env.BYOM_DESK_ELECTRON_DIR) return resolve(process.env.BYOM_DESK_ELECTRON_DIR);
  const requireFromRoot = createRequire(new URL('../package.json', import.meta.url));
  try {
    return dirname(requireFromRoot.resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The binary electron-vite will run (node_modules/electron/dist/<path.txt>), if it is there. */
function installedBinary(dir) {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  // Not trimmed: electron-vite and electron's index.js use the contents exactly as written.
  const relative = readFileSync(pathFile, 'utf8');
  const binary = join(dir, 'dist', relative);
  return relative && existsSync(binary) ? binary : null;
}

function defaultBinaryName() {
  const platform = process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  return platform === 'win32' ? 'electron.exe' : 'electron';
}

/** The same lookup order as @electron/get, so the message names the host that was tried. */
function mirrorBase() {
  const env = process.env;
  return (
    env.npm_config_electron_mirror ||
    env.NPM_CONFIG_ELECTRON_MIRROR ||
    env.npm_package_config_electron_mirror ||
    env.ELECTRON_MIRROR ||
    DEFAULT_MIRROR
  );
}

function versionBelow(actual, minimum) {
  const a = actual.split('.').map(Number);
  const m = minimum.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== (m[i] ?? 0)) return (a[i] ?? 0) < (m[i] ?? 0);
  }
  return false;
}

/** The installer prints err.stack; keep its first line that is not a stack frame or a warning. */
function firstMeaningfulLine(stderr) {
  const line = String(stderr ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith('at ') && !/Warning:|--trace-warnings/.test(l));
  return line?.replace(/^[A-Za-z]*Error: /, '');
}

/** "fetch failed" hides the reason in err.cause, which the installer does not print. Ask once. */
async function networkReason(url) {
  // Through a proxy the answer from a direct request would be misleading.
  if (process.env.ELECTRON_GET_USE_PROXY) return null;
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(10_000) });
    return null;
  } catch (err) {
    const cause = err?.cause;
    if (cause) return cause.message || cause.code || null;
    return err?.name === 'TimeoutError' ? 'no answer within 10 s' : null;
  }
}

function fail(lines) {
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
  process.exit(1);
}

const webHint = '  To try the app without Electron: `npm run web` runs the same renderer and main-process services in any Chromium.';

const dir = findElectronDir();
if (dir === null) {
  fail([
    'The electron package is not installed (node_modules/electron is missing).',
    '  Fix: run `npm ci`, then `npm start` again.',
    webHint,
  ]);
}

if (installedBinary(dir)) process.exit(0);

const execPath = process.env.ELECTRON_EXEC_PATH;
if (execPath) {
  if (existsSync(execPath)) process.exit(0);
  fail([
    `ELECTRON_EXEC_PATH is set to ${execPath}, but there is no file there.`,
    '  Fix: point it at an Electron executable, or unset it to download Electron, then run `npm start` again.',
    webHint,
  ]);
}

const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const version = pkg.version;

const overrideDir = process.env.ELECTRON_OVERRIDE_DIST_PATH;
if (overrideDir) {
  const pathFile = join(dir, 'path.txt');
  const overrideBinary = join(overrideDir, existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : defaultBinaryName());
  if (existsSync(overrideBinary)) {
    // electron-vite only looks at ELECTRON_EXEC_PATH and node_modules/electron/dist; passing this
    // check would end in its bare "Electron uninstall" instead.
    fail([
      `ELECTRON_OVERRIDE_DIST_PATH points at ${overrideBinary}, but electron-vite (npm start) ignores that variable.`,
      `  Fix: set ELECTRON_EXEC_PATH=${overrideBinary} instead, then run \`npm start\` again.`,
      webHint,
    ]);
  }
}

console.log(`Downloading the Electron ${version} runtime (first run only; this can take a few minutes)...`);

const env = { ...process.env };
delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
const result = spawnSync(process.execPath, [join(dir, 'install.js')], {
  cwd: dir,
  env,
  // stderr is captured so a failure is reported once, below, without the installer's stack trace.
  stdio: ['ignore', 'inherit', 'pipe'],
  encoding: 'utf8',
  maxBuffer: 16 * 1024 * 1024,
  timeout: INSTALL_TIMEOUT_MS,
  killSignal: 'SIGKILL',
});

if (result.status === 0 && installedBinary(dir)) process.exit(0);

let cause;
if (result.error?.code === 'ETIMEDOUT') cause = `the download did not finish within ${INSTALL_TIMEOUT_MS / 60_000} minutes`;
else if (result.error) cause = `the installer could not be started: ${result.error.message}`;
else if (result.signal) cause = `the installer was stopped by ${result.signal}`;
else if (result.status === 0) cause = 'the installer finished, but no Electron binary is in node_modules/electron/dist';
else cause = firstMeaningfulLine(result.stderr) ?? `the installer exited with code ${result.status}`;

const mirror = mirrorBase();
if (cause === 'fetch failed') {
  const reason = await networkReason(mirror);
  cause += reason ? ` (${reason}) at ${mirror}` : ` at ${mirror}`;
}

const needs = /(\d+\.\d+(?:\.\d+)?)/.exec(pkg.engines?.node ?? '')?.[1];
const nodeNote =
  needs && versionBelow(process.versions.node, needs)
    ? [
        `         Note: Electron ${version} and its downloader (@electron/get) ` +
          `declare Node >= ${needs}; this is Node ${process.versions.node}.`,
        `         The download does work on Node 20.19+; if the network is fine and it still fails, try Node ${needs} or later.`,
      ]
    : [];

fail([
  `Could not download the Electron ${version} runtime, so the desktop app cannot start.`,
  `  Cause: ${cause}`,
  ...nodeNote,
  '  Fix:   check the network or proxy, then run `npm start` again. The installer reads:',
  '           HTTPS_PROXY=http://host:port with ELECTRON_GET_USE_PROXY=true (HTTPS_PROXY alone is ignored)',
  `           ELECTRON_MIRROR=<a mirror laid out like ${DEFAULT_MIRROR}>`,
  '           electron_config_cache=<a copy of the Electron download cache from a machine that has it>',
  `         Or use an Electron ${version} executable you already have: ELECTRON_EXEC_PATH=/path/to/electron`,
  webHint,
]);
