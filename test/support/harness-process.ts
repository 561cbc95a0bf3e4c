// Starts `tools/web-harness.ts` as its own process, the way a developer runs `npm run web`, with a
// fresh data dir and a keychain service of its own, and cleans both up afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';

export interface HarnessProcess {
  url: string;
  origin: string;
  dataDir: string;
  keychainService: string;
  output(): string;
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL), as a crash would: no quit handler runs, nothing is cleaned up. */
  kill(): Promise<void>;
}

/** Another start on the same data and keychain: the next launch of the same app. */
export interface SameInstall {
  dataDir: string;
  keychainService: string;
}

export async function startHarnessProcess(
  prepareDataDir?: (dataDir: string) => void,
  install?: SameInstall,
  /** More environment for the harness (`BYOM_DESK_HARNESS_TEST_CLOCK: '1'`: the sweep schedule on a test clock). */
  env: Record<string, string> = {},
): Promise<HarnessProcess> {
  const dataDir = install?.dataDir ?? mkdtempSync(join(tmpdir(), 'byom-e2e-data-'));
  prepareDataDir?.(dataDir);
  const keychainService = install?.keychainService ?? `BYOM Desk e2e ${randomUUID()}`;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'tools/web-harness.ts', '--data-dir', dataDir], {
    env: { ...process.env, ...env, BYOM_DESK_KEYCHAIN_SERVICE: keychainService },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the harness did not get ready:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^ready (\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the harness exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    keychainService,
    output: () => output,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      // A killed process has a signal and no exit code: it has exited all the same.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      const store = createKeyringSecretStore(keychainService);
      for (const account of await store.listAccounts().catch(() => [])) await store.delete(account);
    },
  };
}
