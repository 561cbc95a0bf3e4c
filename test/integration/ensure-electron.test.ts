// The check `npm start` and `npm run dev` run first: it downloads the Electron binary when it is
// missing, and when that fails it says why and what to do, in one message without a stack trace.
// The download is pointed at a loopback port with nothing listening, so it fails fast and offline.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const script = join(root, 'tools/ensure-electron.mjs');
const realElectron = join(root, 'node_modules/electron');
const { version } = JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8')) as { version: string };
const temps: string[] = [];
let closedPort: number;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** A copy of the electron package without its binary, beside links to the installer's dependencies. */
function electronPackageWithoutBinary(): string {
  const nodeModules = join(tempDir('byom-ensure-electron-'), 'node_modules');
  const dir = join(nodeModules, 'electron');
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'install.js', 'checksums.json']) copyFileSync(join(realElectron, file), join(dir, file));
  // install.js requires @electron/get at its top, and @electron-internal/extract-zip once downloaded.
  for (const scope of ['@electron', '@electron-internal']) symlinkSync(join(root, 'node_modules', scope), join(nodeModules, scope), 'dir');
  return dir;
}

/** Runs the check with no Electron settings from this machine or npm leaking in. */
function runCheck(electronDir: string, env: Record<string, string> = {}) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(electron_|npm_config_electron|npm_package_config_electron)/i.test(key)),
  );
  const result = spawnSync(process.execPath, [script], {
    cwd: root,
    env: { ...base, BYOM_DESK_ELECTRON_DIR: electronDir, ...env },
    encoding: 'utf8',
    timeout: 15_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('tools/ensure-electron.mjs', () => {
  it('reports a failed download once: cause, fix and the web harness, without a stack trace', () => {
    const dir = electronPackageWithoutBinary();
    const { status, stdout, stderr } = runCheck(dir, {
      ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/`,
      electron_config_cache: tempDir('byom-electron-cache-'),
      // Only meant for `npm ci`; it must not turn a missing binary into a silent success.
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    });

    expect(status).toBe(1);
    expect(stdout).toContain(`Downloading the Electron ${version} runtime`);
    expect(stderr).toContain(`Could not download the Electron ${version} runtime`);
    expect(stderr).toMatch(new RegExp(`Cause: fetch failed \\(connect ECONNREFUSED 127\\.0\\.0\\.1:${closedPort}\\)`));
    expect(stderr).toContain('run `npm start` again');
    expect(stderr).toMatch(/HTTPS_PROXY=.*ELECTRON_GET_USE_PROXY=true/);
    expect(stderr).toContain('ELECTRON_MIRROR=');
    expect(stderr).toContain('electron_config_cache=');
    expect(stderr).toContain('`npm run web`');
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(stderr.includes('declare Node >= 22.12')).toBe(major < 22 || (major === 22 && minor < 12));
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr.match(/Could not download/g)).toHaveLength(1);
    expect(existsSync(join(dir, 'path.txt'))).toBe(false);
  });

  it('exits silently when the binary is installed', () => {
    const dir = electronPackageWithoutBinary();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/electron'), '');

    expect(runCheck(dir, { ELECTRON_MIRROR: `http://127.0.0.1:${closedPort}/` })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('exits silently when ELECTRON_EXEC_PATH names an existing binary (electron-vite uses it)', () => {
    const binary = join(tempDir('byom-electron-bin-'), 'electron');
    writeFileSync(binary, '');
    expect(runCheck(electronPackageWithoutBinary(), { ELECTRON_EXEC_PATH: binary })).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it('points from ELECTRON_OVERRIDE_DIST_PATH, which electron-vite ignores, to ELECTRON_EXEC_PATH', () => {
    const override = tempDir('byom-electron-dist-');
    const names: Partial<Record<string, string>> = { darwin: 'Electron.app/Contents/MacOS/Electron', win32: 'electron.exe' };
    const name = names[process.platform] ?? 'electron';
    mkdirSync(dirname(join(override, name)), { recursive: true });
    writeFileSync(join(override, name), '');
    const { status, stdout, stderr } = runCheck(electronPackageWithoutBinary(), { ELECTRON_OVERRIDE_DIST_PATH: override });

    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('electron-vite (npm start) ignores that variable');
    expect(stderr).toContain(`ELECTRON_EXEC_PATH=${join(override, name)}`);
    expect(stderr).toContain('`npm run web`');
  });
});
