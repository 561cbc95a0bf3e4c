// Runs `byom-desk` as its own process, as a person or a scheduled job does: `node src-cli/bin.mjs`,
// with a data folder and a keychain service of the test's own (BYOM_DESK_DATA_DIR,
// BYOM_DESK_KEYCHAIN_SERVICE), stdin given or closed, stdout and stderr kept.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createKeyringSecretStore } from '../../src-main/secrets/keyring-store';
import type { FakeTenant } from '../fake-tenant/server';

const bin = join(import.meta.dirname, '../../src-cli/bin.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout as JSON Lines (with --json). */
  records: any[]; // tests read fields freely
}

export interface CliInstall {
  dataDir: string;
  keychainService: string;
  /** Runs the command to its end; `stdin` is written then closed (closed at once when absent). */
  run(args: string[], options?: { stdin?: string; env?: Record<string, string> }): Promise<CliRun>;
  /** Starts the command and leaves it running: for one that waits (a sign-in). */
  start(args: string[], options?: { env?: Record<string, string> }): RunningCli;
  /** Every file of the data folder, as text. */
  files(): { path: string; text: string }[];
}

export interface RunningCli {
  child: ChildProcess;
  /** Resolves with the first line of stdout (or stderr) that matches. */
  line(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<string>;
  exit: Promise<CliRun>;
}

/** The JSON Lines records of stdout (a line that is not one, such as an exported file's, is left out). */
function parseLines(stdout: string): any[] {
  return stdout.split('\n').flatMap((line) => {
    try {
      const value: unknown = JSON.parse(line);
      return typeof value === 'object' && value !== null && 'type' in value ? [value] : [];
    } catch {
      return [];
    }
  });
}

function launch(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; exit: Promise<CliRun>; out: (stream: 'stdout' | 'stderr') => string } {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exit = new Promise<CliRun>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr, records: parseLines(stdout) })),
  );
  return { child, exit, out: (stream) => (stream === 'stdout' ? stdout : stderr) };
}

/** A data folder and keychain service for one test file, emptied after it. */
export function cliInstall(): CliInstall {
  const dataDir = mkdtempSync(join(tmpdir(), 'byom-cli-'));
  const keychainService = `BYOM Desk cli test ${randomUUID()}`;
  const env = { BYOM_DESK_DATA_DIR: dataDir, BYOM_DESK_KEYCHAIN_SERVICE: keychainService };
  afterAll(async () => {
    const store = createKeyringSecretStore(keychainService);
    for (const account of await store.listAccounts()) await store.delete(account);
  });
  return {
    dataDir,
    keychainService,
    async run(args, options = {}) {
      const { child, exit } = launch(args, { ...env, ...options.env });
      child.stdin!.end(options.stdin ?? '');
      return exit;
    },
    start(args, options = {}) {
      const { child, exit, out } = launch(args, { ...env, ...options.env });
      const line = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout') =>
        new Promise<string>((resolve, reject) => {
          const look = () => {
            const found = out(stream)
              .split('\n')
              .find((l) => pattern.test(l));
            if (found === undefined) return false;
            child[stream]!.off('data', look);
            resolve(found);
            return true;
          };
          if (look()) return;
          child[stream]!.on('data', look);
          void exit.then((ran) => reject(new Error(`exited (${ran.code}) before printing ${pattern}:\n${ran.stdout}\n${ran.stderr}`)));
        });
      return { child, line, exit };
    },
    files() {
      return readdirSync(dataDir, { recursive: true, withFileTypes: true })
        .filter((f) => f.isFile())
        .map((f) => ({ path: join(f.parentPath, f.name), text: readFileSync(join(f.parentPath, f.name), 'utf8') }));
    },
  };
}

/** Adds a fake tenant as a profile with its API access token given on stdin, as a person would. */
export async function addTenant(
  cli: CliInstall,
  name: string,
  tenant: Pick<FakeTenant, 'baseUrl' | 'apiAccessToken'>,
  extra: string[] = [],
): Promise<string> {
  const ran = await cli.run(
    [
      '--json',
      'tenants',
      'add',
      '--name',
      name,
      '--url',
      tenant.baseUrl,
      '--environment',
      'staging',
      '--auth',
      'apiToken',
      '--from-stdin',
      ...extra,
    ],
    {
      stdin: `${tenant.apiAccessToken}\n`,
    },
  );
  if (ran.code !== 0) throw new Error(`tenants add ${name} failed (${ran.code}):\n${ran.stdout}\n${ran.stderr}`);
  return ran.records.find((r) => r.type === 'tenant-saved').tenantId as string;
}
