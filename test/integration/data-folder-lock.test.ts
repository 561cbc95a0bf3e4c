// One writer per data folder: the second start is refused and told which process has it and since
// when; a lock left by a process that is gone is taken over; starts that race for a stale lock
// never both get it; the web harness takes the lock before it touches the folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dataFolderLockName, lockDataFolder, type DataFolderLock } from '../../src-main/storage/data-folder-lock';
import { createFakeElectron } from '../support/fake-electron';

const holderScript = join(import.meta.dirname, '../support/data-folder-lock-holder.ts');
const harnessScript = join(import.meta.dirname, '../../tools/web-harness.ts');

const children: ChildProcess[] = [];
const locks: DataFolderLock[] = [];
afterEach(async () => {
  for (const lock of locks.splice(0)) lock.release();
  await Promise.all(children.splice(0).map((c) => stopped(c, 'SIGKILL')));
});

const inUse = 'BYOM Desk is already using this data folder:';
const newDataDir = () => mkdtempSync(join(tmpdir(), 'byom-lock-'));

/** Runs `node --import tsx <script> ...args`: its first line on stdout (or how it ended), and its exit. */
interface Ran {
  child: ChildProcess;
  firstLine: Promise<string>;
  exit: Promise<{ code: number | null; output: string }>;
}

function run(script: string, args: string[]): Ran {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  let stdout = '';
  const exit = new Promise<{ code: number | null; output: string }>((resolve) => child.once('exit', (code) => resolve({ code, output })));
  const firstLine = new Promise<string>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      stdout += chunk.toString();
      const lines = stdout.split('\n');
      if (lines.length > 1) resolve(lines[0]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    void exit.then(() => resolve(`exited: ${output}`));
  });
  return { child, firstLine, exit };
}

function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  return exited;
}

/** The pid of a process that has ended: a lock left by a crash. */
async function deadPid(): Promise<number> {
  const { child, exit } = run(holderScript, [newDataDir()]);
  await stopped(child, 'SIGKILL');
  await exit;
  return child.pid!;
}

function staleLock(dataDir: string, pid: number, host?: string) {
  const lock = { pid, host: host ?? hostname(), since: '2025-03-01T10:00:00.000Z', holder: 'BYOM Desk', token: 'old' };
  writeFileSync(join(dataDir, dataFolderLockName), JSON.stringify(lock));
}

describe('the data folder lock', () => {
  it('refuses a second holder in one folder with the process and the time, and is free again once released', () => {
    const dataDir = newDataDir();
    const first = lockDataFolder(dataDir, { holder: 'BYOM Desk', now: () => new Date('2025-03-01T10:00:00.000Z') });
    locks.push(first);
    expect(() => lockDataFolder(dataDir, { holder: 'the web harness' })).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message: expect.stringContaining(`${inUse} process ${process.pid} since 2025-03-01T10:00:00.000Z (BYOM Desk).`),
      }),
    );
    first.release();
    expect(existsSync(first.path)).toBe(false);
    locks.push(lockDataFolder(dataDir));
  });

  it('takes over a lock whose process is gone, and never one held on another computer', async () => {
    const dataDir = newDataDir();
    staleLock(dataDir, await deadPid());
    const taken = lockDataFolder(dataDir);
    locks.push(taken);
    taken.release();

    staleLock(dataDir, await deadPid(), 'another-laptop');
    const elsewhere = expect.objectContaining({ message: expect.stringMatching(/process \d+ on another-laptop since/) });
    expect(() => lockDataFolder(dataDir)).toThrow(elsewhere);
  });

  it('two processes on one folder: the second is refused and named the first; once the first is killed, the next takes it', async () => {
    const dataDir = newDataDir();
    const a = run(holderScript, [dataDir]);
    expect(await a.firstLine).toBe(`locked ${a.child.pid}`);

    const b = run(holderScript, [dataDir]);
    expect(await b.firstLine).toMatch(new RegExp(`^refused ${inUse} process ${a.child.pid} since \\S+ \\(a test\\)`));
    expect((await b.exit).code).toBe(3);

    await stopped(a.child, 'SIGKILL');
    const c = run(holderScript, [dataDir]);
    expect(await c.firstLine).toBe(`locked ${c.child.pid}`);
  });

  it('starts that race for a stale lock: exactly one of them gets it', async () => {
    const dataDir = newDataDir();
    staleLock(dataDir, await deadPid());
    const racers = Array.from({ length: 4 }, () => run(holderScript, [dataDir]));
    const lines = await Promise.all(racers.map((r) => r.firstLine));
    expect(lines.filter((l) => l.startsWith('locked '))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith(`refused ${inUse}`))).toHaveLength(3);
  });

  it('the web harness refuses a data folder another process uses, before it touches it', async () => {
    const dataDir = newDataDir();
    const a = run(holderScript, [dataDir]);
    expect(await a.firstLine).toBe(`locked ${a.child.pid}`);
    const harness = run(harnessScript, ['--data-dir', dataDir]);
    // It exits without a line on stdout (where it would print "ready").
    expect(await harness.firstLine).toMatch(/^exited: /);
    const ended = await harness.exit;
    expect(ended.code).toBe(2);
    expect(ended.output).toContain(`${inUse} process ${a.child.pid} since`);
    expect(existsSync(join(dataDir, 'logs'))).toBe(false);
  });

  it('the app refuses a data folder the harness uses: it says so, and quits', async () => {
    const dataDir = newDataDir();
    const a = run(holderScript, [dataDir]);
    expect(await a.firstLine).toBe(`locked ${a.child.pid}`);
    const fake = createFakeElectron();
    vi.resetModules();
    vi.doMock('electron', () => ({ ...fake.module, default: fake.module }));
    process.env.BYOM_DESK_DATA_DIR = dataDir;
    try {
      await import('../../src-main/index');
      fake.makeReady();
      await vi.waitFor(() => expect(fake.calls).toContain('exit:1'));
      expect(fake.errorBoxes).toEqual([
        { title: 'BYOM Desk could not start', content: expect.stringContaining(`${inUse} process ${a.child.pid} since`) },
      ]);
      expect(fake.windows).toEqual([]);
    } finally {
      delete process.env.BYOM_DESK_DATA_DIR;
      vi.doUnmock('electron');
    }
  });
});
