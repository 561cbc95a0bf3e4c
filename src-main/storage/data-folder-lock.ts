// One writer per data folder. Every store rewrites its whole document from what it holds in memory,
// so two processes on one folder (the app and a harness, soon the command line) would erase each
// other's profiles and drafts and could both resume one journal. The first to start holds
// `byom-desk.lock`; the second is refused with who holds it and since when.
//
// A pid file, not proper-lockfile: that library judges a lock stale by its age (10 s unrefreshed),
// so a start right after a crash is refused for no reason, and a laptop that slept or a main
// thread that stalled can have its live lock taken; nor does it say which process holds it. Here a
// lock is stale exactly when its process is gone (on this computer). The file is written whole
// under another name and then linked into place, which fails if a lock is there (atomic, and
// never a half-written lock); a takeover is itself done under a second lock, so two starts that
// both find a stale lock never both take it.
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors';

export const dataFolderLockName = 'byom-desk.lock';

const holderSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  since: z.string(),
  /** What holds it: "BYOM Desk", "the web harness", "the command line". */
  holder: z.string(),
  /** Tells this lock from a later one of the same process id. */
  token: z.string(),
});
type Holder = z.infer<typeof holderSchema>;

export interface DataFolderLock {
  readonly path: string;
  /** Gives the folder up (also done when the process exits). Leaves a lock that is no longer ours alone. */
  release(): void;
}

export interface DataFolderLockOptions {
  /** Who takes it, as the refused one is told: "BYOM Desk", "the web harness". */
  holder?: string;
  pid?: number;
  host?: string;
  now?: () => Date;
  /** Whether a process of this computer still runs. */
  isAlive?: (pid: number) => boolean;
  /** Release when the process exits (the app and the harness); tests release themselves. */
  releaseOnExit?: boolean;
}

/** Whether `pid` runs on this computer (EPERM: it runs, as another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data folder for this process, or throws a `conflict` AppError naming the process that has it. */
export function lockDataFolder(dataDir: string, options: DataFolderLockOptions = {}): DataFolderLock {
  const path = join(dataDir, dataFolderLockName);
  const isAlive = options.isAlive ?? processIsAlive;
  const host = options.host ?? hostname();
  const me: Holder = {
    pid: options.pid ?? process.pid,
    host,
    since: (options.now ?? (() => new Date()))().toISOString(),
    holder: options.holder ?? 'BYOM Desk',
    token: randomUUID(),
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const isStale = (found: Holder) => found.host === host && found.pid !== me.pid && !isAlive(found.pid);
  // Each pass either takes the lock, is refused by a live holder, or takes a stale lock away; a
  // stale lock is gone after one pass, so a few passes are enough even when starts race.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (placeFile(path, me)) return held(path, me, options.releaseOnExit ?? false);
    const found = readHolder(path);
    if (found === 'gone') continue;
    if (found === 'unreadable') throw unreadableLock(path);
    if (!isStale(found)) throw inUse(dataDir, path, found, host);
    takeOver(path, found, me, isStale);
  }
  throw new AppError(
    'conflict',
    `BYOM Desk could not take its data folder ${dataDir}: other programs keep starting on it. Start one at a time.`,
  );
}

/** Writes `holder` to a file of its own, then links it to `path`: false when a lock is there. */
function placeFile(path: string, holder: Holder): boolean {
  const temporary = `${path}.${holder.token}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

function readHolder(path: string): Holder | 'gone' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const parsed = holderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Removes the stale lock `found`, under the takeover lock: only the one start holding that removes
 * it, and only while the lock is still `found` (another start may have taken it over already).
 */
function takeOver(path: string, found: Holder, me: Holder, isStale: (h: Holder) => boolean): void {
  const takeover = `${path}.takeover`;
  if (!placeFile(takeover, me)) {
    const other = readHolder(takeover);
    // A start that died in the middle of a takeover: its takeover lock is stale too.
    if (other !== 'gone' && (other === 'unreadable' || isStale(other))) removeIf(takeover, other === 'unreadable' ? null : other.token);
    return;
  }
  try {
    const now = readHolder(path);
    if (now !== 'gone' && now !== 'unreadable' && now.token === found.token) unlinkSync(path);
  } finally {
    removeIf(takeover, me.token);
  }
}

/** Removes the lock file at `path` while it is the one with this token (null: whatever it holds). */
function removeIf(path: string, token: string | null): void {
  const now = readHolder(path);
  if (now === 'gone') return;
  if (token === null || (now !== 'unreadable' && now.token === token)) unlinkSync(path);
}

function held(path: string, me: Holder, releaseOnExit: boolean): DataFolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      removeIf(path, me.token);
    } catch {
      // The folder is gone or cannot be written: the lock goes with it, or is stale once we exit.
    }
  };
  if (releaseOnExit) process.on('exit', release);
  return { path, release };
}

function inUse(dataDir: string, path: string, found: Holder, host: string): AppError {
  const where = found.host === host ? '' : ` on ${found.host}`;
  return new AppError(
    'conflict',
    `BYOM Desk is already using this data folder: process ${found.pid}${where} since ${found.since} (${found.holder}). ` +
      `Quit that one first, or start this one with another data folder (${dataDir} is in use). ` +
      `If no BYOM Desk runs${where ? ` on ${found.host}` : ''}, delete ${path} and start again.`,
    { pid: found.pid, since: found.since, host: found.host },
  );
}

function unreadableLock(path: string): AppError {
  return new AppError(
    'conflict',
    `BYOM Desk could not read the lock of its data folder (${path}). ` +
      'If no BYOM Desk runs on this folder, delete that file and start again.',
  );
}
